/**
 * Minimal HS256 JSON Web Token helpers for the mock token API and its tests.
 * Only what the mock needs: sign, and decode without verifying (for the mock's own tests).
 * Not for production use: no key rotation, no algorithm negotiation.
 */
import * as crypto from 'node:crypto';

export interface JwtHeader {
	alg: string;
	typ?: string;
	[key: string]: unknown;
}

export interface JwtPayload {
	sub?: string;
	iat?: number;
	exp?: number;
	jti?: string;
	[key: string]: unknown;
}

export interface DecodedJwt {
	header: JwtHeader;
	payload: JwtPayload;
	signature: string;
}

function base64UrlJson(value: unknown): string {
	return Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
}

function hmacSha256(input: string, secret: string | Buffer): string {
	return crypto.createHmac('sha256', secret).update(input).digest('base64url');
}

/** Signs `payload` as an HS256 JWT: base64url(header).base64url(payload).base64url(signature). */
export function signJwt(payload: JwtPayload, secret: string | Buffer): string {
	const signingInput = `${base64UrlJson({ alg: 'HS256', typ: 'JWT' })}.${base64UrlJson(payload)}`;
	return `${signingInput}.${hmacSha256(signingInput, secret)}`;
}

/** Decodes a JWT without checking its signature; returns null when it is not shaped like one. */
export function decodeJwt(token: string): DecodedJwt | null {
	const parts = token.split('.');
	if (parts.length !== 3) return null;
	const [headerPart, payloadPart, signature] = parts as [string, string, string];
	try {
		const header = JSON.parse(Buffer.from(headerPart, 'base64url').toString('utf8')) as unknown;
		const payload = JSON.parse(Buffer.from(payloadPart, 'base64url').toString('utf8')) as unknown;
		if (!isObject(header) || !isObject(payload) || typeof header.alg !== 'string') return null;
		return { header: header as JwtHeader, payload: payload as JwtPayload, signature };
	} catch {
		return null;
	}
}

function isObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}
