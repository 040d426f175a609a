import { localDate, zonedTimeToInstant } from '../calendar/time-zone.ts';
import { yearsWithoutCalendar } from '../calendar/missing-years.ts';
import { addWorkingDays, addWorkingHours, addWorkingMinutes, workingMinutesBetween, type WorkCalendar } from '../calendar/working-time.ts';
import type { WorkItemKind } from './number.ts';

/**
 * SLA time limits (DESIGN §4): on working time (the tenant calendar) or on the wall clock.
 * `same_working_day` is the urgent rule: by close of business of the day the clock starts.
 */
export const slaUnits = ['working_minutes', 'working_hours', 'working_days', 'same_working_day', 'calendar_hours', 'calendar_days'] as const;
export type SlaUnit = (typeof slaUnits)[number];
export const priorities = ['urgent', 'normal', 'low'] as const;
export type Priority = (typeof priorities)[number];

export interface SlaLimit {
  value: number;
  unit: SlaUnit;
}

export interface SlaPolicy {
  firstContact: SlaLimit;
  resolution: SlaLimit;
}

const HOUR = 3_600_000;
const isWorking = (unit: SlaUnit) => unit.startsWith('working') || unit === 'same_working_day';

function closeOfBusiness(cal: WorkCalendar, start: Date): Date {
  const date = localDate(start, cal.timezone);
  const last = cal.businessHours[cal.businessHours.length - 1]!;
  const [h, m] = last.end.split(':').map(Number) as [number, number];
  return new Date(zonedTimeToInstant(date, h * 60 + m, cal.timezone));
}

/** When a limit that starts at `from` runs out. */
export function addSlaTime(cal: WorkCalendar, from: Date, limit: SlaLimit): Date {
  switch (limit.unit) {
    case 'working_minutes':
      return addWorkingMinutes(cal, from, limit.value);
    case 'working_hours':
      return addWorkingHours(cal, from, limit.value);
    case 'working_days':
      return addWorkingDays(cal, from, limit.value);
    case 'same_working_day':
      // The clock starts at the next opening if it is after hours; due at that day's close.
      return closeOfBusiness(cal, addWorkingMinutes(cal, from, 0));
    case 'calendar_hours':
      return new Date(from.getTime() + limit.value * HOUR);
    case 'calendar_days':
      return new Date(from.getTime() + limit.value * 24 * HOUR);
  }
}

/** Minutes of the item's clock between two instants: working minutes or wall-clock minutes. */
export function clockMinutesBetween(cal: WorkCalendar, unit: SlaUnit, from: Date, to: Date): number {
  if (to <= from) return 0;
  return isWorking(unit) ? Math.round(workingMinutesBetween(cal, from, to)) : Math.round((to.getTime() - from.getTime()) / 60_000);
}

/** A due time pushed back by minutes of the same clock (time spent waiting for the enterprise). */
export function shiftByClock(cal: WorkCalendar, unit: SlaUnit, due: Date, minutes: number): Date {
  if (minutes <= 0) return due;
  return isWorking(unit) ? addWorkingMinutes(cal, due, minutes) : new Date(due.getTime() + minutes * 60_000);
}

export interface DueTimes {
  firstContactDueAt: Date;
  resolutionDueAt: Date;
}

/**
 * Due times of an item from its creation: first contact and resolution by policy, the resolution
 * pushed back by the time spent waiting, or replaced by an approved extension.
 */
export function dueTimes(
  cal: WorkCalendar,
  policy: SlaPolicy,
  createdAt: Date,
  opts: { pausedMinutes?: number; extensionDueAt?: Date | null } = {},
): DueTimes {
  const firstContactDueAt = addSlaTime(cal, createdAt, policy.firstContact);
  const base = addSlaTime(cal, createdAt, policy.resolution);
  const resolutionDueAt = opts.extensionDueAt ?? shiftByClock(cal, policy.resolution.unit, base, opts.pausedMinutes ?? 0);
  return { firstContactDueAt, resolutionDueAt };
}

