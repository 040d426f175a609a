import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { RequestMeta } from '@stationdesk/api';

/**
 * Who sent a request and where the browser believes it is: the one answer pages, the tRPC API and
 * the file routes all use. `trustedHops` (TRUST_PROXY) is how many proxies of ours stand in front,
 * as Express's `trust proxy = n`: each proxy appends the address it received the request from to
 * X-Forwarded-For, so the client is found counting from the right, past our own proxies; entries
 * further left were written by the client and prove nothing.
 */
export function requestMeta(req: IncomingMessage, trustedHops: number): RequestMeta {
  const behindProxy = trustedHops > 0;
  const forwardedProto = behindProxy ? firstValue(req.headers['x-forwarded-proto']) : '';
  const proto = forwardedProto || ((req.socket as { encrypted?: boolean }).encrypted ? 'https' : 'http');
  const host = (behindProxy && firstValue(req.headers['x-forwarded-host'])) || req.headers.host || 'localhost';
  return {
    ip: clientAddress(req.socket.remoteAddress ?? null, req.headers['x-forwarded-for'], trustedHops),
    origin: `${proto}://${host}`,
    requestId: firstValue(req.headers['x-request-id']) || randomUUID(),
  };
}

function clientAddress(socketAddress: string | null, forwardedFor: string | string[] | undefined, trustedHops: number): string | null {
  // Nearest first: the socket's peer, then X-Forwarded-For from right to left.
  const hops = [socketAddress, ...String(forwardedFor ?? '').split(',').map((a) => a.trim()).filter(Boolean).reverse()];
  return hops[Math.min(trustedHops, hops.length - 1)] ?? null;
}

/** Proto and host as the outermost proxy received them (the first entry), as Express reads them. */
function firstValue(header: string | string[] | undefined): string {
  return String(header ?? '').split(',')[0]!.trim();
}
