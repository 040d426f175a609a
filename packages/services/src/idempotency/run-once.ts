import { createHash } from 'node:crypto';
import { conflict } from '@stationdesk/core';
import type { TenantContext } from '../context.ts';

/** How long a key answers for its first sending (a retry comes within seconds or minutes). */
export const IDEMPOTENCY_KEY_TTL_HOURS = 24;

/**
 * Runs a create at most once per idempotency key (issue 16): a double click or a retry after a
 * timeout sends the same key, and gets the first answer instead of writing again. The key is
 * claimed first in the caller's transaction, so a concurrent sending of the same key waits on it
 * until the first commits (then gets its answer) or rolls back (then runs itself). The same key
 * with other input is refused: that is a client bug, not a retry.
 *
 * Without a key, `create` just runs.
 */
export async function runOnce<T>(ctx: TenantContext, operation: string, key: string | undefined, input: unknown, create: () => Promise<T>): Promise<T> {
  if (key === undefined) return create();
  const inputHash = createHash('sha256').update(JSON.stringify(input ?? null)).digest('hex');
  const claimed = await ctx.trx
    .insertInto('idempotency_keys')
    .values({ tenant_id: ctx.tenantId, user_id: ctx.actor.userId, key, operation, input_hash: inputHash })
    .onConflict((oc) => oc.columns(['tenant_id', 'user_id', 'key']).doNothing())
    .returning('key')
    .executeTakeFirst();
  if (!claimed) {
    const first = await ctx.trx
      .selectFrom('idempotency_keys')
      .select(['operation', 'input_hash', 'response'])
      .where('tenant_id', '=', ctx.tenantId)
      .where('user_id', '=', ctx.actor.userId)
      .where('key', '=', key)
      .executeTakeFirstOrThrow();
    if (first.operation !== operation || first.input_hash !== inputHash || first.response === null) {
      throw conflict('errors.idempotencyKeyReused');
    }
    return first.response as T;
  }
  const result = await create();
  await ctx.trx
    .updateTable('idempotency_keys')
    .set({ response: JSON.stringify(result ?? null) })
    .where('tenant_id', '=', ctx.tenantId)
    .where('user_id', '=', ctx.actor.userId)
    .where('key', '=', key)
    .execute();
  return result;
}
