/**
 * The managers' KPIs (DESIGN §4, issue 18): what each figure counts, written once. Pure: the facts
 * of one item (or one history line) in, the cells it adds to the figures out. Each cell is one
 * metric on one local day (the tenant's zone) — the day of the event the metric counts — with the
 * item in its denominator and, if it scores, in its numerator. The rollup of migration 0023 is kept
 * by the same rules written in SQL (kpi_item_cells / kpi_event_cells); docs/decisions/013 states
 * them with their SQL, and the API tests compare every figure with a direct count.
 */
import { localDate } from '../calendar/time-zone.ts';
import { isFinished, isSatisfied, type Rating } from '../work-items/lifecycle.ts';

export const kpiMetrics = [
  /** 先行联系率: contacted by the end of the first-contact window / windows ending in the period. */
  'firstContact',
  /** 按时办结率: resolved by the due time (after approved extensions) / items due in the period. */
  'onTime',
  /** Items due in the period whose due time an approved extension moved (延期) / items due. */
  'extension',
  /** 诉求解决率: the requester confirmed it solved / items resolved in the period. */
  'resolution',
  /** The handler's own verdict (resolved_ok) over the same items — shown beside, never mixed in. */
  'resolutionDeclared',
  /** 重办率: items sent back at least once (不满意 → redo) / items resolved in the period. */
  'redo',
  /** 满意率: 非常满意 + 满意 + 基本满意 / ratings given in the period (each rating, portal or phone). */
  'satisfaction',
  'satisfactionPortal',
  'satisfactionPhone',
  /** 整改按时率: put right (整改完成, rectified_at) by the rectification deadline / rectifications due in the period. */
  'rectification',
  /** 退单率: returns (退单) in the period / items received in the period. */
  'returned',
] as const;
export type KpiMetric = (typeof kpiMetrics)[number];

/** The four the subdistrict reports (the dashboard's large figures). */
export const headlineMetrics = ['firstContact', 'resolution', 'onTime', 'satisfaction'] as const satisfies readonly KpiMetric[];

/** What the KPIs read of one work item (its current row). */
export interface KpiItemFacts {
  status: string;
  createdAt: Date;
  closedAt: Date | null;
  firstContactAt: Date | null;
  firstContactDueAt: Date | null;
  /** The due time the SLA keeps: pushed back by waiting (the paused clock) and by approved extensions. */
  resolutionDueAt: Date | null;
  resolvedAt: Date | null;
  resolvedOk: boolean | null;
  requesterConfirmed: boolean | null;
  redoCount: number;
  rectificationDueAt: Date | null;
  /**
   * When the rectification was done (整改完成): marked by staff, or the item resolved again after 重办.
   * Null while it is owed (or there is none).
   */
  rectifiedAt: Date | null;
  /** An extension was approved (extension_due_at is set). */
  extended: boolean;
}

/** What the KPIs read of one history line: ratings (回访, portal or phone) and returns. */
export interface KpiEventFacts {
  action: string;
  at: Date;
  /** The rating the line records (visit or redo from a rating), if any. */
  rating: Rating | null;
  source: 'portal' | 'phone' | null;
}

export interface KpiCell {
  metric: KpiMetric;
  /** Local date 'YYYY-MM-DD' in the tenant's zone. */
  day: string;
  numerator: 0 | 1;
  denominator: 0 | 1;
}

const bit = (b: boolean): 0 | 1 => (b ? 1 : 0);
const byTime = (at: Date | null, due: Date) => at !== null && at.getTime() <= due.getTime();

/**
 * Resolved and still so: 办结 and after. An item sent back (重办) leaves the figures of its earlier
 * resolution and counts again when it is resolved anew.
 */
function resolved(item: KpiItemFacts): item is KpiItemFacts & { resolvedAt: Date } {
  return item.resolvedAt !== null && isFinished(item.status);
}

