import { sql } from 'kysely';
import { conflict, forbidden, notFound, AppError } from '@stationdesk/core';
import { keysetCursor, repo } from '@stationdesk/db';
import { flushJobId, jobs } from '@stationdesk/jobs';
import type { TenantContext } from '../context.ts';
import type {
  DeliveryAttentionOutput,
  ListDeliveriesInput,
  ListDeliveriesOutput,
  ListOutboxInput,
  ListOutboxOutput,
  RetryDeliveryInput,
  RetryDeliveryOutput,
} from './log.schema.ts';

/** The delivery log and the e-mail outbox: what managers look at when a message did not arrive. */

function requireManager(ctx: TenantContext): void {
  if (ctx.actor.role !== 'manager') throw forbidden('errors.roleNotAllowed');
}

/** Newest first: (created, id) of the last row shown. */
const newestFirst = keysetCursor('instant', 'id');

export async function listDeliveries(ctx: TenantContext, input: ListDeliveriesInput = {}): Promise<ListDeliveriesOutput> {
  requireManager(ctx);
  const limit = input.limit ?? 50;
  const after = input.cursor ? newestFirst.decode(input.cursor) : null;
  const rows = await ctx.trx
    .selectFrom('deliveries as d')
    .innerJoin('reminders as r', (j) => j.onRef('r.tenant_id', '=', 'd.tenant_id').onRef('r.id', '=', 'd.reminder_id'))
    .leftJoin('work_items as wi', (j) => j.onRef('wi.tenant_id', '=', 'r.tenant_id').onRef('wi.id', '=', 'r.subject_id').on('r.subject_type', '=', 'work_item'))
    .leftJoin('enterprise_documents as ed', (j) => j.onRef('ed.tenant_id', '=', 'r.tenant_id').onRef('ed.id', '=', 'r.subject_id').on('r.subject_type', '=', 'enterprise_document'))
    .leftJoin('enterprises as e', (j) => j.onRef('e.tenant_id', '=', 'ed.tenant_id').onRef('e.id', '=', 'ed.enterprise_id'))
    // Targets are text (a user id or a robot id): compared as text, so a removed one simply finds nothing.
    .leftJoin('users as u', (j) => j.on(sql<boolean>`u.id::text = d.target and d.channel in ('inbox', 'email')`))
    .leftJoin('station_webhooks as w', (j) => j.onRef('w.tenant_id', '=', 'd.tenant_id').on(sql<boolean>`w.id::text = d.target and d.channel = 'webhook'`))
    .leftJoin('stations as s', (j) => j.onRef('s.tenant_id', '=', 'w.tenant_id').onRef('s.id', '=', 'w.station_id'))
    .select([
      'd.id',
      'd.channel',
      'd.status',
      'd.attempts',
      'd.last_error',
      'd.created_at',
      'd.sent_at',
      'r.kind',
      'r.due_at',
      'r.fired_at',
      'wi.id as item_id',
      'wi.number as item_number',
      'wi.title as item_title',
      'e.id as enterprise_id',
      'e.name as enterprise_name',
      'u.display_name as user_name',
      'w.provider',
      's.name as station_name',
      's.name_en as station_name_en',
    ])
    .$if(input.status !== undefined, (q) => q.where('d.status', '=', input.status!))
    .$if(input.channel !== undefined, (q) => q.where('d.channel', '=', input.channel!))
    .$if(after !== null, (q) => q.where(sql<boolean>`(d.created_at, d.id) < (${after![0]}::timestamptz, ${after![1]}::uuid)`))
    .orderBy('d.created_at', 'desc')
    .orderBy('d.id', 'desc')
    .limit(limit + 1)
    .execute();
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    items: page.map((r) => ({
      id: r.id,
      channel: r.channel,
      status: r.status,
      attempts: r.attempts,
      lastError: r.last_error,
      createdAt: r.created_at,
      sentAt: r.sent_at,
      reminderKind: r.kind,
      dueAt: r.due_at,
      firedAt: r.fired_at,
      subject: r.item_id
        ? { type: 'work_item' as const, id: r.item_id, number: r.item_number!, title: r.item_title! }
        : r.enterprise_id
          ? { type: 'enterprise' as const, id: r.enterprise_id, name: r.enterprise_name! }
          : null,
      recipient:
        r.channel === 'webhook'
          ? r.provider
            ? { type: 'robot' as const, provider: r.provider, stationName: r.station_name!, stationNameEn: r.station_name_en }
            : null
          : r.user_name !== null
            ? { type: 'user' as const, name: r.user_name }
            : null,
    })),
    nextCursor: rows.length > limit && last ? newestFirst.encode([last.created_at, last.id]) : null,
  };
}

