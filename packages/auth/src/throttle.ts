import { sha256 } from '@oslojs/crypto/sha2';
import { encodeHexLowerCase } from '@oslojs/encoding';
import { sql } from 'kysely';
import type { Db } from '@stationdesk/db';

/**
 * Sign-in throttle: at most MAX_FAILURES failed attempts per account and per IP within the
 * window. Kept in Postgres so a restart of the web process does not reset it. Keys are hashed:
 * the table holds no e-mail or IP in clear.
 */
export const MAX_FAILURES = 5;
export const WINDOW_MS = 15 * 60 * 1000;

export function throttleKeys(email: string, ip: string | null): string[] {
  const h = (s: string) => encodeHexLowerCase(sha256(new TextEncoder().encode(s)));
  return [`account:${h(email.toLowerCase())}`, ...(ip ? [`ip:${h(ip)}`] : [])];
}

/** Milliseconds until the earliest key is allowed again, or 0 when none is blocked. */
export async function blockedForMs(db: Db, keys: string[]): Promise<number> {
  const rows = await db.kysely
    .selectFrom('sign_in_throttle')
    .select(['failures', 'window_ends_at'])
    .where('key', 'in', keys)
    .where('window_ends_at', '>', sql<string>`now()`)
    .where('failures', '>=', MAX_FAILURES)
    .execute();
  if (rows.length === 0) return 0;
  return Math.max(...rows.map((r) => new Date(r.window_ends_at).getTime() - Date.now()), 1);
}

export async function recordFailure(db: Db, keys: string[]): Promise<void> {
  const windowMs = sql.lit(WINDOW_MS);
  for (const key of keys) {
    await sql`
      insert into sign_in_throttle (key, failures, window_ends_at)
      values (${key}, 1, now() + ${windowMs} * interval '1 millisecond')
      on conflict (key) do update set
        failures = case when sign_in_throttle.window_ends_at <= now() then 1 else sign_in_throttle.failures + 1 end,
        window_ends_at = case when sign_in_throttle.window_ends_at <= now()
          then now() + ${windowMs} * interval '1 millisecond' else sign_in_throttle.window_ends_at end
    `.execute(db.kysely);
  }
}

/** A successful sign-in clears the account's count (the IP's stays: it may be guessing others). */
export async function clearAccount(db: Db, email: string): Promise<void> {
  const [accountKey] = throttleKeys(email, null);
  await db.kysely.deleteFrom('sign_in_throttle').where('key', '=', accountKey!).execute();
}
