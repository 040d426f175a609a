/**
 * What a page action answers a form with — the one shape of every form of the app (see "Forms and
 * action results" in docs/ARCHITECTURE.md). A change that went through redirects with its flash
 * (flash.server.ts) and answers nothing; only a refusal, or a result the page must show in place,
 * comes back as data. Types only: the server half is action-result.server.ts.
 */

/** A refused submission: why, next to the fields it concerns, and the rest as one sentence. */
export interface ActionFailure {
  ok: false;
  intent: string;
  /** Which form of the page answered when one intent is offered several times (per party, per warning); else the intent. */
  form?: string;
  /** The sentence for the form as a whole; null when every reason sits next to its field. */
  error: string | null;
  /** Field name → the translated reason, shown under that field. */
  fieldErrors: Record<string, string>;
  /** Someone changed the record first: the page has reloaded it by the time the answer shows. */
  conflict?: boolean;
  /** What was typed, for a form drawn from the answer (a plain post without scripts). */
  values?: Record<string, string>;
  /** A batch: the rows that were not done, each "number: reason" (the others were). */
  failures?: string[];
}

/**
 * Done, answered in place — only where the answer carries what a redirect cannot: a revealed
 * party's details, a file to download, a test message's outcome. Everything else redirects.
 */
export type ActionDone<T extends object = object> = { ok: true; intent: string; form?: string; message: string } & T;

export type ActionResult<T extends object = object> = ActionFailure | ActionDone<T>;

/** The form an answer belongs to. */
export function answeredForm(result: { intent: string; form?: string | undefined }): string {
  return result.form ?? result.intent;
}

/** The refusal in `data`, if it is one — for the form `form` when given. */
export function failureOf(data: ActionResult | undefined | null, form?: string): ActionFailure | null {
  if (!data || data.ok) return null;
  return form === undefined || answeredForm(data) === form ? data : null;
}

/** The field errors of a refusal (none otherwise). */
export function fieldErrorsOf(data: ActionResult | undefined | null, form?: string): Record<string, string> {
  return failureOf(data, form)?.fieldErrors ?? {};
}
