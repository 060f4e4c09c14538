/**
 * Real token servers, written by nobody here, for the end-to-end tests: each pinned release is
 * installed once by dev/install-real-servers.sh into <cache root>/real-servers/<name>-<version>/
 * (the cache root of the n8n installs), then started on a free 127.0.0.1 port with its data in a
 * temporary folder that close() removes. Importing this has no side effects; each module holds one job:
 *   install.ts         locate or install a server (ensureRealServer) and its pinned version
 *   directus.ts        Directus 12 on SQLite (startDirectus), with TOTP helpers
 *   jsonServerAuth.ts  json-server-auth on json-server 0.17 (startJsonServerAuth)
 *   parseServer.ts     Parse Server 9 on a private PostgreSQL (startParseServer)
 *   countingFront.ts   a transparent proxy that records each request (startCountingFront)
 *   client.ts          a small HTTP client (request, expectStatus)
 *   totp.ts            RFC 6238 codes (totp)
 *   serverProcess.ts   temporary folders, minimal environments, started children
 * realServers.smoke.ts checks all of it against the real servers (see its header for how to run it).
 */
export { expectStatus, request, type HttpResponse, type RequestOptions } from './client';
export {
	isTokenHeader,
	pathWithoutQueryValues,
	startCountingFront,
	type CountingFront,
	type FrontRequest,
} from './countingFront';
export {
	startDirectus,
	type DirectusLogin,
	type DirectusOptions,
	type DirectusServer,
	type DirectusUser,
} from './directus';
export {
	ensureRealServer,
	isRealServerInstalled,
	pinnedVersion,
	realServerDir,
	realServersCacheRoot,
	REAL_SERVER_NAMES,
	type RealServerInstall,
	type RealServerName,
} from './install';
export {
	JSON_SERVER_AUTH_SECRET,
	startJsonServerAuth,
	type JsonServerAuthOptions,
	type JsonServerAuthServer,
	type JsonServerAuthUser,
} from './jsonServerAuth';
export {
	startParseServer,
	type ParseServerInstance,
	type ParseServerOptions,
	type ParseUser,
} from './parseServer';
export { msLeftInStep, totp } from './totp';