/**
 * The rectification rule (整改): an item sent back for rework after an unsatisfied rating (重办), or
 * reopened by a manager, is due again within its own resolution limit — its kind and priority, the
 * tenant's policy — counted from that moment; the rectification an unsatisfied rating opens has the
 * same deadline. Never the old, already passed due time.
 */
export function rectificationDueAt(cal: WorkCalendar, policy: SlaPolicy, at: Date): Date {
  return addSlaTime(cal, at, policy.resolution);
}

/** An item's due times as stored, for telling whether they were counted across a year without a calendar. */
export interface ItemDueTimes {
  kind: WorkItemKind;
  createdAt: Date;
  firstContactAt: Date | null;
  firstContactDueAt: Date | null;
  resolutionDueAt: Date | null;
  extensionDueAt: Date | null;
}

/**
 * The years without a holiday schedule (`knownYears` are those with one) that an item's running due
 * times were counted across on working time — so those due times are estimates (weekends only). A
 * first contact already made, a wall-clock limit and an extension date a person chose count nothing;
 * an agency case is due by its statutory working days whatever the policy's unit.
 */
export function calendarMissingYears(knownYears: readonly number[], timezone: string, policy: SlaPolicy, item: ItemDueTimes): number[] {
  const missing = new Set<number>();
  const walk = (due: Date | null) => {
    if (due) for (const y of yearsWithoutCalendar(knownYears, timezone, item.createdAt, due)) missing.add(y);
  };
  if (!item.firstContactAt && isWorking(policy.firstContact.unit)) walk(item.firstContactDueAt);
  if (!item.extensionDueAt && (item.kind === 'agency' || isWorking(policy.resolution.unit))) walk(item.resolutionDueAt);
  return [...missing].sort((a, b) => a - b);
}

/**
 * Defaults per kind and priority (DESIGN §3; editable per tenant): urgent the same working day;
 * consultation 3 working days; agency 5 working days until its own statutory limit applies;
 * disputes 30 days; patrol findings by tier — red 2 h, yellow 24 h, blue 72 h.
 */
export const defaultSlaPolicies: Record<WorkItemKind, Record<Priority, SlaPolicy>> = {
  consultation: {
    urgent: { firstContact: { value: 30, unit: 'working_minutes' }, resolution: { value: 1, unit: 'same_working_day' } },
    normal: { firstContact: { value: 4, unit: 'working_hours' }, resolution: { value: 3, unit: 'working_days' } },
    low: { firstContact: { value: 1, unit: 'working_days' }, resolution: { value: 5, unit: 'working_days' } },
  },
  agency: {
    urgent: { firstContact: { value: 30, unit: 'working_minutes' }, resolution: { value: 1, unit: 'same_working_day' } },
    normal: { firstContact: { value: 1, unit: 'working_days' }, resolution: { value: 5, unit: 'working_days' } },
    low: { firstContact: { value: 2, unit: 'working_days' }, resolution: { value: 10, unit: 'working_days' } },
  },
  dispute: {
    urgent: { firstContact: { value: 2, unit: 'calendar_hours' }, resolution: { value: 15, unit: 'calendar_days' } },
    normal: { firstContact: { value: 1, unit: 'working_days' }, resolution: { value: 30, unit: 'calendar_days' } },
    low: { firstContact: { value: 2, unit: 'working_days' }, resolution: { value: 30, unit: 'calendar_days' } },
  },
  patrol: {
    urgent: { firstContact: { value: 1, unit: 'calendar_hours' }, resolution: { value: 2, unit: 'calendar_hours' } },
    normal: { firstContact: { value: 4, unit: 'calendar_hours' }, resolution: { value: 24, unit: 'calendar_hours' } },
    low: { firstContact: { value: 24, unit: 'calendar_hours' }, resolution: { value: 72, unit: 'calendar_hours' } },
  },
};

/** Standard weekday hours of a Shanghai street office, before a tenant edits them. */
export const defaultBusinessHours = [
  { start: '09:00', end: '12:00' },
  { start: '13:00', end: '17:30' },
];
