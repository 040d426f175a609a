import type { RouterOutputs } from '@stationdesk/api';
import { agencySteps, type AgencyStepName } from '@stationdesk/core';

// The shapes the agency pages render: the procedures' answers (RouterOutputs), types only.
/** The staff's queue (the agency pages are the station's; an enterprise admin's answer is the portal's). */
export type AgencyQueuePage = Exclude<RouterOutputs['agencyCase']['queue'], { audience: 'portal' }>;
export type AgencyQueueRow = AgencyQueuePage['items'][number];
export type AgencyHandoverRow = RouterOutputs['agencyCase']['handover']['items'][number];
export type AgencyType = RouterOutputs['agencyType']['list'][number];
export type AgencyChecklistEntry = AgencyType['checklist'][number];

export const agencyPageSize = 50;

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (v: string) => uuid.test(v);

// ——— the queue's filters, kept in the URL ———

export interface AgencyFilters {
  step: '' | AgencyStepName;
  type: string;
  station: string;
}

export function readAgencyFilters(sp: URLSearchParams): AgencyFilters {
  const get = (k: string) => (sp.get(k) ?? '').trim();
  const step = get('step');
  return {
    step: (agencySteps as readonly string[]).includes(step) ? (step as AgencyStepName) : '',
    type: isUuid(get('type')) ? get('type') : '',
    station: isUuid(get('station')) ? get('station') : '',
  };
}

/** `?step=…&type=…` for these filters (empty ones left out), plus any extra pairs. */
export function agencyQuery(f: AgencyFilters, extra: Record<string, string> = {}): string {
  const sp = new URLSearchParams();
  if (f.station) sp.set('station', f.station);
  if (f.step) sp.set('step', f.step);
  if (f.type) sp.set('type', f.type);
  for (const [k, v] of Object.entries(extra)) if (v) sp.set(k, v);
  const s = sp.toString();
  return s ? `?${s}` : '';
}

export function toQueueInput(f: AgencyFilters) {
  return {
    ...(f.station ? { stationId: f.station } : {}),
    ...(f.step ? { step: f.step } : {}),
    ...(f.type ? { typeId: f.type } : {}),
  };
}

/** The handover sheet's `?ids=a,b,c` (the cases picked on the queue page), valid ids only, at most 100. */
export function readIds(value: string | null): string[] {
  return [...new Set((value ?? '').split(',').map((s) => s.trim()).filter(isUuid))].slice(0, 100);
}

/** How a row's deadline reads: late, at risk (two working days or less), fine — or done and waiting for pick-up. */
export type DueTone = 'overdue' | 'atRisk' | 'ok' | 'pickUp';

export function dueTone(row: Pick<AgencyQueueRow, 'step' | 'workingDaysLeft' | 'atRisk'>): DueTone {
  if (row.step === 'done') return 'pickUp';
  if (row.workingDaysLeft < 0) return 'overdue';
  return row.atRisk ? 'atRisk' : 'ok';
}

/** People who may take every one of the picked cases: those offered at each of their stations. */
export function commonAssignees<T extends { userId: string }>(byStation: Record<string, readonly T[]>, stationIds: readonly string[]): T[] {
  const [first, ...rest] = [...new Set(stationIds)];
  if (!first) return [];
  const start = byStation[first] ?? [];
  return start.filter((p) => rest.every((s) => (byStation[s] ?? []).some((q) => q.userId === p.userId)));
}
