import { defaultBusinessHours, defaultSlaPolicies, parseHolidaySchedule, priorities, workItemKinds, type HolidayScheduleYear } from '@stationdesk/core';
import type { Tx } from '../tenant.ts';
import schedule from './cn-public-holidays.json' with { type: 'json' };

/**
 * The State Council General Office's holiday schedules (国务院办公厅 放假安排) bundled with the app,
 * a copy of shared/data/cn-public-holidays.json: the demo seed and the one-click import of an
 * official year read it, so nothing outside the project is read at run time.
 */
export const officialHolidaySchedule: unknown = schedule;

/** The days of parsed years as calendar_days has them: holidays named after their festival, make-up days unnamed. */
export function scheduleDays(years: readonly HolidayScheduleYear[]): { day: string; kind: 'holiday' | 'workday'; name: string | null }[] {
  return years
    .flatMap((y) => [
      ...y.holidays.map((h) => ({ day: h.date, kind: 'holiday' as const, name: h.name })),
      ...y.makeupWorkdays.map((day) => ({ day, kind: 'workday' as const, name: null })),
    ])
    .sort((a, b) => (a.day < b.day ? -1 : 1));
}

/**
 * A demo tenant's working calendar (standard street-office hours, every bundled year of holidays
 * and make-up days) and the default SLA policy of every kind and priority, written out as rows so
 * the settings page shows what a configured tenant looks like.
 */
export async function seedDemoCalendar(trx: Tx, tenantId: string): Promise<void> {
  const parsed = parseHolidaySchedule(officialHolidaySchedule);
  if (!parsed.ok) throw new Error(`bundled holiday schedule is invalid: ${parsed.errors.join(', ')}`);
  await trx
    .insertInto('work_calendars')
    .values({ tenant_id: tenantId, business_hours: JSON.stringify(defaultBusinessHours), weekend_days: [0, 6] })
    .execute();
  await trx.insertInto('calendar_days').values(scheduleDays(parsed.years).map((d) => ({ tenant_id: tenantId, ...d }))).execute();
  const policies = workItemKinds.flatMap((kind) =>
    priorities.map((priority) => {
      const p = defaultSlaPolicies[kind][priority];
      if (p.firstContact.unit === 'same_working_day') throw new Error(`default first-contact unit of ${kind}/${priority} cannot be same_working_day`);
      return {
        tenant_id: tenantId,
        kind,
        priority,
        first_contact_value: p.firstContact.value,
        first_contact_unit: p.firstContact.unit,
        resolution_value: p.resolution.value,
        resolution_unit: p.resolution.unit,
      };
    }),
  );
  await trx.insertInto('sla_policies').values(policies).execute();
}
