import { data } from 'react-router';
import { toAppError, translateIssues } from '@stationdesk/api/errors';
import { translator, type Language } from '@stationdesk/i18n';
import type { core } from 'zod';
import type { ActionFailure } from './action-result.ts';

/**
 * The server half of the one form convention (action-result.ts holds the types): a procedure's
 * refusal becomes an `ActionFailure` — its input issues translated next to the fields they
 * concern, a use case's refusal that names a field next to that field, anything else as one
 * sentence. Pages state no rule the procedure's schema already holds: they send what was typed
 * and show what comes back.
 */

type Path = readonly PropertyKey[];

/** The input issues behind a refusal: a procedure's TRPCError whose cause is its schema's ZodError. */
export function zodIssuesOf(e: unknown): readonly core.$ZodIssue[] | null {
  const cause = (e as { cause?: unknown } | null)?.cause;
  const issues = (cause as { issues?: unknown } | undefined)?.issues;
  return (cause as Error | undefined)?.name === 'ZodError' && Array.isArray(issues) ? (issues as core.$ZodIssue[]) : null;
}

/** The issue path's last named segment that is one of `fields` (`patch.creditCode`, `contact.phone` → the field). */
export function lastNamedField(fields: readonly string[]) {
  return (path: Path): string | undefined => [...path].reverse().find((p): p is string => typeof p === 'string' && fields.includes(p));
}

export interface IssueMapping {
  /** The form field an issue's path sits at, if the form shows one. */
  fieldOf: (path: Path) => string | undefined;
  /** Whether the form sent this field empty: an issue that means a missing value then says the field is required. */
  isEmpty?: ((field: string) => boolean) | undefined;
}

/** An issue that, on a field sent empty, only means the field is missing (not a list too short, not a refinement's own words). */
function missingValue(issue: core.$ZodIssue): boolean {
  if (issue.code === 'too_small') return issue.origin === 'string';
  return issue.code === 'invalid_type' || issue.code === 'invalid_value' || issue.code === 'invalid_format' || issue.code === 'invalid_union';
}

/**
 * Input issues spread over a form: each field gets its first issue's message in the reader's
 * language ("required" when it was sent empty — a blank uuid, choice or date is missing, not
 * malformed); issues at no field of the form become one sentence.
 */
export function issuesToFieldErrors(issues: readonly core.$ZodIssue[], lang: Language, { fieldOf, isEmpty }: IssueMapping): { error: string | null; fieldErrors: Record<string, string> } {
  const t = translator(lang);
  const fieldErrors: Record<string, string> = {};
  const rest: string[] = [];
  for (const [i, view] of translateIssues(issues, lang).entries()) {
    const field = fieldOf(issues[i]!.path);
    if (!field) rest.push(view.message);
    else fieldErrors[field] ??= missingValue(issues[i]!) && isEmpty?.(field) ? t('errors.validation.required') : view.message;
  }
  return { error: rest.length ? `${t('errors.invalidInput')}: ${[...new Set(rest)].join(t('workItems.common.separator'))}` : null, fieldErrors };
}

/** Refusals that mean someone changed the record first: the form is stale, not wrong. */
const conflictKeys = new Set(['errors.concurrentEdit', 'errors.workItem.transitionNotAllowed', 'errors.sla.changedMeanwhile']);

export interface FailureContext {
  lang: Language;
  intent: string;
  /** Which form of the page, when one intent is offered several times (see ActionFailure.form). */
  form?: string | undefined;
  /** The form's fields, found by an issue path's last named segment (`patch.name` → name). */
  fields?: readonly string[];
  /** Or where each issue path sits when the form names its fields otherwise (`parties.2.phone` → `party.2.phone`). */
  fieldOf?: (path: Path) => string | undefined;
  /** A use case's refusals that concern one field: message key → field (one of `fields`, when given). */
  refusalFields?: Readonly<Record<string, string>>;
  /** What the form sent, by field: an issue on a field sent empty (or a choice not made) says it is required. */
  posted?: FormData | Record<string, string> | undefined;
  /** What was typed, handed back for a form drawn from the answer (see ActionFailure.values). */
  values?: Record<string, string> | undefined;
}

function emptyIn(posted: FailureContext['posted']) {
  if (!posted) return undefined;
  return (field: string) => {
    const v = posted instanceof FormData ? posted.get(field) : posted[field];
    return v === null || v === undefined || (typeof v === 'string' && v.trim() === '');
  };
}

function base(c: Pick<FailureContext, 'intent' | 'form' | 'values'>) {
  return { ok: false as const, intent: c.intent, ...(c.form && c.form !== c.intent ? { form: c.form } : {}), ...(c.values ? { values: c.values } : {}) };
}

/** A failed procedure call as its form shows it (see the module comment). */
export function actionFailure(e: unknown, c: FailureContext): ActionFailure {
  const issues = zodIssuesOf(e);
  if (issues) {
    const fieldOf = c.fieldOf ?? lastNamedField(c.fields ?? []);
    return { ...base(c), ...issuesToFieldErrors(issues, c.lang, { fieldOf, isEmpty: emptyIn(c.posted) }) };
  }
  const appError = toAppError(e);
  const message = translator(c.lang)(appError.messageKey, appError.params);
  const field = c.refusalFields?.[appError.messageKey];
  if (field && (!c.fields || c.fields.includes(field))) return { ...base(c), error: null, fieldErrors: { [field]: message } };
  const conflict = appError.code === 'CONFLICT' && conflictKeys.has(appError.messageKey);
  return { ...base(c), error: message, fieldErrors: {}, ...(conflict ? { conflict: true } : {}) };
}

/**
 * Refused before the procedure is called, for what its schema cannot say: a number typed as
 * "12a", a date the page could not read, a question the form must have answered.
 */
export function fieldFailure(c: Pick<FailureContext, 'lang' | 'intent' | 'form' | 'values'>, fieldErrors: Record<string, string>): ActionFailure {
  const t = translator(c.lang);
  return { ...base(c), error: null, fieldErrors: Object.fromEntries(Object.entries(fieldErrors).map(([field, key]) => [field, t(key)])) };
}

/** Refused as a whole, before or without a procedure call (`messageKey` translated). */
export function formFailure(c: Pick<FailureContext, 'lang' | 'intent' | 'form' | 'values'>, messageKey: string, params: Record<string, unknown> = {}): ActionFailure {
  return { ...base(c), error: translator(c.lang)(messageKey, params), fieldErrors: {} };
}

/** A loader's procedure failure: "not found / not yours" is a 404 page, anything else rethrown. */
export function notFoundOr(e: unknown): never {
  const code = toAppError(e).code;
  if (code === 'NOT_FOUND' || code === 'BAD_REQUEST') throw data(null, { status: 404 });
  throw e;
}
