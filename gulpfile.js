const { parallel, src, dest, task } = require('gulp');

// tsc only emits JavaScript; n8n reads icons and codex files (Name.node.json) from beside the compiled files.
const copy = (from, to) => () => src(from).pipe(dest(to));

task(
	'build:icons',
	parallel(
		copy('nodes/**/*.{png,svg,node.json}', 'dist/nodes'),
		copy('credentials/**/*.{png,svg}', 'dist/credentials'),
	),
);
