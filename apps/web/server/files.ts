import type { IncomingMessage, ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import type { Logger } from 'pino';
import { RETRY_AFTER_SECONDS, toAppError } from '@stationdesk/api';
import { isForeignOrigin, readSessionToken, sessionCookie, sessionIdFromToken, sessionPolicy } from '@stationdesk/auth';
import { AppError, badRequest, forbidden, type AppErrorCode } from '@stationdesk/core';
import { isUuid, withRequest, type Db } from '@stationdesk/db';
import { resolveLanguage, translator, type Language } from '@stationdesk/i18n';
import { actorFromScope, type TenantContext } from '@stationdesk/services';
import { fileTooLarge, openFile, openTenantExport, requireUploadAllowed, uploadFile } from '@stationdesk/services';
import { filePolicies, isFilePurpose, type FileStorage } from '@stationdesk/storage';

export interface FileRoutesDeps {
  db: Db;
  storage: FileStorage;
  logger: Logger;
  /** Origins besides the request's own that may upload (PUBLIC_URL, dev server). */
  allowedOrigins: readonly string[];
}

export interface FileRequestMeta {
  ip: string | null;
  /** scheme://host of the request, as the browser sees it. */
  origin: string;
  requestId: string;
}

const httpStatus = {
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PRECONDITION_FAILED: 412,
  PAYLOAD_TOO_LARGE: 413,
  TOO_MANY_REQUESTS: 429,
  INTERNAL_SERVER_ERROR: 500,
  SERVICE_UNAVAILABLE: 503,
} as const satisfies Record<AppErrorCode, number>;

const CLIENT_GONE = new Set(['ECONNRESET', 'ERR_STREAM_PREMATURE_CLOSE']);

/** Shown in the browser when asked to (?inline=1); anything else is always a download. */
const INLINE_TYPES = new Set(['application/pdf', 'image/jpeg', 'image/png', 'image/webp']);

/** RFC 6266: an ASCII fallback for old clients, the exact UTF-8 name in filename*. */
export function contentDisposition(kind: 'inline' | 'attachment', name: string): string {
  const fallback = name.replace(/[^\x20-\x7E]|["\\%]/g, '_');
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${kind}; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

function header(req: IncomingMessage, name: string): string | null {
  const v = req.headers[name];
  return Array.isArray(v) ? (v[0] ?? null) : (v ?? null);
}

/** The body, refused with 413 as soon as it grows past `limit` — never buffered beyond it. */
function readBody(req: IncomingMessage, limit: number, tooLarge: () => AppError): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.off('data', onData);
        reject(tooLarge());
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.on('end', () => resolve(Buffer.concat(chunks, size)));
    req.on('error', reject);
  });
}

/**
 * POST /api/files?purpose=…&enterpriseId=… (the raw file as the body, its name URI-encoded in
 * x-file-name) and GET /api/files/:id. Plain node:http rather than tRPC: bodies are bytes, not
 * JSON, and downloads stream. Authentication, tenancy and permissions are the same as the API's:
 * the session cookie opens a request transaction and the use cases in packages/services decide.
 */
export function createFileRoutes(deps: FileRoutesDeps) {
  /** Runs `fn` as the session's tenant actor, like tenantProcedure; sets the renewed cookie. */
  async function asTenantActor<T>(
    req: IncomingMessage,
    res: ServerResponse,
    meta: FileRequestMeta,
    fn: (ctx: TenantContext) => Promise<T>,
  ): Promise<T> {
    const token = readSessionToken(header(req, 'cookie'));
    if (!token) throw new AppError('UNAUTHORIZED', 'errors.UNAUTHORIZED');
    const outcome = await withRequest(deps.db, sessionIdFromToken(token), sessionPolicy, async (trx, scope) => {
      // Commit rather than throw: opening the request may have removed an expired session.
      if (!scope) return null;
      if (scope.sessionRenewed) res.setHeader('set-cookie', sessionCookie(token, scope.sessionExpiresAt, meta.origin.startsWith('https:')));
      const actor = actorFromScope(scope, meta.ip);
      if (!actor || !scope.tenantId) throw forbidden('errors.noActiveTenant');
      return { value: await fn({ trx, actor, tenantId: scope.tenantId, timezone: scope.timezone }) };
    });
    if (!outcome) throw new AppError('UNAUTHORIZED', 'errors.signInRequired');
    return outcome.value;
  }

  async function upload(req: IncomingMessage, res: ServerResponse, meta: FileRequestMeta, query: URLSearchParams) {
    const purpose = query.get('purpose');
    if (!isFilePurpose(purpose) || purpose === 'export') throw badRequest('errors.file.purposeInvalid');
    const enterpriseId = query.get('enterpriseId') || undefined;
    if (enterpriseId !== undefined && !isUuid(enterpriseId)) throw badRequest('errors.invalidInput');
    if (isForeignOrigin({ get: (name) => header(req, name) }, meta.origin, deps.allowedOrigins)) throw forbidden('errors.foreignOrigin');
    let fileName: string;
    try {
      fileName = decodeURIComponent(header(req, 'x-file-name') ?? '');
    } catch {
      throw badRequest('errors.invalidInput');
    }
    if (!fileName.trim()) throw badRequest('errors.file.nameMissing');
    const { maxBytes } = filePolicies[purpose];
    if (Number(header(req, 'content-length') ?? 0) > maxBytes) throw fileTooLarge(purpose);
    // Refuse a caller who may not upload here before accepting megabytes from them.
    await asTenantActor(req, res, meta, (ctx) => requireUploadAllowed(ctx, purpose, enterpriseId));
    const data = await readBody(req, maxBytes, () => fileTooLarge(purpose));
    const stored = await asTenantActor(req, res, meta, (ctx) =>
      uploadFile(ctx, deps, { purpose, fileName, data, ...(enterpriseId ? { enterpriseId } : {}) }),
    );
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
    res.end(JSON.stringify(stored));
  }

  async function download(req: IncomingMessage, res: ServerResponse, meta: FileRequestMeta, id: string, query: URLSearchParams) {
    // The stream is opened inside the request transaction but read after it has committed.
    const file = await asTenantActor(req, res, meta, (ctx) => openFile(ctx, deps, id));
    const kind = query.get('inline') === '1' && INLINE_TYPES.has(file.contentType) ? 'inline' : 'attachment';
    res.writeHead(200, {
      'content-type': file.contentType,
      'content-length': String(file.size),
      'content-disposition': contentDisposition(kind, file.name),
      'x-content-type-options': 'nosniff',
      'cache-control': 'private, no-store',
    });
    await pipeline(file.stream, res);
  }

  /** GET /api/tenant-exports/:id?token=…: a tenant export's short-lived link; a manager of the tenant only. */
  async function downloadTenantExport(req: IncomingMessage, res: ServerResponse, meta: FileRequestMeta, id: string, query: URLSearchParams) {
    const file = await asTenantActor(req, res, meta, (ctx) => openTenantExport(ctx, deps, { id, token: query.get('token') ?? '' }));
    res.writeHead(200, {
      'content-type': 'application/zip',
      'content-length': String(file.size),
      'content-disposition': contentDisposition('attachment', file.name),
      'x-content-type-options': 'nosniff',
      'cache-control': 'private, no-store',
    });
    await pipeline(file.stream, res);
  }

  function fail(req: IncomingMessage, res: ServerResponse, meta: FileRequestMeta, lang: Language, error: unknown) {
    // A client that went away mid-transfer is not a failure of ours.
    if (CLIENT_GONE.has((error as NodeJS.ErrnoException)?.code ?? '')) return void res.destroy();
    const appError = toAppError(error);
    if (appError.code === 'INTERNAL_SERVER_ERROR') {
      deps.logger.error({ reqId: meta.requestId, path: req.url, err: appError.cause ?? error }, 'file request failed');
    }
    if (res.headersSent) return void res.destroy();
    if (appError.code === 'SERVICE_UNAVAILABLE') res.setHeader('retry-after', String(RETRY_AFTER_SECONDS));
    reply(res, httpStatus[appError.code], appError.code, translator(lang)(appError.messageKey, appError.params), req);
  }

  return (req: IncomingMessage, res: ServerResponse, path: string, meta: FileRequestMeta): boolean => {
    const route = path === '/api/files' ? 'upload' : /^\/api\/files\/[^/]+$/.test(path) ? 'download' : /^\/api\/tenant-exports\/[^/]+$/.test(path) ? 'tenantExport' : null;
    if (!route) return false;
    const lang = resolveLanguage(header(req, 'cookie'), header(req, 'accept-language'));
    const method = route === 'upload' ? 'POST' : 'GET';
    if (req.method !== method) {
      res.setHeader('allow', method);
      reply(res, 405, 'METHOD_NOT_SUPPORTED', translator(lang)('errors.methodNotSupported'), req);
      return true;
    }
    const query = new URLSearchParams((req.url ?? '').split('?')[1] ?? '');
    const handled =
      route === 'upload'
        ? upload(req, res, meta, query)
        : route === 'tenantExport'
          ? downloadTenantExport(req, res, meta, path.slice('/api/tenant-exports/'.length), query)
          : download(req, res, meta, path.slice('/api/files/'.length), query);
    handled.catch((e: unknown) => fail(req, res, meta, lang, e));
    return true;
  };
}

/** A JSON error; see discardRest for a reply sent before the whole body arrived. */
function reply(res: ServerResponse, status: number, code: string, message: string, req: IncomingMessage) {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify({ error: { code, message } }));
  if (!req.complete) discardRest(req);
}

// What a client may still have in flight when refused: as much as the largest upload allowed.
const MAX_DISCARD_BYTES = Math.max(...Object.values(filePolicies).map((p) => p.maxBytes));

/**
 * After an early answer, read and drop what is still arriving: closing a socket with unread data
 * resets the connection, and the client would lose the answer. Clients stop sending once they
 * see it; one that keeps pushing past MAX_DISCARD_BYTES is cut off.
 */
function discardRest(req: IncomingMessage) {
  let discarded = 0;
  req.on('data', (chunk: Buffer) => {
    discarded += chunk.length;
    if (discarded > MAX_DISCARD_BYTES) req.socket.destroy();
  });
  req.resume();
}