/** Closed without being resolved: withdrawn (撤回) by the enterprise or the station. */
function withdrawn(item: KpiItemFacts): boolean {
  return item.status === 'closed' && item.resolvedAt === null;
}

/** The cells one work item adds, from its current facts. */
export function itemCells(item: KpiItemFacts, tz: string): KpiCell[] {
  const cells: KpiCell[] = [];
  const add = (metric: KpiMetric, at: Date, hit: boolean) =>
    cells.push({ metric, day: localDate(at, tz), numerator: bit(hit), denominator: 1 });

  // A request withdrawn before its window ended owed no contact; one withdrawn after it did.
  const fcDue = item.firstContactDueAt;
  if (fcDue && !(withdrawn(item) && item.closedAt && item.closedAt.getTime() < fcDue.getTime())) {
    add('firstContact', fcDue, byTime(item.firstContactAt, fcDue));
  }
  // A withdrawn request owes no resolution.
  const due = item.resolutionDueAt;
  if (due && !withdrawn(item)) {
    add('onTime', due, resolved(item) && byTime(item.resolvedAt, due));
    add('extension', due, item.extended);
  }
  if (resolved(item)) {
    add('resolution', item.resolvedAt, item.requesterConfirmed === true);
    add('resolutionDeclared', item.resolvedAt, item.resolvedOk === true);
    add('redo', item.resolvedAt, item.redoCount > 0);
  }
  if (item.rectificationDueAt) {
    add('rectification', item.rectificationDueAt, byTime(item.rectifiedAt, item.rectificationDueAt));
  }
  cells.push({ metric: 'returned', day: localDate(item.createdAt, tz), numerator: 0, denominator: 1 });
  return cells;
}

/** The actions whose lines the KPIs count (the rest add nothing). */
export const kpiEventActions = ['visit', 'redo', 'return'] as const;

/** The cells one history line adds: a rating counts on the day it was given, a return on its day. */
export function eventCells(event: KpiEventFacts, tz: string): KpiCell[] {
  const day = localDate(event.at, tz);
  if (event.action === 'return') return [{ metric: 'returned', day, numerator: 1, denominator: 0 }];
  if ((event.action === 'visit' || event.action === 'redo') && event.rating) {
    const hit = bit(isSatisfied(event.rating));
    const cells: KpiCell[] = [{ metric: 'satisfaction', day, numerator: hit, denominator: 1 }];
    if (event.source) cells.push({ metric: event.source === 'phone' ? 'satisfactionPhone' : 'satisfactionPortal', day, numerator: hit, denominator: 1 });
    return cells;
  }
  return [];
}

/** A figure: its numerator, denominator and their ratio (null when nothing was counted). */
export interface KpiFigure {
  numerator: number;
  denominator: number;
  rate: number | null;
}

export function kpiFigure(numerator: number, denominator: number): KpiFigure {
  return { numerator, denominator, rate: denominator > 0 ? numerator / denominator : null };
}

/** Adds cells (or sums of cells) up per metric: every metric gets a figure, 0 / 0 where nothing was counted. */
export function sumCells(cells: Iterable<{ metric: KpiMetric; numerator: number; denominator: number }>): Record<KpiMetric, KpiFigure> {
  const sums = new Map<KpiMetric, [number, number]>();
  for (const c of cells) {
    const s = sums.get(c.metric) ?? [0, 0];
    s[0] += c.numerator;
    s[1] += c.denominator;
    sums.set(c.metric, s);
  }
  return Object.fromEntries(kpiMetrics.map((m) => [m, kpiFigure(...(sums.get(m) ?? [0, 0]))])) as Record<KpiMetric, KpiFigure>;
}

/** Change of a rate against a comparison period, in percentage points; null when either has no rate. */
export function rateChange(current: KpiFigure, before: KpiFigure): number | null {
  if (current.rate === null || before.rate === null) return null;
  return (current.rate - before.rate) * 100;
}
