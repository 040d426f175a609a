import { TRPCError } from '@trpc/server';
import { redirect } from 'react-router';
import { toAppError } from '@stationdesk/api/errors';
import { translator, type Language } from '@stationdesk/i18n';

/** A failed procedure call as a sentence for the page, in the reader's language. */
export function errorMessage(e: unknown, lang: Language): string {
  const appError = toAppError(e);
  return translator(lang)(appError.messageKey, appError.params);
}

export function isUnauthorized(e: unknown): boolean {
  return e instanceof TRPCError && e.code === 'UNAUTHORIZED';
}

/** Signed-out visitors go to the sign-in page and come back afterwards. */
export function signInRedirect(request: Request): never {
  const url = new URL(request.url);
  const next = url.pathname + url.search;
  throw redirect(next === '/' ? '/sign-in' : `/sign-in?next=${encodeURIComponent(next)}`);
}

/** A safe local path to return to after sign-in (never another site). */
export function safeNext(value: FormDataEntryValue | string | null): string {
  const v = typeof value === 'string' ? value : '';
  return v.startsWith('/') && !v.startsWith('//') && !v.startsWith('/\\') ? v : '/';
}
