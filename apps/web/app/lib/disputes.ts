import type { RouterOutputs } from '@stationdesk/api';
import type { ActionDone } from './action-result.ts';
import { agreementPerformances, disputeOutcomes, disputeSources, disputeTypes, riskLevels, type AgreementPerformance, type DisputeOutcome, type DisputeSource, type DisputeType, type RiskLevel } from '@stationdesk/core';

// The shapes the dispute pages render: the procedures' answers (RouterOutputs), types only.
export type DisputeDetail = RouterOutputs['dispute']['get'];
export type DisputeParty = DisputeDetail['parties'][number];
export type DisputeRow = RouterOutputs['dispute']['list']['items'][number];
export type DisputePage = RouterOutputs['dispute']['list'];
export type DisputeCounts = RouterOutputs['dispute']['counts'];
export type DisputeCountRow = DisputeCounts['rows'][number];
export type DisputeSummary = DisputeCounts['summary'];
export type DisputeWarning = RouterOutputs['warning']['list']['items'][number];
export type EnterpriseRisk = RouterOutputs['dispute']['enterpriseRisk'][number];
export type RiskSettings = RouterOutputs['dispute']['settings']['risk'];

/** What a dispute form's action may answer in place (lib/action-result.ts): a revealed party, or the agreement's file to download. */
export type DisputeDone = ActionDone<{ revealed?: RevealedParty; fileId?: string }>;

export interface RevealedParty {
  id: string;
  name: string;
  phone: string | null;
  idNumber: string | null;
}

export const disputePageSize = 50;
export const outcomeFilters = [...disputeOutcomes, 'pending'] as const;

// ——— the list's filters, kept in the URL with the procedure's own names ———

/** Every filter of `dispute.list` ('' = not set), so any number of the counts links to its cases. */
export interface DisputeFilters {
  from: string;
  to: string;
  stationId: string;
  month: string;
  type: '' | DisputeType;
  source: '' | DisputeSource;
  outcome: '' | DisputeOutcome | 'pending';
  riskLevel: '' | RiskLevel;
  state: '' | 'open' | 'closed';
  performed: '' | AgreementPerformance;
  warning: '' | 'raised' | 'acknowledged';
  enterpriseId: string;
}

export const filterNames = ['from', 'to', 'stationId', 'month', 'type', 'source', 'outcome', 'riskLevel', 'state', 'performed', 'warning', 'enterpriseId'] as const;

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const day = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const monthPattern = /^\d{4}-(0[1-9]|1[0-2])$/;

function oneOf<T extends string>(choices: readonly T[], v: string): '' | T {
  return (choices as readonly string[]).includes(v) ? (v as T) : '';
}

/** The filters from the URL; anything malformed is dropped rather than refused. */
export function readDisputeFilters(sp: URLSearchParams): DisputeFilters {
  const get = (k: string) => (sp.get(k) ?? '').trim();
  return {
    from: day.test(get('from')) ? get('from') : '',
    to: day.test(get('to')) ? get('to') : '',
    stationId: uuid.test(get('stationId')) ? get('stationId') : '',
    month: monthPattern.test(get('month')) ? get('month') : '',
    type: oneOf(disputeTypes, get('type')),
    source: oneOf(disputeSources, get('source')),
    outcome: oneOf(outcomeFilters, get('outcome')),
    riskLevel: oneOf(riskLevels, get('riskLevel')),
    state: oneOf(['open', 'closed'] as const, get('state')),
    performed: oneOf(agreementPerformances, get('performed')),
    warning: oneOf(['raised', 'acknowledged'] as const, get('warning')),
    enterpriseId: uuid.test(get('enterpriseId')) ? get('enterpriseId') : '',
  };
}

/** `dispute.list`'s input for these filters (only what is set). */
export function toDisputeListInput(f: DisputeFilters) {
  return {
    ...(f.from ? { from: f.from } : {}),
    ...(f.to ? { to: f.to } : {}),
    ...(f.stationId ? { stationId: f.stationId } : {}),
    ...(f.month ? { month: f.month } : {}),
    ...(f.type ? { type: f.type } : {}),
    ...(f.source ? { source: f.source } : {}),
    ...(f.outcome ? { outcome: f.outcome } : {}),
    ...(f.riskLevel ? { riskLevel: f.riskLevel } : {}),
    ...(f.state ? { state: f.state } : {}),
    ...(f.performed ? { performed: f.performed } : {}),
    ...(f.warning ? { warning: f.warning } : {}),
    ...(f.enterpriseId ? { enterpriseId: f.enterpriseId } : {}),
  };
}

/** The query string of these filters (only what is set, in a fixed order), plus extras such as a cursor. */
export function disputeQuery(f: Partial<DisputeFilters>, extra: Record<string, string> = {}): string {
  const sp = new URLSearchParams();
  for (const k of filterNames) {
    const v = f[k];
    if (v) sp.set(k, v);
  }
  for (const [k, v] of Object.entries(extra)) sp.set(k, v);
  const s = sp.toString();
  return s ? `?${s}` : '';
}

export function activeFilterCount(f: DisputeFilters): number {
  return filterNames.filter((k) => f[k] !== '').length;
}

// ——— the counts' period ———

/** This year, as the counts open by default: 1 January to 31 December of today's year. */
export function thisYear(today: string): { from: string; to: string } {
  const year = today.slice(0, 4);
  return { from: `${year}-01-01`, to: `${year}-12-31` };
}

/** 'YYYY-MM' of every month the period touches, in order. */
export function monthsOf(from: string, to: string): string[] {
  const out: string[] = [];
  let [y, m] = from.split('-').map(Number) as [number, number];
  const [ty, tm] = to.split('-').map(Number) as [number, number];
  while (y < ty || (y === ty && m <= tm)) {
    out.push(`${y}-${String(m).padStart(2, '0')}`);
    m += 1;
    if (m > 12) {
      m = 1;
      y += 1;
    }
  }
  return out;
}

// ——— risk ———

export interface RiskFactorView {
  indicator: string;
  points: number;
}

/** The stored factors (JSON) as a list; anything unexpected is skipped. */
export function riskFactors(value: unknown): RiskFactorView[] {
  const list = typeof value === 'string' ? safeJson(value) : value;
  if (!Array.isArray(list)) return [];
  return list.flatMap((f) =>
    typeof f === 'object' && f !== null && typeof (f as RiskFactorView).indicator === 'string' && typeof (f as RiskFactorView).points === 'number' ? [f as RiskFactorView] : [],
  );
}

function safeJson(s: string): unknown {
  try {
    return JSON.parse(s);
  } catch {
    return null;
  }
}

/** Yuan with thousands separators and at most two decimals. */
export function formatYuan(amount: number, lang: string): string {
  return amount.toLocaleString(lang === 'en' ? 'en' : 'zh-CN', { maximumFractionDigits: 2 });
}
