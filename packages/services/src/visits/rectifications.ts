import { sql } from 'kysely';
import { forbidden, markRectifiedRefusal, rectificationState, type Rating, type WorkItemKind, type WorkItemStatus } from '@stationdesk/core';
import { cursorInstant, keysetCursor, repo } from '@stationdesk/db';
import type { TenantContext } from '../context.ts';
import { requireWorkItem } from '../work-items/access.ts';
import { recordEvent } from '../work-items/events.ts';
import type { ListRectificationsInput, ListRectificationsOutput, MarkRectifiedInput, MarkRectifiedOutput } from './rectifications.schema.ts';
import { visitStations } from './scope.ts';

/** Owed: (deadline, id) ascending; done: (rectified_at, id) descending — of the last row shown. */
const rectificationCursor = keysetCursor('instant', 'id');

/** follow-up.ts writes a redo without a comment as `rating:<rating>`: the rating is shown by itself, not as a comment. */
const commentOf = (note: string | null) => (note === null || note.startsWith('rating:') ? null : note);

/**
 * 整改: items with a rectification (rectification_due_at), owed (not rectified — core's
 * rectificationOpen, whatever the item's status) by deadline, or done, latest first, in the
 * stations the actor works for; each with the rating that opened it (the history line that set the
 * deadline) and whether staff may mark it done here (core's markRectifiedRefusal).
 */
export async function listRectifications(ctx: TenantContext, input: ListRectificationsInput): Promise<ListRectificationsOutput> {
  const stationIds = await visitStations(ctx, input.stationId);
  const done = input.state === 'done';
  const limit = input.limit ?? 50;
  const after = input.cursor ? rectificationCursor.decode(input.cursor) : null;
  const where = sql`w.tenant_id = ${ctx.tenantId} and w.rectification_due_at is not null
    and ${done ? sql`w.rectified_at is not null` : sql`w.rectified_at is null`}
    ${stationIds ? sql`and w.station_id = any(${stationIds}::uuid[])` : sql``}`;
  const key = done ? 'w.rectified_at' : 'w.rectification_due_at';
  const keyRef = sql.ref(key);
  const page = after
    ? done
      ? sql`and (${keyRef}, w.id) < (${after[0]}::timestamptz, ${after[1]}::uuid)`
      : sql`and (${keyRef}, w.id) > (${after[0]}::timestamptz, ${after[1]}::uuid)`
    : sql``;
  // LIMIT as a literal (the schema bounds it), as db's pageLimit: a parameter costs a fresh plan per call.
  const { rows } = await sql<Row>`
    select w.id, w.number, w.kind, w.title, w.status, w.station_id, s.name as station_name, e.name as enterprise_name,
           u.display_name as assignee_name, r.rating, r.source as rating_source, r.at as rated_at, r.note as rating_note,
           w.rectification_due_at as due_at, w.rectified_at, ru.display_name as rectified_by_name, w.rectification_note,
           ${cursorInstant(key)} as sort_at
      from work_items w
      join stations s on s.tenant_id = w.tenant_id and s.id = w.station_id
      left join enterprises e on e.tenant_id = w.tenant_id and e.id = w.enterprise_id
      left join users u on u.id = w.assignee_id
      left join users ru on ru.id = w.rectified_by
      left join lateral (
        select x.at, x.data->>'rating' as rating, x.data->>'source' as source, x.note
          from work_item_events x
         where x.tenant_id = w.tenant_id and x.item_id = w.id and x.action in ('visit', 'redo') and x.data ? 'rectificationDueAt'
         order by x.at desc
         limit 1) r on true
     where ${where} ${page}
     order by ${keyRef} ${done ? sql`desc` : sql`asc`}, w.id ${done ? sql`desc` : sql`asc`}
     limit ${sql.lit(limit + 1)}`.execute(ctx.trx);
  const total = await sql<{ n: number }>`select count(*)::int as n from work_items w where ${where}`.execute(ctx.trx);
  const shown = rows.slice(0, limit);
  const last = shown.at(-1);
  const now = new Date();
  return {
    items: shown.map((r) => {
      const facts = { status: r.status, rectificationDueAt: new Date(r.due_at), rectifiedAt: r.rectified_at === null ? null : new Date(r.rectified_at) };
      const state = rectificationState(facts, now);
      return {
        itemId: r.id,
        number: r.number,
        kind: r.kind,
        title: r.title,
        status: r.status,
        stationId: r.station_id,
        stationName: r.station_name,
        enterpriseName: r.enterprise_name,
        assigneeName: r.assignee_name,
        rating: r.rating,
        ratingSource: r.rating_source,
        ratedAt: r.rated_at,
        ratingComment: commentOf(r.rating_note),
        dueAt: r.due_at,
        state: state === 'none' ? 'open' : state,
        rectifiedAt: r.rectified_at,
        rectifiedByName: r.rectified_by_name,
        rectificationNote: r.rectification_note,
        canMarkRectified: markRectifiedRefusal(facts) === null,
      };
    }),
    nextCursor: rows.length > limit && last ? rectificationCursor.encode([last.sort_at, last.id]) : null,
    total: total.rows[0]!.n,
  };
}

/**
 * 整改完成: staff (of the item's station) or a manager mark the rectification a 不满意 rating left
 * done, saying what was done. Refused when there is none, when it is done already, and while the
 * item is handled again after 重办 (resolving it is the rectification) — core's markRectifiedRefusal,
 * checked on the locked row so two marks at once cannot both pass. Audited, and a line in the
 * item's history (the station's own: internal).
 */
export async function markRectified(ctx: TenantContext, input: MarkRectifiedInput): Promise<MarkRectifiedOutput> {
  if (ctx.actor.role === 'enterprise_admin') throw forbidden('errors.roleNotAllowed');
  const item = await requireWorkItem(ctx, input.itemId, { lock: true });
  const dueAt = item.rectification_due_at === null ? null : new Date(item.rectification_due_at);
  const refused = markRectifiedRefusal({ status: item.status, rectificationDueAt: dueAt, rectifiedAt: item.rectified_at === null ? null : new Date(item.rectified_at) });
  if (refused) throw refused;
  const now = new Date();
  const onTime = dueAt !== null && now.getTime() <= dueAt.getTime();
  await ctx.trx
    .updateTable('work_items')
    .set({ rectified_at: now, rectified_by: ctx.actor.userId, rectification_note: input.note, updated_at: now, version: item.version + 1 })
    .where('id', '=', item.id)
    .execute();
  await recordEvent(ctx, item.id, { action: 'rectified', note: input.note, data: { dueAt: item.rectification_due_at, onTime }, internal: true });
  await repo.recordAudit(ctx.trx, {
    tenantId: ctx.tenantId,
    actorUserId: ctx.actor.userId,
    action: 'workItem.rectified',
    subjectType: 'work_item',
    subjectId: item.id,
    data: { number: item.number, dueAt: item.rectification_due_at, onTime },
    ip: ctx.actor.ip,
  });
  return { itemId: item.id, rectifiedAt: now.toISOString(), onTime };
}

interface Row {
  id: string;
  number: string;
  kind: WorkItemKind;
  title: string;
  status: WorkItemStatus;
  station_id: string;
  station_name: string;
  enterprise_name: string | null;
  assignee_name: string | null;
  rating: Rating | null;
  rating_source: 'portal' | 'phone' | null;
  rated_at: string | null;
  rating_note: string | null;
  due_at: string;
  rectified_at: string | null;
  rectified_by_name: string | null;
  rectification_note: string | null;
  sort_at: string;
}
