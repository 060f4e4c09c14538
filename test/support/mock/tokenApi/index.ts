/** The mock token API (server.ts) and the options that shape it (options.ts). */
export type {
	LoginMisbehaviour,
	MockTokenApiOptions,
	ResolvedMockTokenApiOptions,
} from './options';
export type { MockRequestRecord } from './request';
export { startMockTokenApi, type MockCounters, type MockTokenApi } from './server';
export { setPath } from './tokens';
