/**
 * The token engine: pure functions, no I/O. The credential and both nodes use only these to build
 * the login, read its answer, decide freshness and place the token, so the rules live in one place.
 */
export * from './authenticate';
export * from './config';
export * from './configGuards';
export * from './credentialOptions';
export * from './cookies';
export * from './displayUrl';
export * from './configCache';
export * from './errors';
export * from './expiredResponse';
export * from './expiry';
export * from './freshness';
export * from './headerNames';
export * from './labels';
export * from './loginFingerprint';
export * from './loginRequest';
export * from './loginResponse';
export * from './paths';
export * from './placement';
export * from './providerText';
export * from './redirectConfinement';
export * from './secrets';
export * from './tokenText';
export * from './urls';
export * from './tls';
