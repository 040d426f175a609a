import { defaultBusinessHours, defaultSlaPolicies, type Priority, type SlaPolicy, type WorkCalendar, type WorkItemKind } from '@stationdesk/core';
import type { Tx } from '@stationdesk/db';

/**
 * The tenant's working calendar as the SLA maths needs it. Holidays and make-up days are loaded
 * for a window around now (a little over a year back, two ahead): due times are computed near the
 * present, and the table grows a few dozen rows a year.
 */
export async function loadCalendar(trx: Tx, timezone: string): Promise<WorkCalendar> {
  const row = await trx.selectFrom('work_calendars').select(['business_hours', 'weekend_days']).executeTakeFirst();
  const days = await trx
    .selectFrom('calendar_days')
    .select(['day', 'kind'])
    .where('day', '>=', new Date(Date.now() - 400 * 86_400_000).toISOString().slice(0, 10))
    .where('day', '<=', new Date(Date.now() + 800 * 86_400_000).toISOString().slice(0, 10))
    .execute();
  return {
    timezone,
    businessHours: row?.business_hours ?? defaultBusinessHours,
    weekendDays: row?.weekend_days ?? [0, 6],
    holidays: days.filter((d) => d.kind === 'holiday').map((d) => d.day),
    makeupWorkdays: days.filter((d) => d.kind === 'workday').map((d) => d.day),
  };
}

/** The tenant's policy for a kind and priority, or the product default. */
export async function loadPolicy(trx: Tx, kind: WorkItemKind, priority: Priority): Promise<SlaPolicy> {
  const row = await trx
    .selectFrom('sla_policies')
    .selectAll()
    .where('kind', '=', kind)
    .where('priority', '=', priority)
    .executeTakeFirst();
  if (!row) return defaultSlaPolicies[kind][priority];
  return {
    firstContact: { value: row.first_contact_value, unit: row.first_contact_unit },
    resolution: { value: row.resolution_value, unit: row.resolution_unit },
  };
}
