/** Why node_modules under `root` (default: this repository) needs `npm ci`, or '' when it matches package-lock.json. */
export function staleReason(root?: string): string;
