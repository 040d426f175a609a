import { z } from 'zod';

/**
 * The parts every procedure's schema (`<module>.schema.ts`, ADR 012) is built from.
 *
 * The one rule for text a person sends: no control characters (C0 but tab, line feed and carriage
 * return, and DEL; NUL above all, which Postgres refuses in text), and lengths counted in
 * characters (code points) as Postgres' length() counts them, not UTF-16 units (an emoji is one
 * character, not two). Every string of every procedure input goes through `line`, `text` or
 * `secret` — or a format (uuid, e-mail, date, enum) that admits no control character anyway.
 */

// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
const LINE_BREAK = /[\n\r]/;

interface Bounds {
  /** At least this many characters (after trimming). */
  min?: number;
}

const characters = (v: string) => [...v].length;

function refuseBadText(oneLine: boolean, max: number, min: number) {
  return (value: string, ctx: z.RefinementCtx) => {
    // Longer in UTF-16 units than twice the limit is longer in characters too: refused unscanned.
    if (value.length > max * 2) {
      ctx.addIssue({ code: 'too_big', origin: 'string', maximum: max, inclusive: true, input: value });
      return;
    }
    if (CONTROL.test(value)) {
      ctx.addIssue({ code: 'custom', message: 'errors.validation.controlCharacter' });
    } else if (oneLine && LINE_BREAK.test(value)) {
      ctx.addIssue({ code: 'custom', message: 'errors.validation.lineBreak' });
    }
    const n = characters(value);
    if (n < min) ctx.addIssue({ code: 'too_small', origin: 'string', minimum: min, inclusive: true, input: value });
    if (n > max) ctx.addIssue({ code: 'too_big', origin: 'string', maximum: max, inclusive: true, input: value });
  };
}

/** Text on one line (a name, a title, a search box, a filter), trimmed. */
export function line(max: number, { min = 0 }: Bounds = {}) {
  return z.string().trim().superRefine(refuseBadText(true, max, min));
}

/** Text over several lines (a description, a reply, a note), trimmed: tabs and line breaks are kept. */
export function text(max: number, { min = 0 }: Bounds = {}) {
  return z.string().trim().superRefine(refuseBadText(false, max, min));
}

/** A password: taken exactly as typed (never trimmed), one line. */
export function secret(max: number, { min = 0 }: Bounds = {}) {
  return z.string().superRefine(refuseBadText(true, max, min));
}

/**
 * The key a client sends with a create so that sending it again (a double click, a retry after a
 * timeout) returns the first answer instead of creating twice: a random string (a UUID), one per
 * submission. Optional: without it, every call creates.
 */
export const idempotencyKey = z.string().regex(/^[A-Za-z0-9_-]{8,100}$/);

/** The answer of a procedure that only says it was done. */
export const okOutput = z.object({ ok: z.literal(true) });
export type Ok = z.infer<typeof okOutput>;
export const ok: Ok = { ok: true };
