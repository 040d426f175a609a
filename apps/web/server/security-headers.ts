import { randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';

/**
 * Headers on every response: no MIME sniffing, no framing by anyone (clickjacking), no page address
 * leaking to other sites, and over https (directly or through a trusted proxy) HSTS so a browser
 * never falls back to plain http. Not includeSubDomains: other hosts of the operator's domain are theirs.
 */
export function setSecurityHeaders(res: ServerResponse, https: boolean): void {
  res.setHeader('x-content-type-options', 'nosniff');
  res.setHeader('x-frame-options', 'DENY');
  res.setHeader('referrer-policy', 'same-origin');
  if (https) res.setHeader('strict-transport-security', 'max-age=31536000');
}

/** JSON answers are never a document: nothing may load or frame them. */
export const apiPolicy = "default-src 'none'; frame-ancestors 'none'";

export const newCspNonce = () => randomBytes(16).toString('base64');

/**
 * A page's Content-Security-Policy: scripts only from our origin or inline with this response's
 * nonce (React Router's hydration scripts carry it). Inline styles stay allowed: React style props
 * and the server-drawn SVG charts use them, and a style cannot run code. Development adds Vite's
 * HMR websocket.
 */
export function pagePolicy(nonce: string, dev: boolean): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}'`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    `connect-src 'self'${dev ? ' ws:' : ''}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}
