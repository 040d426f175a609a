import { data } from 'react-router';
import { toAppError, translateIssues } from '@stationdesk/api/errors';
import { translator, type Language } from '@stationdesk/i18n';
import type { core } from 'zod';

function zodIssues(e: unknown): readonly core.$ZodIssue[] | null {
  const cause = (e as { cause?: unknown })?.cause;
  const issues = (cause as { issues?: unknown })?.issues;
  return (cause as Error | undefined)?.name === 'ZodError' && Array.isArray(issues) ? (issues as core.$ZodIssue[]) : null;
}

/**
 * The input a procedure refused, spread over the form that sent it: each issue next to the field
 * `fieldOf` finds for its path (the first issue per field), the others as one sentence joined by
 * `separator`. Null when the call failed for another reason. The one reading of input issues for
 * every page action; each form only says where its fields sit in the procedure's input.
 */
export function inputFailure(
  e: unknown,
  lang: Language,
  fieldOf: (path: readonly PropertyKey[]) => string | undefined,
  separator: string,
): { error: string | null; fieldErrors: Record<string, string> } | null {
  const issues = zodIssues(e);
  if (!issues) return null;
  const fieldErrors: Record<string, string> = {};
  const rest: string[] = [];
  for (const [i, view] of translateIssues(issues, lang).entries()) {
    const field = fieldOf(issues[i]!.path);
    if (!field) rest.push(view.message);
    else if (!fieldErrors[field]) fieldErrors[field] = view.message;
  }
  return { error: rest.length ? `${translator(lang)('errors.invalidInput')}: ${rest.join(separator)}` : null, fieldErrors };
}

/** The issue path's last named segment that is one of `fields` (`patch.creditCode`, `contact.phone` → the field). */
export function lastNamedField(fields: readonly string[]) {
  return (path: readonly PropertyKey[]): string | undefined => [...path].reverse().find((p): p is string => typeof p === 'string' && fields.includes(p));
}

/** A loader's procedure failure: "not found / not yours" is a 404 page, anything else rethrown. */
export function notFoundOr(e: unknown): never {
  const code = toAppError(e).code;
  if (code === 'NOT_FOUND' || code === 'BAD_REQUEST') throw data(null, { status: 404 });
  throw e;
}
