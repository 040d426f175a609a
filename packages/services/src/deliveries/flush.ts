import { sql } from 'kysely';
import { withTenant, type Db, type Tx } from '@stationdesk/db';
import { groupBy, type ReminderChannel } from '@stationdesk/core';
import { buildMessage, composeMessage, languageOf, loadMessageSubjects, type Message } from './message.ts';

/** How a message leaves the building: SMTP (or the local outbox) and the station robots. */
export interface Senders {
  email(input: { db: Db; tenantId: string; to: string; toName: string; subject: string; text: string }): Promise<{ externalId?: string }>;
  webhook(input: { provider: 'wecom' | 'dingtalk' | 'feishu'; url: string; secret: string | null; title: string; text: string }): Promise<{ externalId?: string }>;
}

export const MAX_DELIVERY_ATTEMPTS = 5;

/**
 * A send after which the message may have arrived although no confirmation came (a robot that did
 * not answer in time, a connection lost while waiting for the answer). Senders throw it; the
 * delivery is marked uncertain and never sent again by itself — a manager decides.
 */
export class UncertainDeliveryError extends Error {}

export interface FlushResult {
  sent: number;
  uncertain: number;
}

/** Pending deliveries on a channel, oldest first, locked (a concurrent flush skips them); all targets unless named. */
async function pending(trx: Tx, channel: ReminderChannel, opts: { targets?: string[]; limit: number }) {
  return trx
    .selectFrom('deliveries as d')
    .innerJoin('reminders as r', (j) => j.onRef('r.tenant_id', '=', 'd.tenant_id').onRef('r.id', '=', 'd.reminder_id'))
    .select(['d.id', 'd.target', 'r.kind as reminder_kind', 'r.subject_type', 'r.subject_id'])
    .where('d.channel', '=', channel)
    .$if(opts.targets !== undefined, (q) => q.where('d.target', 'in', opts.targets!))
    .where('d.status', '=', 'pending')
    .orderBy('d.created_at')
    .limit(opts.limit)
    .forUpdate('d')
    .skipLocked()
    .execute();
}

/** Inbox deliveries written per flush round (one transaction): rounds repeat while a round is full. */
export const INBOX_ROUND = 1000;

/**
 * The in-app inbox of one tenant, set-based, inside the caller's tenant transaction: what is
 * pending for every recipient (or only for `targets`) becomes one notification per recipient, and
 * the notifications and the "sent" marks are written together — exactly once. Concurrent writers
 * take disjoint rows (skip locked). The worker calls it in the transaction that fired the batch.
 */
export async function writeInbox(
  trx: Tx,
  tenantId: string,
  opts: { targets?: string[]; limit?: number; now?: Date } = {},
): Promise<FlushResult & { full: boolean }> {
  const now = opts.now ?? new Date();
  const limit = opts.limit ?? INBOX_ROUND;
  const rows = await pending(trx, 'inbox', { ...(opts.targets ? { targets: opts.targets } : {}), limit });
  if (rows.length === 0) return { sent: 0, uncertain: 0, full: false };
  const byTarget = groupBy(rows, (r) => r.target);
  const users = await trx.selectFrom('users').select(['id', 'locale']).where('id', 'in', [...byTarget.keys()]).execute();
  const localeOf = new Map(users.map((u) => [u.id, u.locale]));
  const subjects = await loadMessageSubjects(trx, rows);
  const notes = [];
  for (const [target, mine] of byTarget) {
    const message = await composeMessage(trx, mine, subjects, { lang: languageOf(localeOf.get(target)), userId: target, now });
    notes.push({ tenant_id: tenantId, user_id: target, kind: message.kind, title: message.title, body: message.text, items: JSON.stringify(message.items) });
  }
  // One statement: the notifications written and their deliveries marked sent together.
  await trx
    .with('marked', (db) => db.updateTable('deliveries').set({ status: 'sent', sent_at: now, attempts: 1 }).where('id', 'in', rows.map((r) => r.id)).returning('id'))
    .insertInto('notifications')
    .values(notes)
    .execute();
  return { sent: rows.length, uncertain: 0, full: rows.length === limit };
}

/** writeInbox in a transaction of its own (the inbox flush job, tools and tests). */
export function flushInbox(db: Db, tenantId: string, opts: { targets?: string[]; limit?: number; now?: Date } = {}): Promise<FlushResult & { full: boolean }> {
  return withTenant(db, tenantId, (trx) => writeInbox(trx, tenantId, opts));
}

