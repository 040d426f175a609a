import { sha256 } from '@oslojs/crypto/sha2';
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding';

/** Lucia's session design: a random token in the cookie, only its SHA-256 in the database. */
export const SESSION_COOKIE = 'sd_session';
export const SESSION_LIFETIME_MS = 30 * 24 * 60 * 60 * 1000;
/** Sliding expiry: a session used in its last 15 days is pushed back to 30. */
export const SESSION_RENEW_WITHIN_MS = 15 * 24 * 60 * 60 * 1000;
export const sessionPolicy = { lifetimeMs: SESSION_LIFETIME_MS, renewWithinMs: SESSION_RENEW_WITHIN_MS };

export function generateSessionToken(): string {
  const bytes = new Uint8Array(20);
  crypto.getRandomValues(bytes);
  return encodeBase32LowerCaseNoPadding(bytes);
}

export function sessionIdFromToken(token: string): string {
  return encodeHexLowerCase(sha256(new TextEncoder().encode(token)));
}

export function readSessionToken(cookieHeader: string | null | undefined): string | null {
  const m = /(?:^|;\s*)sd_session=([a-z2-7]{16,64})(?:;|$)/.exec(cookieHeader ?? '');
  return m?.[1] ?? null;
}

export function sessionCookie(token: string, expiresAt: Date | string, secure: boolean): string {
  const expires = new Date(expiresAt);
  const maxAge = Math.max(0, Math.floor((expires.getTime() - Date.now()) / 1000));
  return [
    `${SESSION_COOKIE}=${token}`,
    'Path=/',
    'HttpOnly',
    'SameSite=Lax',
    `Max-Age=${maxAge}`,
    `Expires=${expires.toUTCString()}`,
    ...(secure ? ['Secure'] : []),
  ].join('; ');
}

export function clearedSessionCookie(secure: boolean): string {
  return [`${SESSION_COOKIE}=`, 'Path=/', 'HttpOnly', 'SameSite=Lax', 'Max-Age=0', ...(secure ? ['Secure'] : [])].join('; ');
}
