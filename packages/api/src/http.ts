import type { IncomingMessage, ServerResponse } from 'node:http';
import { nodeHTTPRequestHandler } from '@trpc/server/adapters/node-http';
import { appRouter } from './root.ts';
import { createContext, type ApiDeps, type Context } from './context.ts';

export interface RequestMeta {
  ip: string | null;
  origin: string;
  requestId: string;
}

/** Serves /api/trpc/* straight from node:http (no framework between the socket and tRPC). */
export function createTrpcHandler(deps: ApiDeps, opts: { maxBodySize?: number } = {}) {
  return (req: IncomingMessage, res: ServerResponse, path: string, meta: RequestMeta) =>
    nodeHTTPRequestHandler({
      router: appRouter,
      req,
      res,
      path,
      maxBodySize: opts.maxBodySize ?? 1024 * 1024,
      createContext: ({ info }: { info: unknown }): Context => {
        void info;
        return createContext(deps, {
          headers: toHeaders(req),
          resHeaders: new Headers(),
          ip: meta.ip,
          origin: meta.origin,
          requestId: meta.requestId,
        });
      },
      responseMeta: ({ ctx }: { ctx?: Context }) => ({ headers: ctx?.resHeaders ?? new Headers() }),
    } as Parameters<typeof nodeHTTPRequestHandler>[0]);
}

function toHeaders(req: IncomingMessage): Headers {
  const h = new Headers();
  for (const [k, v] of Object.entries(req.headers)) {
    if (Array.isArray(v)) for (const x of v) h.append(k, x);
    else if (v !== undefined) h.set(k, v);
  }
  return h;
}
