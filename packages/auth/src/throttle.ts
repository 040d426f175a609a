import { sha256 } from '@oslojs/crypto/sha2';
import { encodeHexLowerCase } from '@oslojs/encoding';
import { AppError } from '@stationdesk/core';

/**
 * Password-check throttle (sign-in, change of password): at most MAX_FAILURES checks per account
 * and per IP within the window. An attempt takes its slot before the password is hashed, in one
 * atomic statement, so simultaneous guesses cannot all pass the check together; the slot stays
 * taken when the password is wrong. Kept in Postgres so a restart of the web process does not
 * reset it. Keys are hashed: the table holds no e-mail or IP in clear.
 */
export const MAX_FAILURES = 5;
export const WINDOW_MS = 15 * 60 * 1000;

/** Anything that runs one SQL statement: the pool, or a connection of its own. */
export interface Queryable {
  query(text: string, values?: unknown[]): Promise<{ rows: any[] }>;
}

export interface AttemptKeys {
  account: string;
  ip: string | null;
}

export function throttleKeys(email: string, ip: string | null): AttemptKeys {
  const h = (s: string) => encodeHexLowerCase(sha256(new TextEncoder().encode(s)));
  return { account: `account:${h(email.toLowerCase())}`, ip: ip ? `ip:${h(ip)}` : null };
}

// Always in the same order, so two attempts locking the same rows cannot deadlock.
const keyList = (keys: AttemptKeys) => [keys.account, ...(keys.ip ? [keys.ip] : [])].sort();

/** Takes a slot on every key whose window is open and not full (a window that ran out starts again). */
const RESERVE = `
  insert into sign_in_throttle (key, failures, window_ends_at)
  select key, 1, now() + $2 * interval '1 millisecond' from unnest($1::text[]) as key
  on conflict (key) do update set
    failures = case when sign_in_throttle.window_ends_at <= now() then 1 else sign_in_throttle.failures + 1 end,
    window_ends_at = case when sign_in_throttle.window_ends_at <= now() then excluded.window_ends_at
      else sign_in_throttle.window_ends_at end
  where sign_in_throttle.window_ends_at <= now() or sign_in_throttle.failures < $3
  returning key`;

/** Gives back the slots taken on the other keys, and says how long the full ones stay full. */
const REFUSE = `
  with given_back as (update sign_in_throttle set failures = failures - 1 where key = any($1::text[]))
  select greatest(ceil(extract(epoch from max(window_ends_at) - now()) * 1000), 1)::int as wait_ms
  from sign_in_throttle where key = any($2::text[])`;

/**
 * Reserves one password check on the account and the IP. Returns 0 when reserved, otherwise the
 * milliseconds until the attempt may be made again (and nothing is counted).
 */
async function reserveAttempt(conn: Queryable, keys: AttemptKeys): Promise<number> {
  const all = keyList(keys);
  const { rows } = await conn.query(RESERVE, [all, WINDOW_MS, MAX_FAILURES]);
  const reserved = rows.map((r: { key: string }) => r.key);
  if (reserved.length === all.length) return 0;
  const full = all.filter((k) => !reserved.includes(k));
  const { rows: wait } = await conn.query(REFUSE, [reserved, full]);
  return wait[0]?.wait_ms ?? 1;
}

/**
 * The password was right: the account's count is cleared; the IP gets its slot back but keeps its
 * earlier failures (it may be guessing others).
 */
async function attemptSucceeded(conn: Queryable, keys: AttemptKeys): Promise<void> {
  await conn.query(
    `with cleared as (delete from sign_in_throttle where key = $1)
     update sign_in_throttle set failures = greatest(failures - 1, 0) where key = $2`,
    [keys.account, keys.ip],
  );
}

/**
 * Runs one password check under the throttle. Refused (429, `limitMessageKey` with the minutes to
 * wait) when the account or the IP is at its limit; otherwise `check` runs, and a null answer (a
 * wrong password) keeps its slot taken.
 */
export async function throttledCheck<T>(
  conn: Queryable,
  keys: AttemptKeys,
  limitMessageKey: string,
  check: () => Promise<T | null>,
): Promise<T | null> {
  const waitMs = await reserveAttempt(conn, keys);
  if (waitMs > 0) throw new AppError('TOO_MANY_REQUESTS', limitMessageKey, { minutes: Math.ceil(waitMs / 60_000) });
  const passed = await check();
  if (passed !== null) await attemptSucceeded(conn, keys);
  return passed;
}
