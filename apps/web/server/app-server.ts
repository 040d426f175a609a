import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createRequestListener } from '@mjackson/node-fetch-server';
import { createRequestHandler, data, type ServerBuild } from 'react-router';
import sirv from 'sirv';
import { isForeignOrigin } from '@stationdesk/auth';
import { createCaller, createContext, createTrpcHandler, RETRY_AFTER_SECONDS, toAppError, type ApiDeps, type RequestMeta } from '@stationdesk/api';
import { checkReadiness } from './health.ts';
import { requestMeta } from './request-meta.ts';
import { apiPolicy, newCspNonce, pagePolicy, setSecurityHeaders } from './security-headers.ts';
import { createMetricsHandler } from './metrics.ts';
import { contentDisposition, createFileRoutes } from './files.ts';
import { createIntakeRoute } from './intake.ts';
import { enterpriseImportTemplate } from '@stationdesk/services';
import { resolveLanguage, type Language } from '@stationdesk/i18n';

export interface AppServerOptions {
  deps: ApiDeps;
  /** TRUST_PROXY: how many proxies of ours stand in front (0: clients connect directly). */
  trustProxy: number;
  /** Production: the built server bundle and its client assets. Absent: API only (tests). */
  build?: { server: () => Promise<ServerBuild>; clientDir: string; mode: string };
  /** Development: Vite's connect middlewares (HMR, on-demand transforms) before React Router. */
  devMiddleware?: (req: IncomingMessage, res: ServerResponse, next: () => void) => void;
  /** METRICS_TOKEN: bearer token /metrics requires; without it /metrics answers loopback only. */
  metricsToken?: string | undefined;
  /** Intake calls per minute and token (POST /api/intake/findings); default 1,000. */
  intakeRatePerMinute?: number;
}

function sendJson(res: ServerResponse, status: number, body: unknown) {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(text);
}

const templates = new Map<Language, Promise<Buffer>>();

/** The import template holds no data: anyone may download it, in their language. */
async function sendImportTemplate(req: IncomingMessage, res: ServerResponse) {
  const lang = resolveLanguage(req.headers.cookie, req.headers['accept-language']);
  let file = templates.get(lang);
  if (!file) templates.set(lang, (file = enterpriseImportTemplate(lang)));
  const body = await file;
  res.writeHead(200, {
    'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    'content-length': body.length,
    'content-disposition': contentDisposition('attachment', lang === 'en' ? 'enterprise-import-template.xlsx' : '企业档案导入模板.xlsx'),
    'cache-control': 'public, max-age=3600',
  });
  res.end(body);
}

/**
 * The pages' procedures, with Postgres out of reach thrown as a 503 route error: the page says the
 * service is briefly unavailable (root ErrorBoundary, or the form's message) instead of failing.
 */
function unavailableAs503<T extends object>(caller: T): T {
  const wrap = (target: object): object =>
    new Proxy(target, {
      get: (t, prop) => wrap((t as Record<PropertyKey, object>)[prop]!),
      apply: (t, self, args) =>
        (Reflect.apply(t as (...a: unknown[]) => Promise<unknown>, self, args) as Promise<unknown>).catch((e: unknown) => {
          if (toAppError(e).code === 'SERVICE_UNAVAILABLE') throw data({ messageKey: 'errors.serviceUnavailable' }, { status: 503 });
          throw e;
        }),
    });
  return wrap(caller) as T;
}

/**
 * One node:http server: /api/trpc straight to tRPC (no framework in the hot path), health probes,
 * static assets, then React Router for every page. Each page request gets a tRPC caller bound to
 * its cookies in the load context, so loaders and actions use the same procedures as the API.
 */