/** What needs a manager's eye: deliveries that failed or may have gone twice, over the last 30 days. */
export async function deliveryAttention(ctx: TenantContext): Promise<DeliveryAttentionOutput> {
  requireManager(ctx);
  const rows = await ctx.trx
    .selectFrom('deliveries')
    .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
    .where('created_at', '>', sql<string>`now() - interval '30 days'`)
    .where('status', 'in', ['failed', 'uncertain', 'pending'])
    .groupBy('status')
    .execute();
  const count = (s: string) => Number(rows.find((r) => r.status === s)?.n ?? 0);
  return { failed: count('failed'), uncertain: count('uncertain'), pending: count('pending') };
}

/**
 * Sends a failed or uncertain delivery again: back to pending with a fresh run of attempts, and a
 * flush once committed. An uncertain one may already have arrived, so the caller must say it
 * knows (the page shows "可能已发送过一次" first). Audited.
 */
export async function retryDelivery(ctx: TenantContext, input: RetryDeliveryInput): Promise<RetryDeliveryOutput> {
  requireManager(ctx);
  const d = await ctx.trx
    .selectFrom('deliveries')
    .select(['id', 'channel', 'target', 'status', 'attempts', 'last_error'])
    .where('id', '=', input.id)
    .forUpdate()
    .executeTakeFirst();
  if (!d) throw notFound('errors.delivery.notFound');
  if (d.status !== 'failed' && d.status !== 'uncertain') throw conflict('errors.delivery.notRetryable');
  if (d.status === 'uncertain' && !input.acknowledgeUncertain) throw new AppError('PRECONDITION_FAILED', 'errors.delivery.confirmUncertain');
  await ctx.trx.updateTable('deliveries').set({ status: 'pending', attempts: 0 }).where('id', '=', d.id).execute();
  await repo.recordAudit(ctx.trx, {
    tenantId: ctx.tenantId,
    actorUserId: ctx.actor.userId,
    action: 'delivery.retry',
    subjectType: 'delivery',
    subjectId: d.id,
    data: { from: d.status, channel: d.channel, attempts: d.attempts, lastError: d.last_error },
    ip: ctx.actor.ip,
  });
  const queue = ctx.queue;
  if (queue) {
    const payload = { tenantId: ctx.tenantId, channel: d.channel, target: d.target };
    ctx.afterCommit?.(() => queue.enqueue(jobs.flushDeliveries, payload, { jobId: flushJobId(ctx.tenantId, d.channel, d.target) }));
  }
  return { id: d.id, status: 'pending' };
}

/** E-mail kept in the app while no SMTP server is configured (development, the demo). */
export async function listOutbox(ctx: TenantContext, input: ListOutboxInput = {}): Promise<ListOutboxOutput> {
  requireManager(ctx);
  const limit = input.limit ?? 20;
  const after = input.cursor ? newestFirst.decode(input.cursor) : null;
  const rows = await ctx.trx
    .selectFrom('email_outbox')
    .select(['id', 'to_address', 'subject', 'body_text', 'created_at'])
    .$if(after !== null, (q) => q.where(sql<boolean>`(created_at, id) < (${after![0]}::timestamptz, ${after![1]}::uuid)`))
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit + 1)
    .execute();
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    items: page.map((r) => ({ id: r.id, to: r.to_address, subject: r.subject, body: r.body_text, createdAt: r.created_at })),
    nextCursor: rows.length > limit && last ? newestFirst.encode([last.created_at, last.id]) : null,
  };
}
