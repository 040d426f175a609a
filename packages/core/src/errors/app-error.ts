/**
 * The one error type the domain throws. `code` picks the HTTP/tRPC status; `messageKey` is a
 * key in the locale files (`errors.*`) so the transport can translate it for the user.
 */
export const appErrorCodes = [
  'BAD_REQUEST',
  'UNAUTHORIZED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'PRECONDITION_FAILED',
  'PAYLOAD_TOO_LARGE',
  'TOO_MANY_REQUESTS',
  'INTERNAL_SERVER_ERROR',
  /** Postgres is briefly out of reach (restarting, failing over): try again in a moment. */
  'SERVICE_UNAVAILABLE',
] as const;
export type AppErrorCode = (typeof appErrorCodes)[number];

export type MessageParams = Record<string, string | number>;

export class AppError extends Error {
  readonly code: AppErrorCode;
  readonly messageKey: string;
  readonly params: MessageParams;

  constructor(code: AppErrorCode, messageKey: string, params: MessageParams = {}, options?: { cause?: unknown }) {
    super(`${code}: ${messageKey}`, options);
    this.name = 'AppError';
    this.code = code;
    this.messageKey = messageKey;
    this.params = params;
  }
}

/** By shape as well as class: the web bundle carries its own copy of this module. */
export const isAppError = (e: unknown): e is AppError =>
  e instanceof AppError ||
  (e instanceof Error && e.name === 'AppError' && typeof (e as AppError).messageKey === 'string' && typeof (e as AppError).code === 'string');

export const badRequest = (key: string, params?: MessageParams) => new AppError('BAD_REQUEST', key, params);
export const notFound = (key = 'errors.notFound', params?: MessageParams) => new AppError('NOT_FOUND', key, params);
export const forbidden = (key = 'errors.forbidden', params?: MessageParams) => new AppError('FORBIDDEN', key, params);
export const conflict = (key: string, params?: MessageParams) => new AppError('CONFLICT', key, params);
