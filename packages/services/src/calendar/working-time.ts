import { calendarMissingYears, defaultBusinessHours, defaultSlaPolicies, type Priority, type SlaPolicy, type WorkCalendar, type WorkItemKind } from '@stationdesk/core';
import type { Tx } from '@stationdesk/db';

/** The working calendar with the years whose holiday schedule the tenant has entered. */
export interface TenantCalendar extends WorkCalendar {
  /** Years with holidays or make-up days; any other year is walked as weekends only (an estimate). */
  holidayYears: number[];
}

/**
 * The tenant's working calendar as the SLA maths needs it. Holidays and make-up days are loaded
 * for a window around now (a little over a year back, two ahead): due times are computed near the
 * present, and the table grows a few dozen rows a year.
 */
export async function loadCalendar(trx: Tx, timezone: string): Promise<TenantCalendar> {
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
    // The years the walk above can see a schedule for: what it could not see is an estimate.
    holidayYears: [...new Set(days.map((d) => Number(d.day.slice(0, 4))))].sort((a, b) => a - b),
  };
}

type Instant = string | Date | null;
const asDate = (v: Instant) => (v === null ? null : new Date(v));

/** The years without a schedule that an item's due times (as they will be stored) were counted across. */
export function missingYearsOf(
  calendar: TenantCalendar,
  policy: SlaPolicy,
  item: { kind: WorkItemKind; created_at: string | Date; first_contact_at: Instant; first_contact_due_at: Instant; resolution_due_at: Instant; extension_due_at: Instant },
): number[] {
  return calendarMissingYears(calendar.holidayYears, calendar.timezone, policy, {
    kind: item.kind,
    createdAt: new Date(item.created_at),
    firstContactAt: asDate(item.first_contact_at),
    firstContactDueAt: asDate(item.first_contact_due_at),
    resolutionDueAt: asDate(item.resolution_due_at),
    extensionDueAt: asDate(item.extension_due_at),
  });
}

/** Marks one item's due times again after a step moved them (an agency deadline, a resume, an extension). */
export async function markCalendarEstimate(trx: Tx, timezone: string, itemId: string, calendar?: TenantCalendar): Promise<void> {
  const item = await trx
    .selectFrom('work_items')
    .select(['kind', 'priority', 'created_at', 'first_contact_at', 'first_contact_due_at', 'resolution_due_at', 'extension_due_at'])
    .where('id', '=', itemId)
    .executeTakeFirstOrThrow();
  const years = missingYearsOf(calendar ?? (await loadCalendar(trx, timezone)), await loadPolicy(trx, item.kind, item.priority), item);
  await trx.updateTable('work_items').set({ calendar_missing_years: years }).where('id', '=', itemId).execute();
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
