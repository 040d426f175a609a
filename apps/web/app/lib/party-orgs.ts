import { partyOrgStatuses, partyOrgTypes } from '@stationdesk/core';

type Type = (typeof partyOrgTypes)[number];
type Status = (typeof partyOrgStatuses)[number];

export interface PartyOrgFilters {
  type?: Type;
  status?: Status;
  stationId?: string;
  q?: string;
}

/** A page of /party/orgs (and of each "load more"). */
export const partyOrgPageSize = 50;

/** The registry's filters as the URL carries them; anything unknown is dropped. */
export function readPartyOrgFilters(params: URLSearchParams): PartyOrgFilters {
  const type = params.get('type') ?? '';
  const status = params.get('status') ?? '';
  const stationId = params.get('stationId') ?? '';
  const q = (params.get('q') ?? '').trim().slice(0, 50);
  return {
    ...((partyOrgTypes as readonly string[]).includes(type) ? { type: type as Type } : {}),
    ...((partyOrgStatuses as readonly string[]).includes(status) ? { status: status as Status } : {}),
    ...(/^[0-9a-f-]{36}$/.test(stationId) ? { stationId } : {}),
    ...(q ? { q } : {}),
  };
}

/** `?type=…&cursor=…` for the filters (and extra parameters), or '' when there are none. */
export function partyOrgQuery(filters: PartyOrgFilters, extra: Record<string, string> = {}): string {
  const sp = new URLSearchParams();
  for (const [k, v] of Object.entries({ ...filters, ...extra })) if (v) sp.set(k, v);
  const s = sp.toString();
  return s ? `?${s}` : '';
}