/**
 * Sends what is pending for one recipient on one channel, as one message.
 *
 * Inbox: see flushInbox — exactly once.
 * E-mail and robots cannot take back a message: deliveries are claimed ("sending") and committed
 * before the send, marked sent after it. A delivery still "sending" when the next flush comes
 * means a crash between send and mark, and a send that got no answer (UncertainDeliveryError) may
 * have arrived: neither is sent again (at most once); both are marked "uncertain" for managers to
 * see and send again by hand. Only a send that certainly did not arrive goes back to pending.
 */
export async function flushDeliveries(
  db: Db,
  tenantId: string,
  channel: ReminderChannel,
  target: string,
  senders: Senders,
  now = new Date(),
): Promise<FlushResult> {
  if (channel === 'inbox') {
    const { sent, uncertain } = await flushInbox(db, tenantId, { targets: [target], limit: 200, now });
    return { sent, uncertain };
  }

  // Phase 1: claim (and surface anything a crash left half-sent).
  const claim = await withTenant(db, tenantId, async (trx) => {
    const stale = await trx
      .updateTable('deliveries')
      .set({ status: 'uncertain', last_error: 'interrupted between send and confirmation' })
      .where('channel', '=', channel)
      .where('target', '=', target)
      .where('status', '=', 'sending')
      .returning('id')
      .execute();
    const rows = await pending(trx, channel, { targets: [target], limit: 200 });
    if (rows.length === 0) return { ids: [] as string[], stale: stale.length, message: null as Message | null, address: null as null | { to: string; name: string } | { provider: 'wecom' | 'dingtalk' | 'feishu'; url: string; secret: string | null } };
    let lang = languageOf(null);
    let address: { to: string; name: string } | { provider: 'wecom' | 'dingtalk' | 'feishu'; url: string; secret: string | null } | null = null;
    if (channel === 'email') {
      const user = await trx.selectFrom('users').select(['email', 'display_name', 'locale']).where('id', '=', target).executeTakeFirst();
      if (user) {
        lang = languageOf(user.locale);
        address = { to: user.email, name: user.display_name };
      }
    } else {
      const hook = await trx.selectFrom('station_webhooks').select(['provider', 'url', 'secret', 'enabled']).where('id', '=', target).executeTakeFirst();
      if (hook?.enabled) address = { provider: hook.provider, url: hook.url, secret: hook.secret };
    }
    const ids = rows.map((r) => r.id);
    if (!address) {
      await trx.updateTable('deliveries').set({ status: 'failed', last_error: 'recipient or webhook no longer exists' }).where('id', 'in', ids).execute();
      return { ids: [], stale: stale.length, message: null, address: null };
    }
    const message = await buildMessage(trx, rows, { lang, userId: channel === 'email' ? target : null, now });
    await trx.updateTable('deliveries').set((eb) => ({ status: 'sending', attempts: eb('attempts', '+', 1) })).where('id', 'in', ids).execute();
    return { ids, stale: stale.length, message, address };
  });
  if (claim.ids.length === 0 || !claim.message || !claim.address) return { sent: 0, uncertain: claim.stale };

  // Phase 2: send. Phase 3: confirm, or put back for a retry with backoff.
  try {
    const result =
      'to' in claim.address
        ? await senders.email({ db, tenantId, to: claim.address.to, toName: claim.address.name, subject: claim.message.title, text: claim.message.text })
        : await senders.webhook({ ...claim.address, title: claim.message.title, text: claim.message.text });
    await withTenant(db, tenantId, (trx) =>
      trx
        .updateTable('deliveries')
        .set({ status: 'sent', sent_at: new Date(), external_id: result.externalId ?? null, last_error: null })
        .where('id', 'in', claim.ids)
        .execute(),
    );
    return { sent: claim.ids.length, uncertain: claim.stale };
  } catch (e) {
    const error = e instanceof Error ? e.message.slice(0, 500) : String(e);
    if (e instanceof UncertainDeliveryError) {
      await withTenant(db, tenantId, (trx) => trx.updateTable('deliveries').set({ status: 'uncertain', last_error: error }).where('id', 'in', claim.ids).execute());
      return { sent: 0, uncertain: claim.stale + claim.ids.length };
    }
    await withTenant(db, tenantId, (trx) =>
      trx
        .updateTable('deliveries')
        .set({
          status: sql<'failed' | 'pending'>`case when attempts >= ${MAX_DELIVERY_ATTEMPTS} then 'failed' else 'pending' end`,
          last_error: error,
        })
        .where('id', 'in', claim.ids)
        .execute(),
    );
    throw e;
  }
}
