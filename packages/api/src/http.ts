import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  callProcedure,
  getErrorShape,
  getHTTPStatusCode,
  getTRPCErrorFromUnknown,
  TRPCError,
} from '@trpc/server/unstable-core-do-not-import';
import { AppError } from '@stationdesk/core';
import { appRouter } from './root.ts';
import { createContext, type ApiDeps, type Context } from './context.ts';
import { RETRY_AFTER_SECONDS } from './errors.ts';

export interface RequestMeta {
  ip: string | null;
  origin: string;
  requestId: string;
}

/** Calls one batched request may carry: a client batches what one screen needs, not thousands. */
export const MAX_BATCH_CALLS = 20;

type Envelope = { result: { data: unknown } } | { error: ReturnType<typeof getErrorShape> };

const procedures = appRouter._def.procedures as unknown as Record<string, { _def: { type: string } }>;

function readBody(req: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        // Stop keeping it, but let the rest drain so the 413 reaches the client.
        req.removeAllListeners('data');
        req.resume();
        reject(new TRPCError({ code: 'PAYLOAD_TOO_LARGE' }));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function parseJson(text: string | null): unknown {
  if (text === null || text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch (cause) {
    throw new TRPCError({ code: 'PARSE_ERROR', cause });
  }
}

/**
 * tRPC's HTTP protocol (plain JSON, no transformer; single and batched calls, GET for queries,
 * POST for mutations), served straight from node:http. tRPC's own node adapter converts every
 * request to a fetch Request and back, which measured here capped the API near 2,600 requests/s
 * with no work at all (ADR 006). Procedures, middleware and error formatting are tRPC's own.
 */
export function createTrpcHandler(deps: ApiDeps, opts: { maxBodySize?: number } = {}) {
  const limit = opts.maxBodySize ?? 1024 * 1024;
  return async (req: IncomingMessage, res: ServerResponse, path: string, meta: RequestMeta) => {
    const query = new URLSearchParams((req.url ?? '').split('?')[1] ?? '');
    const batch = query.get('batch') === '1';
    const paths = batch ? path.split(',') : [path];
    const resHeaders = new Headers();
    const ctx: Context = createContext(deps, {
      headers: toHeaders(req),
      resHeaders,
      ip: meta.ip,
      origin: meta.origin,
      requestId: meta.requestId,
    });
    const type = req.method === 'GET' ? 'query' : req.method === 'POST' ? 'mutation' : null;

    const fail = (error: TRPCError, p: string | undefined, input?: unknown): Envelope => ({
      error: getErrorShape({ config: appRouter._def._config, error, type: type ?? 'unknown', path: p, input, ctx }),
    });

    let envelopes: Envelope[];
    try {
      if (!type) throw new TRPCError({ code: 'METHOD_NOT_SUPPORTED' });
      if (paths.length > MAX_BATCH_CALLS) {
        throw new TRPCError({ code: 'BAD_REQUEST', cause: new AppError('BAD_REQUEST', 'errors.batchTooLarge', { max: MAX_BATCH_CALLS }) });
      }
      const raw = type === 'query' ? parseJson(query.get('input')) : parseJson(await readBody(req, limit));
      const inputs = batch ? paths.map((_, i) => (raw as Record<string, unknown> | undefined)?.[i]) : [raw];
      // Batched calls run one after another: each opens its own transaction.
      envelopes = [];
      for (const [i, p] of paths.entries()) {
        const input = inputs[i];
        try {
          const proc = procedures[p];
          if (!proc) throw new TRPCError({ code: 'NOT_FOUND', message: `No procedure on path "${p}"` });
          if (proc._def.type !== type) {
            throw new TRPCError({ code: 'METHOD_NOT_SUPPORTED', message: `${p} is a ${proc._def.type}` });
          }
          const data = await callProcedure({
            router: appRouter,
            path: p,
            getRawInput: async () => input,
            ctx,
            type,
            signal: undefined,
            batchIndex: i,
          } as Parameters<typeof callProcedure>[0]);
          envelopes.push({ result: { data } });
        } catch (e) {
          envelopes.push(fail(getTRPCErrorFromUnknown(e), p, input));
        }
      }
    } catch (e) {
      const error = fail(getTRPCErrorFromUnknown(e), batch ? undefined : path);
      envelopes = paths.map(() => error);
    }

    const body = batch ? envelopes : envelopes[0]!;
    const headers: Record<string, string | string[]> = { 'content-type': 'application/json', 'cache-control': 'no-store' };
    const cookies = resHeaders.getSetCookie();
    if (cookies.length) headers['set-cookie'] = cookies;
    const status = getHTTPStatusCode(body as never);
    if (status === 503) headers['retry-after'] = String(RETRY_AFTER_SECONDS);
    res.writeHead(status, headers);
    res.end(batch ? `[${envelopes.map(envelopeJson).join(',')}]` : envelopeJson(envelopes[0]!));
  };
}

const serialized = new WeakMap<object, string>();

/**
 * The response text. A frozen answer is the same object each time it is served (read cache, checked
 * once: outputOnce), so its JSON is made once too.
 */
function envelopeJson(e: Envelope): string {
  if (!('result' in e)) return JSON.stringify(e);
  const { data } = e.result;
  if (typeof data !== 'object' || data === null || !Object.isFrozen(data)) return JSON.stringify(e);
  let json = serialized.get(data);
  if (json === undefined) serialized.set(data, (json = JSON.stringify(data)));
  return `{"result":{"data":${json}}}`;
}

function toHeaders(req: IncomingMessage): Headers {
  const h = new Headers();
  for (const [k, v] of Object.entries(req.headers)) {
    if (Array.isArray(v)) for (const x of v) h.append(k, x);
    else if (v !== undefined) h.set(k, v);
  }
  return h;
}
