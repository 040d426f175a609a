import { sql, type RawBuilder } from 'kysely';
import { badRequest } from '@stationdesk/core';

/**
 * The cursor of every keyset page: the sort key and id of the last row shown, as an opaque
 * base64url string. A cursor comes back from the client, so decoding checks each value against the
 * page's shape and refuses anything else (errors.invalidCursor, 400) before it reaches SQL, where a
 * junk value would fail its cast (500) or quietly match nothing.
 */
export type CursorPart =
  /** An instant as the app writes it (ISO 8601, UTC, milli- or microseconds). */
  | 'instant'
  /** The same, or null (a sort key column that may be empty). */
  | 'instant?'
  /** A row id (UUID). */
  | 'id'
  /** A text sort key (a name). */
  | 'text';

type PartValue<P extends CursorPart> = P extends 'instant?' ? string | null : string;
export type CursorValues<S extends readonly CursorPart[]> = { -readonly [K in keyof S]: PartValue<S[K]> };

export interface KeysetCursor<S extends readonly CursorPart[]> {
  encode(values: CursorValues<S>): string;
  /** The values, or a BAD_REQUEST AppError (errors.invalidCursor) for anything this page never issued. */
  decode(cursor: string): CursorValues<S>;
}

const BASE64URL = /^[A-Za-z0-9_-]{1,1000}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const INSTANT = /^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)(?:\.\d{1,6})?Z$/;
/** Far wider than any row's dates, well inside what Postgres and Date agree on (no year 0). */
const EARLIEST_YEAR = 1900;
const LATEST_YEAR = 2999;
// C0 controls and DEL: Postgres refuses NUL in text outright.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

/** A real instant: the fields are in range (no 31 February, no hour 25) and the year is plausible. */
function isInstant(v: unknown): v is string {
  if (typeof v !== 'string') return false;
  const m = INSTANT.exec(v);
  if (!m) return false;
  const [y, mo, d, h, mi, s] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  if (y < EARLIEST_YEAR || y > LATEST_YEAR) return false;
  const at = new Date(Date.UTC(y, mo - 1, d, h, mi, s));
  return at.getUTCMonth() === mo - 1 && at.getUTCDate() === d && at.getUTCHours() === h && at.getUTCMinutes() === mi && at.getUTCSeconds() === s;
}

const valid: Record<CursorPart, (v: unknown) => boolean> = {
  instant: isInstant,
  'instant?': (v) => v === null || isInstant(v),
  id: (v) => typeof v === 'string' && UUID.test(v),
  text: (v) => typeof v === 'string' && v.length <= 1000 && !CONTROL.test(v),
};

/** The cursor of one keyset page, by the kinds of its sort values: `keysetCursor('instant', 'id')`. */
export function keysetCursor<const S extends readonly CursorPart[]>(...shape: S): KeysetCursor<S> {
  return {
    encode: (values) => Buffer.from(JSON.stringify(values)).toString('base64url'),
    decode(cursor) {
      let values: unknown;
      if (BASE64URL.test(cursor)) {
        try {
          values = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
        } catch {
          /* refused below */
        }
      }
      if (Array.isArray(values) && values.length === shape.length && shape.every((part, i) => valid[part](values[i]))) {
        return values as CursorValues<S>;
      }
      throw badRequest('errors.invalidCursor');
    },
  };
}

/**
 * A timestamptz sort key for a cursor, to the microsecond as Postgres keeps it (ISO 8601, UTC).
 * The millisecond ISO strings rows are read as would start the next page before rows stored in
 * the same millisecond — or skip every row written by one transaction, which share one now().
 */
export function cursorInstant(column: string): RawBuilder<string> {
  return sql<string>`to_char(${sql.ref(column)} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
}
