import { TRPCError } from '@trpc/server';
import { AppError, isAppError, type AppErrorCode } from '@stationdesk/core';
import { translator, type Language } from '@stationdesk/i18n';
import { ZodError, type core } from 'zod';

export interface IssueView {
  path: string;
  message: string;
}

/** Postgres errors the database raises as the last line of defence, in user terms. */
const pgErrors: Record<string, [AppErrorCode, string]> = {
  '23505': ['CONFLICT', 'errors.duplicate'],
  '23503': ['BAD_REQUEST', 'errors.invalidReference'],
  '23514': ['BAD_REQUEST', 'errors.invalidInput'],
  '22001': ['BAD_REQUEST', 'errors.invalidInput'],
  '22P02': ['BAD_REQUEST', 'errors.invalidInput'],
  '42501': ['FORBIDDEN', 'errors.forbidden'],
  '40001': ['CONFLICT', 'errors.concurrentEdit'],
  '40P01': ['CONFLICT', 'errors.concurrentEdit'],
  '55P03': ['CONFLICT', 'errors.concurrentEdit'],
};

/** Seconds a client is told to wait (Retry-After) when the database is out of reach. */
export const RETRY_AFTER_SECONDS = 5;

/**
 * Postgres out of reach: refused or dropped connections, a server shutting down or starting up
 * (57P01, 57P03), connection-class errors (08…), a pool that could not connect in time. The
 * request did not happen (or its transaction rolled back): the client may retry.
 */
export function isDatabaseUnavailable(e: unknown): boolean {
  const err = e as { code?: unknown; message?: unknown } | null;
  const code = typeof err?.code === 'string' ? err.code : '';
  if (['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', '57P01', '57P02', '57P03'].includes(code)) return true;
  if (/^08[0-9A-Z]{3}$/.test(code)) return true;
  const message = typeof err?.message === 'string' ? err.message : '';
  return /^Connection terminated|^timeout exceeded when trying to connect|^Client has encountered a connection error/.test(message);
}

/** Normalises anything a procedure threw into an AppError (unknowns become INTERNAL). */
export function toAppError(error: unknown): AppError {
  const cause = error instanceof TRPCError && error.cause ? error.cause : error;
  if (isAppError(cause)) return cause;
  if (cause instanceof ZodError) return new AppError('BAD_REQUEST', 'errors.invalidInput');
  // …also as a page's loader or action sees it: a 503 route error (apps/web/server/app-server.ts).
  if (isDatabaseUnavailable(cause) || (cause as { init?: { status?: unknown } } | null)?.init?.status === 503) {
    return new AppError('SERVICE_UNAVAILABLE', 'errors.serviceUnavailable', {}, { cause });
  }
  const pgCode = (cause as { code?: unknown })?.code;
  if (typeof pgCode === 'string' && pgErrors[pgCode]) {
    const [code, key] = pgErrors[pgCode];
    return new AppError(code, key, {}, { cause });
  }
  if (error instanceof TRPCError) {
    switch (error.code) {
      case 'PARSE_ERROR':
      case 'BAD_REQUEST':
        return new AppError('BAD_REQUEST', 'errors.invalidInput');
      case 'NOT_FOUND':
        return new AppError('NOT_FOUND', 'errors.procedureNotFound');
      case 'METHOD_NOT_SUPPORTED':
        return new AppError('BAD_REQUEST', 'errors.methodNotSupported');
      case 'PAYLOAD_TOO_LARGE':
        return new AppError('PAYLOAD_TOO_LARGE', 'errors.payloadTooLarge');
      case 'UNAUTHORIZED':
      case 'FORBIDDEN':
      case 'CONFLICT':
      case 'TOO_MANY_REQUESTS':
        return new AppError(error.code, `errors.${error.code}`);
      case 'SERVICE_UNAVAILABLE':
        return new AppError('SERVICE_UNAVAILABLE', 'errors.serviceUnavailable');
      default:
        return new AppError('INTERNAL_SERVER_ERROR', 'errors.internal', {}, { cause });
    }
  }
  return new AppError('INTERNAL_SERVER_ERROR', 'errors.internal', {}, { cause });
}

/** Input issues in the reader's language, path first. Custom refinements carry a locale key. */
export function translateIssues(issues: readonly core.$ZodIssue[], lang: Language): IssueView[] {
  const t = translator(lang);
  return issues.map((issue) => {
    const i = issue as core.$ZodIssue & Record<string, unknown>;
    const path = issue.path.map(String).join('.');
    let message: string;
    if (issue.code === 'custom' && issue.message?.startsWith('errors.')) {
      message = t(issue.message, (i.params as Record<string, unknown>) ?? {});
    } else if (issue.code === 'too_small' || issue.code === 'too_big') {
      const bound = issue.code === 'too_small' ? i.minimum : i.maximum;
      const origin = ['string', 'array', 'number'].includes(String(i.origin)) ? String(i.origin) : 'number';
      message = t(`errors.validation.${issue.code}.${origin}`, { limit: String(bound) });
    } else if (issue.code === 'invalid_format') {
      message = t('errors.validation.invalid_format', { format: String(i.format) });
    } else if (issue.code === 'invalid_type') {
      message = t('errors.validation.invalid_type', { expected: String(i.expected) });
    } else {
      message = t(`errors.validation.${issue.code}`, { defaultValue: t('errors.invalidInput') });
    }
    return { path, message };
  });
}