export function createAppServer(opts: AppServerOptions): Server {
  const { deps, trustProxy } = opts;
  const trpc = createTrpcHandler(deps);
  const metrics = createMetricsHandler(deps, { token: opts.metricsToken });
  const files = createFileRoutes({ db: deps.db, storage: deps.storage, logger: deps.logger, allowedOrigins: deps.allowedOrigins });
  const intake = createIntakeRoute({ db: deps.db, queue: deps.queue, logger: deps.logger, ...(opts.intakeRatePerMinute ? { ratePerMinute: opts.intakeRatePerMinute } : {}) });
  const assets = opts.build
    ? sirv(opts.build.clientDir, {
        etag: true,
        setHeaders: (res, pathname) => {
          if (pathname.startsWith('/assets/')) res.setHeader('cache-control', 'public, max-age=31536000, immutable');
        },
      })
    : null;

  let pages: ((req: IncomingMessage, res: ServerResponse, meta: RequestMeta) => void) | null = null;
  if (opts.build) {
    const build = opts.build;
    let handler: ReturnType<typeof createRequestHandler> | null = null;
    const page = async (request: Request, meta: RequestMeta) => {
      handler ??= createRequestHandler(build.server, build.mode);
      if (!['GET', 'HEAD'].includes(request.method) && isForeignOrigin(request.headers, meta.origin, deps.allowedOrigins)) {
        return new Response('Forbidden: foreign origin', { status: 403 });
      }
      const resHeaders = new Headers();
      const ctx = createContext(deps, { headers: request.headers, resHeaders, ...meta });
      // Failures the page turns into a sentence would otherwise leave no trace: log the unexpected ones.
      const trpc = unavailableAs503(
        createCaller(ctx, {
          onError: ({ error, path }) => {
            if (error.code === 'INTERNAL_SERVER_ERROR') deps.logger.error({ reqId: ctx.requestId, path, err: error.cause ?? error }, 'page procedure failed');
          },
        }),
      );
      const cspNonce = newCspNonce();
      const response = await handler(request, { trpc, lang: ctx.lang, resHeaders, cspNonce });
      if (response.status === 503) response.headers.set('retry-after', String(RETRY_AFTER_SECONDS));
      // Cookies a procedure set (sign-in, sliding renewal) ride on whatever the page returned.
      for (const cookie of resHeaders.getSetCookie()) response.headers.append('set-cookie', cookie);
      response.headers.set('content-security-policy', pagePolicy(cspNonce, build.mode === 'development'));
      return response;
    };
    // The page sees the URL the browser asked for (behind a proxy: its scheme and host).
    pages = (req, res, meta) => {
      const { protocol, host } = new URL(meta.origin);
      void createRequestListener((request) => page(request, meta), { protocol, host })(req, res);
    };
  }

  return createServer((req, res) => {
    const url = req.url ?? '/';
    const path = url.split('?')[0]!;
    const meta = requestMeta(req, trustProxy);
    setSecurityHeaders(res, meta.origin.startsWith('https:'));
    if (path.startsWith('/api/trpc/')) {
      res.setHeader('content-security-policy', apiPolicy);
      void trpc(req, res, path.slice('/api/trpc/'.length), meta);
      return;
    }
    if (path === '/api/intake/findings') {
      res.setHeader('content-security-policy', apiPolicy);
      return intake(req, res, meta);
    }
    if (path === '/api/templates/enterprise-import.xlsx') {
      void sendImportTemplate(req, res);
      return;
    }
    if (path.startsWith('/api/') && files(req, res, path, meta)) return;
    if (path === '/healthz') return sendJson(res, 200, { status: 'ok' });
    if (path === '/metrics') return metrics(req, res);
    if (path === '/readyz') {
      void checkReadiness(deps).then((r) => sendJson(res, r.ok ? 200 : 503, r.body));
      return;
    }
    const toPages = () => {
      if (pages) return pages(req, res, meta);
      sendJson(res, 404, { error: 'not found' });
    };
    const afterDev = () => (assets ? assets(req, res, toPages) : toPages());
    if (opts.devMiddleware) return opts.devMiddleware(req, res, afterDev);
    afterDev();
  });
}
