import type { repo } from '@stationdesk/db';
import type { MembershipView } from './memberships.schema.ts';

export function toMembershipViews(rows: Awaited<ReturnType<typeof repo.listMembershipsOfUser>>): MembershipView[] {
  return rows.map((m) => ({
    tenantId: m.tenant_id,
    tenantName: m.tenant_name,
    tenantNameEn: m.tenant_name_en,
    tenantSlug: m.tenant_slug,
    timezone: m.tenant_timezone,
    role: m.role,
    stationIds: m.station_ids,
    enterpriseId: m.enterprise_id,
  }));
}
