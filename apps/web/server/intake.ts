import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { RETRY_AFTER_SECONDS, toAppError, type RequestMeta } from '@stationdesk/api';
import { AppError, badRequest, type AppErrorCode } from '@stationdesk/core';
import type { Db } from '@stationdesk/db';
import { resolveLanguage, translator } from '@stationdesk/i18n';
import type { QueueProducer } from '@stationdesk/jobs';
import { DEFAULT_INTAKE_RATE_PER_MINUTE, INTAKE_MAX_BODY_BYTES, openIntakeCall, receiveIntakeFinding } from '@stationdesk/services';

export interface IntakeRouteDeps {
  db: Db;
  queue: QueueProducer | null;
  logger: Logger;
  /** Calls per minute and token (default DEFAULT_INTAKE_RATE_PER_MINUTE). */
  ratePerMinute?: number;
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

/** What a refused client may still have in flight: a sender that keeps pushing past this is cut off. */
const MAX_DISCARD_BYTES = 8 * 1024 * 1024;

const tooLarge = () => new AppError('PAYLOAD_TOO_LARGE', 'errors.intake.bodyTooLarge', { max: INTAKE_MAX_BODY_BYTES / 1024 });

/** The body, refused as soon as it grows past the limit — never buffered beyond it. */
function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > INTAKE_MAX_BODY_BYTES) {
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

function send(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

/**
 * POST /api/intake/findings (issue 19): external systems (一网统管 feeds, sensors) report patrol
 * findings with `Authorization: Bearer <token>` and a JSON body. In order, each refusal writing
 * nothing: a declared body over 64 KB (413, before anything else), a missing, unknown or revoked
 * token (401), over the token's calls per minute (429 with Retry-After), a body that grows past
 * 64 KB (413), not JSON (400), not a valid report (400), a building of no tenant of the token's
 * (404). 201 with the finding's number; the sender's id reported again answers 200 with the first
 * finding's number. The use cases in packages/services decide; this only speaks HTTP.
 */
export function createIntakeRoute(deps: IntakeRouteDeps) {
  const limit = deps.ratePerMinute ?? DEFAULT_INTAKE_RATE_PER_MINUTE;

  async function handle(req: IncomingMessage, res: ServerResponse, meta: RequestMeta) {
    if (Number(req.headers['content-length'] ?? 0) > INTAKE_MAX_BODY_BYTES) throw tooLarge();
    const scope = await openIntakeCall(deps.db, req.headers.authorization, limit);
    const raw = await readBody(req);
    let body: unknown;
    try {
      body = JSON.parse(raw.toString('utf8'));
    } catch {
      throw badRequest('errors.intake.badJson');
    }
    const out = await receiveIntakeFinding(
      { db: deps.db, queue: deps.queue, ip: meta.ip, onAfterCommitError: (err) => deps.logger.warn({ reqId: meta.requestId, err }, 'intake: could not enqueue reminders') },
      scope,
      body,
    );
    send(res, out.duplicate ? 200 : 201, out);
  }

  function fail(req: IncomingMessage, res: ServerResponse, meta: RequestMeta, error: unknown) {
    const appError = toAppError(error);
    if (appError.code === 'INTERNAL_SERVER_ERROR') deps.logger.error({ reqId: meta.requestId, path: req.url, err: appError.cause ?? error }, 'intake request failed');
    if (res.headersSent) return void res.destroy();
    if (appError.code === 'SERVICE_UNAVAILABLE') res.setHeader('retry-after', String(RETRY_AFTER_SECONDS));
    if (appError.code === 'TOO_MANY_REQUESTS') res.setHeader('retry-after', String(appError.params.seconds ?? 60));
    const lang = resolveLanguage(req.headers.cookie, req.headers['accept-language']);
    send(res, httpStatus[appError.code], { error: { code: appError.code, message: translator(lang)(appError.messageKey, appError.params) } });
    // Read and drop what is still arriving (up to the limit), so the client gets the answer instead of a reset.
    if (!req.complete) {
      let discarded = 0;
      req.on('data', (chunk: Buffer) => {
        discarded += chunk.length;
        if (discarded > MAX_DISCARD_BYTES) req.socket.destroy();
      });
      req.resume();
    }
  }

  return (req: IncomingMessage, res: ServerResponse, meta: RequestMeta): void => {
    if (req.method !== 'POST') {
      res.setHeader('allow', 'POST');
      const lang = resolveLanguage(req.headers.cookie, req.headers['accept-language']);
      send(res, 405, { error: { code: 'METHOD_NOT_SUPPORTED', message: translator(lang)('errors.methodNotSupported') } });
      req.resume();
      return;
    }
    handle(req, res, meta).catch((e: unknown) => fail(req, res, meta, e));
  };
}
