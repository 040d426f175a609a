import { sql } from 'kysely';
import { awaitingVisitStatus, type WorkItemKind } from '@stationdesk/core';
import { cursorInstant, keysetCursor } from '@stationdesk/db';
import type { TenantContext } from '../context.ts';
import type { VisitQueueInput, VisitQueueOutput } from './queue.schema.ts';
import { visitStations } from './scope.ts';

/** Oldest resolution first: (resolved_at, id) of the last row shown. */
const queueCursor = keysetCursor('instant', 'id');

/**
 * 待回访: the items resolved and neither rated (portal) nor visited (phone) since — core's
 * awaitingVisitStatus —, in the stations the actor works for, oldest resolution first (the one
 * waiting longest is called first), keyset-paged on work_items_awaiting_visit_idx (migration 0026).
 * The visit itself is workItem.recordVisit.
 */
export async function visitQueue(ctx: TenantContext, input: VisitQueueInput): Promise<VisitQueueOutput> {
  const stationIds = await visitStations(ctx, input.stationId);
  const limit = input.limit ?? 50;
  const after = input.cursor ? queueCursor.decode(input.cursor) : null;
  const where = sql`w.tenant_id = ${ctx.tenantId} and w.status = ${awaitingVisitStatus} and w.resolved_at is not null
    ${stationIds ? sql`and w.station_id = any(${stationIds}::uuid[])` : sql``}
    ${input.kind ? sql`and w.kind = ${input.kind}` : sql``}`;
  // LIMIT as a literal (the schema bounds it), as db's pageLimit: a parameter costs a fresh plan per call.
  const { rows } = await sql<Row>`
    select w.id, w.number, w.kind, w.title, w.station_id, s.name as station_name, w.enterprise_id, e.name as enterprise_name,
           w.assignee_id, u.display_name as assignee_name, w.requester_name, w.requester_phone,
           ${cursorInstant('w.resolved_at')} as resolved_at
      from work_items w
      join stations s on s.tenant_id = w.tenant_id and s.id = w.station_id
      left join enterprises e on e.tenant_id = w.tenant_id and e.id = w.enterprise_id
      left join users u on u.id = w.assignee_id
     where ${where}
       ${after ? sql`and (w.resolved_at, w.id) > (${after[0]}::timestamptz, ${after[1]}::uuid)` : sql``}
     order by w.resolved_at, w.id
     limit ${sql.lit(limit + 1)}`.execute(ctx.trx);
  const total = await sql<{ n: number }>`select count(*)::int as n from work_items w where ${where}`.execute(ctx.trx);
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    items: page.map((r) => ({
      itemId: r.id,
      number: r.number,
      kind: r.kind,
      title: r.title,
      stationId: r.station_id,
      stationName: r.station_name,
      enterpriseId: r.enterprise_id,
      enterpriseName: r.enterprise_name,
      assigneeId: r.assignee_id,
      assigneeName: r.assignee_name,
      requesterName: r.requester_name,
      requesterPhone: r.requester_phone,
      resolvedAt: r.resolved_at,
    })),
    nextCursor: rows.length > limit && last ? queueCursor.encode([last.resolved_at, last.id]) : null,
    total: total.rows[0]!.n,
  };
}

interface Row {
  id: string;
  number: string;
  kind: WorkItemKind;
  title: string;
  station_id: string;
  station_name: string;
  enterprise_id: string | null;
  enterprise_name: string | null;
  assignee_id: string | null;
  assignee_name: string | null;
  requester_name: string | null;
  requester_phone: string | null;
  resolved_at: string;
}
