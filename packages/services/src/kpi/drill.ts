import { sql, type RawBuilder } from 'kysely';
import { forbidden, type KpiMetric, type WorkItemKind, type WorkItemStatus } from '@stationdesk/core';
import { cursorInstant, keysetCursor } from '@stationdesk/db';
import type { TenantContext } from '../context.ts';
import type { KpiDrillInput, KpiDrillOutput } from './drill.schema.ts';
import { inScope, periodInstants, resolveKpiScope } from './scope.ts';

/** The time each item metric counts an item at: the column its day is taken from (kpi_item_cells). */
const itemClock: Partial<Record<KpiMetric, string>> = {
  firstContact: 'first_contact_due_at',
  onTime: 'resolution_due_at',
  extension: 'resolution_due_at',
  resolution: 'resolved_at',
  resolutionDeclared: 'resolved_at',
  redo: 'resolved_at',
  rectification: 'rectification_due_at',
  returned: 'created_at',
};

/** Oldest first: (the counted time, the row's id) of the last row shown. */
const drillCursor = keysetCursor('instant', 'id');

/**
 * The exact rows behind one number of the figures: the cells of the same SQL definition the rollup
 * is kept by (kpi_item_cells / kpi_event_cells, migration 0023), in the same period and scope, in
 * order of the time they are counted at — so a list walked to its end has as many rows as the number
 * says. Items for the item metrics; history lines (a rating, a return) for satisfaction and the
 * returns counted, so an item rated twice is listed twice.
 */
export async function kpiDrill(ctx: TenantContext, input: KpiDrillInput): Promise<KpiDrillOutput> {
  // Per handler is the managers' table (kpi.byStaff), so its drill-down is theirs too.
  if (input.staffId !== undefined && ctx.actor.role !== 'manager') throw forbidden('errors.roleNotAllowed');
  const scope = await resolveKpiScope(ctx, input);
  // Items and lines count at their item's current handler, as in the rollup (kpi_staff).
  const byStaff = input.staffId === undefined ? sql`` : input.staffId === null ? sql`and w.assignee_id is null` : sql`and w.assignee_id = ${input.staffId}::uuid`;
  const { fromAt, toAt } = periodInstants(ctx, scope.period);
  const limit = input.limit ?? 50;
  const after = input.cursor ? drillCursor.decode(input.cursor) : null;
  const part = input.part === 'numerator' ? sql`x.numerator = 1` : sql`x.denominator = 1`;
  const column = input.metric === 'returned' && input.part === 'numerator' ? undefined : itemClock[input.metric];

  let rows: RawBuilder<Row>;
  if (column) {
    const at = sql.ref(`w.${column}`);
    rows = sql<Row>`
      select w.id as item_id, w.number, w.kind, w.title, w.status, w.station_id, s.name as station_name,
             ${cursorInstant(`w.${column}`)} as at, x.numerator = 1 as scored, w.id as row_id
        from work_items w
        join stations s on s.tenant_id = w.tenant_id and s.id = w.station_id
        cross join lateral kpi_item_cells(${ctx.timezone}, w) x
       where w.tenant_id = ${ctx.tenantId} and ${at} >= ${fromAt} and ${at} < ${toAt} ${inScope(scope, 'w')} ${byStaff}
         and x.metric = ${input.metric} and ${part}
         ${after ? sql`and (${at}, w.id) > (${after[0]}::timestamptz, ${after[1]}::uuid)` : sql``}
       order by ${at}, w.id
       limit ${limit + 1}`;
  } else {
    rows = sql<Row>`
      select w.id as item_id, w.number, w.kind, w.title, w.status, w.station_id, s.name as station_name,
             ${cursorInstant('e.at')} as at, x.numerator = 1 as scored, e.id as row_id
        from work_item_events e
        join work_items w on w.tenant_id = e.tenant_id and w.id = e.item_id
        join stations s on s.tenant_id = w.tenant_id and s.id = w.station_id
        cross join lateral kpi_event_cells(${ctx.timezone}, e) x
       where e.tenant_id = ${ctx.tenantId} and e.at >= ${fromAt} and e.at < ${toAt}
         and (e.action = 'return' or (e.action in ('visit', 'redo') and e.data ? 'rating')) ${inScope(scope, 'w')} ${byStaff}
         and x.metric = ${input.metric} and ${part}
         ${after ? sql`and (e.at, e.id) > (${after[0]}::timestamptz, ${after[1]}::uuid)` : sql``}
       order by e.at, e.id
       limit ${limit + 1}`;
  }
  const found = (await rows.execute(ctx.trx)).rows;
  const page = found.slice(0, limit);
  const last = page[page.length - 1];
  return {
    items: page.map((r) => ({
      itemId: r.item_id,
      number: r.number,
      kind: r.kind,
      title: r.title,
      status: r.status,
      stationId: r.station_id,
      stationName: r.station_name,
      at: r.at,
      scored: r.scored,
    })),
    nextCursor: found.length > limit && last ? drillCursor.encode([last.at, last.row_id]) : null,
  };
}

interface Row {
  item_id: string;
  number: string;
  kind: WorkItemKind;
  title: string;
  status: WorkItemStatus;
  station_id: string;
  station_name: string;
  at: string;
  scored: boolean;
  row_id: string;
}
