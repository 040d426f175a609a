import { sql } from 'kysely';
import { AppError, forbidden, notFound } from '@stationdesk/core';
import { keysetCursor } from '@stationdesk/db';
import type { TenantContext } from '../context.ts';
import { recordEvent } from '../work-items/events.ts';
import { maxWarningsPerAcknowledgement, type AcknowledgeWarningsInput, type ListWarningsInput, type ListWarningsOutput } from './warnings.schema.ts';

/** Newest first: (raised_at, id) of the last row shown. */
const warningCursor = keysetCursor('instant', 'id');

/** The warnings of the disputes an actor may see: all the tenant's for a manager, their stations' for staff. */
function scopedWarnings(ctx: TenantContext) {
  if (ctx.actor.role === 'enterprise_admin') throw forbidden('errors.roleNotAllowed');
  let q = ctx.trx
    .selectFrom('dispute_warnings as dw')
    .innerJoin('work_items as w', (j) => j.onRef('w.tenant_id', '=', 'dw.tenant_id').onRef('w.id', '=', 'dw.item_id'));
  const scope = ctx.actor.scope;
  if (scope.kind === 'stations') q = q.where('w.station_id', 'in', scope.stationIds.length ? [...scope.stationIds] : ['00000000-0000-0000-0000-000000000000']);
  return q;
}

/** Early warnings newest first, keyset-paginated on (raised_at, id), filtered by level, station and state. */
export async function listWarnings(ctx: TenantContext, input: ListWarningsInput = {}): Promise<ListWarningsOutput> {
  const limit = input.limit ?? 25;
  let q = scopedWarnings(ctx)
    .leftJoin('enterprises as e', (j) => j.onRef('e.tenant_id', '=', 'w.tenant_id').onRef('e.id', '=', 'w.enterprise_id'))
    .select(['dw.id', 'dw.item_id', 'dw.level', 'dw.score', 'dw.reason', 'dw.raised_at', 'dw.acknowledged_at', 'dw.acknowledgement', 'w.number', 'w.title', 'w.station_id', 'e.name as enterprise_name'])
    // The cursor keeps raised_at to the microsecond: a millisecond ISO string would skip or repeat rows.
    .select(sql<string>`to_char(dw.raised_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`.as('raised_key'))
    .orderBy('dw.raised_at', 'desc')
    .orderBy('dw.id', 'desc')
    .limit(limit + 1);
  if (input.level) q = q.where('dw.level', '=', input.level);
  if (input.stationId) q = q.where('w.station_id', '=', input.stationId);
  if (input.state === 'open') q = q.where('dw.acknowledged_at', 'is', null);
  if (input.state === 'acknowledged') q = q.where('dw.acknowledged_at', 'is not', null);
  if (input.cursor) {
    const [at, id] = warningCursor.decode(input.cursor);
    q = q.where(sql<boolean>`(dw.raised_at, dw.id) < (${at}::timestamptz, ${id}::uuid)`);
  }
  const rows = await q.execute();
  const more = rows.length > limit;
  const page = more ? rows.slice(0, limit) : rows;
  const last = page[page.length - 1];
  return {
    items: page.map((r) => ({
      id: r.id,
      itemId: r.item_id,
      number: r.number,
      title: r.title,
      stationId: r.station_id,
      enterpriseName: r.enterprise_name,
      level: r.level,
      score: r.score,
      reason: r.reason,
      raisedAt: new Date(r.raised_at).toISOString(),
      acknowledgedAt: r.acknowledged_at ? new Date(r.acknowledged_at).toISOString() : null,
      acknowledgement: r.acknowledgement,
    })),
    nextCursor: more && last ? warningCursor.encode([last.raised_key, last.id]) : null,
  };
}

/** How many warnings still wait for a manager (the red count on the 预警 tab). */
export async function openWarningCount(ctx: TenantContext): Promise<{ count: number }> {
  const row = await scopedWarnings(ctx)
    .where('dw.acknowledged_at', 'is', null)
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  return { count: Number(row.n) };
}

/**
 * 签收: a manager has seen these warnings and says what is being done — one note for all of
 * them. All or nothing: if any id is unknown, outside the actor's stations or already
 * acknowledged, none is acknowledged and the error says which.
 */
export async function acknowledgeWarnings(ctx: TenantContext, input: AcknowledgeWarningsInput): Promise<{ acknowledged: number }> {
  if (ctx.actor.role !== 'manager') throw forbidden('errors.roleNotAllowed');
  const ids = [...new Set(input.ids)];
  if (!ids.length) throw new AppError('BAD_REQUEST', 'errors.dispute.noWarningsSelected');
  if (ids.length > maxWarningsPerAcknowledgement) throw new AppError('BAD_REQUEST', 'errors.dispute.tooManyWarnings', { max: maxWarningsPerAcknowledgement });
  const found = await scopedWarnings(ctx)
    .select(['dw.id', 'dw.item_id', 'dw.acknowledged_at', 'w.number'])
    .where('dw.id', 'in', ids)
    .orderBy('w.number')
    .forUpdate('dw')
    .execute();
  if (found.length < ids.length) throw notFound('errors.dispute.warningsNotFound', { missing: ids.length - found.length });
  const taken = found.filter((w) => w.acknowledged_at);
  if (taken.length) throw new AppError('CONFLICT', 'errors.dispute.warningsAcknowledged', { numbers: [...new Set(taken.map((w) => w.number))].join('、') });
  await ctx.trx.updateTable('dispute_warnings').set({ acknowledged_at: new Date(), acknowledged_by: ctx.actor.userId, acknowledgement: input.note }).where('id', 'in', ids).execute();
  for (const w of found) await recordEvent(ctx, w.item_id, { action: 'warning_acknowledged', note: input.note, internal: true });
  return { acknowledged: found.length };
}
