import type { RouterOutputs } from '@stationdesk/api';
import { isStoredFloorLabel, patrolSources, patrolTiers, workItemStatuses } from '@stationdesk/core';

// The shapes the patrol finding pages render: the procedures' answers, types only.
export type PatrolFinding = RouterOutputs['patrolFinding']['get'];
export type PatrolFindingRow = RouterOutputs['patrolFinding']['list']['items'][number];
export type PatrolPlace = RouterOutputs['patrolFinding']['places'][number];
export type PatrolCategory = RouterOutputs['patrolCategory']['list'][number];
export type EnterpriseSuggestion = RouterOutputs['patrolFinding']['suggestEnterprises'][number];

export const findingsPageSize = 30;

/** A category's name: the tenant's own, else the default's words in the reader's language. */
export function categoryName(t: (key: string) => string, lang: string, categories: readonly PatrolCategory[], key: string): string {
  const c = categories.find((x) => x.key === key);
  if (c?.name) return lang === 'en' && c.nameEn ? c.nameEn : c.name;
  return c?.builtIn || !c ? t(`patrol.category.${key}`) : key;
}

export const findingStatusFilters = ['open', 'overdue', ...workItemStatuses] as const;

/** The list's filters, kept in the URL. */
export interface FindingFilters {
  stationId: string;
  category: string;
  tier: string;
  source: string;
  status: string;
  buildingId: string;
  floor: string;
  from: string;
  to: string;
}

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function readFindingFilters(sp: URLSearchParams): FindingFilters {
  const get = (k: string) => (sp.get(k) ?? '').trim();
  const oneOf = (k: string, values: readonly string[]) => (values.includes(get(k)) ? get(k) : '');
  return {
    stationId: uuid.test(get('stationId')) ? get('stationId') : '',
    category: /^[a-z][a-z0-9_]{1,39}$/.test(get('category')) ? get('category') : '',
    tier: oneOf('tier', patrolTiers),
    source: oneOf('source', patrolSources),
    status: oneOf('status', findingStatusFilters),
    buildingId: uuid.test(get('buildingId')) ? get('buildingId') : '',
    floor: isStoredFloorLabel(get('floor')) ? get('floor') : '',
    from: /^\d{4}-\d{2}-\d{2}$/.test(get('from')) ? get('from') : '',
    to: /^\d{4}-\d{2}-\d{2}$/.test(get('to')) ? get('to') : '',
  };
}

export function findingQuery(f: FindingFilters, extra: Record<string, string> = {}): string {
  const sp = new URLSearchParams();
  for (const [k, v] of Object.entries({ ...f, ...extra })) if (v) sp.set(k, v);
  const s = sp.toString();
  return s ? `?${s}` : '';
}

export const activeFindingFilters = (f: FindingFilters) => Object.values(f).filter(Boolean).length;

/** Red, yellow and blue as people see them on a sign: strong colours, with the word beside. */
export const tierClass: Record<string, string> = {
  red: 'bg-red-600 text-white ring-red-700',
  yellow: 'bg-amber-400 text-amber-950 ring-amber-500',
  blue: 'bg-sky-600 text-white ring-sky-700',
};

/** A photo as the file route serves it for an <img>. */
export const photoUrl = (fileId: string) => `/api/files/${fileId}?inline=1`;
