import { classifyEnterpriseSearch, enterpriseStatuses, industries, type EnterpriseStatus, type Industry } from '@stationdesk/core';

/**
 * The registry's filters live in the URL (shareable, and the page works without scripts). One
 * reader for the loader, the "load more" endpoint and the export, so they always agree.
 */
export const expiringChoices = [30, 60, 90] as const;
export const listPageSize = 50;

export interface ListParams {
  q: string;
  station: string;
  building: string;
  status: string;
  tag: string;
  industry: string;
  expiring: string;
  sort: 'name' | 'updated';
}

export interface ListFilterInput {
  stationId?: string;
  buildingId?: string;
  status?: EnterpriseStatus;
  tagId?: string;
  industry?: Industry;
  expiringWithinDays?: number;
  q?: string;
  sort?: 'name' | 'updated';
}

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function readListParams(sp: URLSearchParams): ListParams {
  const get = (k: string) => (sp.get(k) ?? '').trim();
  return {
    q: (sp.get('q') ?? '').slice(0, 100),
    station: get('station'),
    building: get('building'),
    status: get('status'),
    tag: get('tag'),
    industry: get('industry'),
    expiring: get('expiring'),
    sort: get('sort') === 'updated' ? 'updated' : 'name',
  };
}

/** True when the search box holds something too short to search for (one character). */
export function searchTooShort(q: string): boolean {
  return q.trim() !== '' && classifyEnterpriseSearch(q) === null;
}

/** The procedure's filter input; anything malformed in the URL is ignored rather than refused. */
export function toFilterInput(p: ListParams): ListFilterInput {
  const days = Number(p.expiring);
  return {
    ...(uuid.test(p.station) ? { stationId: p.station } : {}),
    ...(uuid.test(p.building) ? { buildingId: p.building } : {}),
    ...((enterpriseStatuses as readonly string[]).includes(p.status) ? { status: p.status as EnterpriseStatus } : {}),
    ...(uuid.test(p.tag) ? { tagId: p.tag } : {}),
    ...((industries as readonly string[]).includes(p.industry) ? { industry: p.industry as Industry } : {}),
    ...((expiringChoices as readonly number[]).includes(days) ? { expiringWithinDays: days } : {}),
    ...(p.q.trim() && !searchTooShort(p.q) ? { q: p.q.trim() } : {}),
    sort: p.sort,
  };
}

/** The query string for these filters (only what is set), plus extras such as a cursor. */
export function listQuery(p: ListParams, extra: Record<string, string> = {}): string {
  const sp = new URLSearchParams();
  for (const [k, v] of Object.entries(p)) {
    if (k === 'sort' ? v !== 'name' : v.trim() !== '') sp.set(k, k === 'q' ? v.trim() : v);
  }
  for (const [k, v] of Object.entries(extra)) sp.set(k, v);
  const s = sp.toString();
  return s ? `?${s}` : '';
}

export function hasFilters(p: ListParams): boolean {
  return Boolean(p.q.trim() || p.station || p.building || p.status || p.tag || p.industry || p.expiring);
}
