import { enterpriseSeesKind } from '@stationdesk/core';
import type { TenantActor } from '../context.ts';

export interface ItemScopeFacts {
  id: string;
  kind: string;
  station_id: string;
  enterprise_id: string | null;
}

/** Managers: all; staff: their stations' items; an enterprise admin: its own enterprise's items, never a patrol finding. */
export function canSeeWorkItem(actor: TenantActor, item: ItemScopeFacts): boolean {
  switch (actor.scope.kind) {
    case 'tenant':
      return true;
    case 'stations':
      return actor.scope.stationIds.includes(item.station_id);
    case 'enterprise':
      return item.enterprise_id === actor.scope.enterpriseId && enterpriseSeesKind(item.kind);
  }
}

/** Internal notes and internal history are the station's own: never shown to an enterprise admin. */
export function seesInternal(actor: TenantActor): boolean {
  return actor.role !== 'enterprise_admin';
}
