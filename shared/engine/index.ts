/**
 * The token engine: pure functions, no I/O. The credential and both nodes use only these to build
 * the login, read its answer, decide freshness and place the token, so the rules live in one place.
 * A token's path reads in three files, in order: tokenState.ts, login.ts, placement.ts.
 */
export * from './tokenState';
export * from './login';
export * from './placement';

export * from './config';
export * from './configCache';
export * from './configFields';
export * from './configGuards';
export * from './cookies';
export * from './credentialOptions';
export * from './displayUrl';
export * from './errors';
export * from './expiredResponse';
export * from './expiry';
export * from './headerNames';
export * from './http';
export * from './labels';
export * from './paths';
export * from './providerText';
export * from './retryAfter';
export * from './secrets';
export * from './stepAnswer';
export * from './steps';
export * from './stepsConfig';
export * from './tls';
export * from './tokenText';
export * from './totp';
export * from './urls';
