/**
 * Every create form carries an idempotency key (ADR 012, `runOnce`): its page's loader makes a fresh
 * one, the form sends it in a hidden field, the action hands it to the procedure. A double click or
 * a resent POST then creates one record, not two: the repeat gets the first answer.
 */
export const idempotencyKeyField = 'idempotencyKey';

/** A key for the next create on this page (the loader's; a save reloads the page, and a new one comes). */
export function freshIdempotencyKey(): string {
  return crypto.randomUUID();
}

/** The form's key, as the create procedures take it (nothing when the form carried none). */
export function idempotencyKeyOf(form: FormData): { idempotencyKey?: string } {
  const key = form.get(idempotencyKeyField);
  return typeof key === 'string' && key ? { idempotencyKey: key } : {};
}
