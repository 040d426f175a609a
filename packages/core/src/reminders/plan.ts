import { localDate, zonedTimeToInstant, addDays, weekdayOf } from '../calendar/time-zone.ts';
import { calendarYearsNeeded } from '../calendar/missing-years.ts';
import { addWorkingDays, addWorkingMinutes, isWorkingDay, workingMinutesBetween, workingMinutesPerDay, type WorkCalendar } from '../calendar/working-time.ts';
import type { SlaUnit } from '../work-items/sla.ts';
import { isFinished } from '../work-items/lifecycle.ts';

/**
 * What must be reminded, as pure data (DESIGN §5). The services turn a plan into reminder rows
 * (scheduled, moved, cancelled) in the same transaction as the change that caused it.
 */
export const reminderChannels = ['inbox', 'email', 'webhook'] as const;
export type ReminderChannel = (typeof reminderChannels)[number];

/** Recipient rules, resolved to people when the reminder fires. */
export type RecipientRule = 'assignee' | 'managers' | 'enterprise_admins' | 'station_staff' | `user:${string}`;

export interface ReminderSpec {
  kind: string;
  /** Unique per tenant: the same reminder planned twice is one row; a moved due time is a new one. */
  key: string;
  dueAt: Date;
  recipients: RecipientRule[];
  channels: ReminderChannel[];
}

export interface ItemReminderFacts {
  id: string;
  status: string;
  channel: string;
  createdAt: Date;
  firstContactAt: Date | null;
  firstContactDueAt: Date | null;
  resolutionDueAt: Date | null;
  waitingSince: Date | null;
  resolvedAt: Date | null;
  rated: boolean;
  hasEnterprise: boolean;
  resolutionUnit: SlaUnit;
  firstContactUnit: SlaUnit;
}

/** Share of the first-contact window after which the handler is warned (before the breach). */
export const FIRST_CONTACT_WARNING_SHARE = 0.75;
export const WAITING_NUDGE_EVERY_DAYS = 2;
export const WAITING_NUDGE_MAX = 3;
export const RATING_REMINDER_AFTER_DAYS = 2;

const working = (unit: SlaUnit) => unit.startsWith('working') || unit === 'same_working_day';

/** The instant `share` of the way from `from` to `to`, measured on the item's clock. */
function shareOf(cal: WorkCalendar, unit: SlaUnit, from: Date, to: Date, share: number): Date {
  if (!working(unit)) return new Date(from.getTime() + (to.getTime() - from.getTime()) * share);
  return addWorkingMinutes(cal, from, Math.round(workingMinutesBetween(cal, from, to) * share));
}

/** One working day (or 24 hours on a wall clock) before `due`, but not before `from`. */
function dayBefore(cal: WorkCalendar, unit: SlaUnit, from: Date, due: Date): Date {
  if (!working(unit)) return new Date(Math.max(from.getTime(), due.getTime() - 24 * 3_600_000));
  const window = workingMinutesBetween(cal, from, due);
  return addWorkingMinutes(cal, from, Math.max(0, window - workingMinutesPerDay(cal)));
}

/** Every reminder an item should have now, given its state. */
export function planItemReminders(item: ItemReminderFacts, cal: WorkCalendar): ReminderSpec[] {
  const out: ReminderSpec[] = [];
  const add = (kind: string, dueAt: Date, recipients: RecipientRule[], channels: ReminderChannel[]) =>
    out.push({ kind, key: `wi:${item.id}:${kind}:${dueAt.toISOString()}`, dueAt, recipients, channels });

  if (!isFinished(item.status) && !item.firstContactAt && item.firstContactDueAt) {
    add('first_contact_warning', shareOf(cal, item.firstContactUnit, item.createdAt, item.firstContactDueAt, FIRST_CONTACT_WARNING_SHARE), ['assignee'], ['inbox']);
    add('first_contact_breach', item.firstContactDueAt, ['assignee', 'managers'], ['inbox', 'email']);
  }
  // While waiting the resolution clock is paused: its reminders return when the item resumes.
  if (!isFinished(item.status) && item.status !== 'waiting' && item.resolutionDueAt) {
    add('resolution_warning', dayBefore(cal, item.resolutionUnit, item.createdAt, item.resolutionDueAt), ['assignee'], ['inbox', 'email']);
    add('resolution_overdue', item.resolutionDueAt, ['assignee', 'managers'], ['inbox', 'email', 'webhook']);
  }
  if (item.status === 'waiting' && item.waitingSince && item.hasEnterprise) {
    for (let n = 1; n <= WAITING_NUDGE_MAX; n++) {
      add('waiting_nudge', addWorkingDays(cal, item.waitingSince, n * WAITING_NUDGE_EVERY_DAYS), ['enterprise_admins'], ['inbox', 'email']);
    }
  }
  if (item.status === 'resolved' && item.resolvedAt && !item.rated && item.hasEnterprise) {
    add('rating_invite', item.resolvedAt, ['enterprise_admins'], ['inbox', 'email']);
    add('rating_reminder', addWorkingDays(cal, item.resolvedAt, RATING_REMINDER_AFTER_DAYS), ['enterprise_admins'], ['inbox']);
  }
  return out;
}

/** Licence and lease expiry: 30 and 7 days before, at 09:00 local time. */
export function planDocumentReminders(doc: { id: string; expiresOn: string | null }, timezone: string): ReminderSpec[] {
  if (!doc.expiresOn) return [];
  return [30, 7].map((days) => {
    const dueAt = new Date(zonedTimeToInstant(addDays(doc.expiresOn!, -days), 9 * 60, timezone));
    return {
      kind: `document_expiry_${days}`,
      key: `doc:${doc.id}:${days}:${doc.expiresOn}`,
      dueAt,
      recipients: ['enterprise_admins', 'station_staff'] as RecipientRule[],
      channels: ['inbox', 'email'] as ReminderChannel[],
    };
  });
}

/** Days after a mediation agreement at which the station visits the parties (回访). */
export const DISPUTE_VISIT_DAYS = [7, 30] as const;

/**
 * Follow-up visits after an agreement: +7 and +30 calendar days, 09:00 local, to the handler and
 * the managers, until each visit is recorded. Other outcomes have no visits.
 */
export function planDisputeReminders(
  c: { itemId: string; outcome: string | null; outcomeAt: Date | null; visitsDone: readonly number[] },
  timezone: string,
): ReminderSpec[] {
  if (c.outcome !== 'agreement' || !c.outcomeAt) return [];
  const agreedOn = localDate(c.outcomeAt, timezone);
  return DISPUTE_VISIT_DAYS.filter((days) => !c.visitsDone.includes(days)).map((days) => ({
    kind: `dispute_visit_${days}`,
    key: `dv:${c.itemId}:${days}:${agreedOn}`,
    dueAt: new Date(zonedTimeToInstant(addDays(agreedOn, days), 9 * 60, timezone)),
    recipients: ['assignee', 'managers'] as RecipientRule[],
    channels: ['inbox', 'email'] as ReminderChannel[],
  }));
}

/** The staff digest: 08:30 local on working days. Returns null when today is not one. */
export function digestTime(cal: WorkCalendar, now: Date): Date | null {
  const today = localDate(now, cal.timezone);
  const at = new Date(zonedTimeToInstant(today, 8 * 60 + 30, cal.timezone));
  return isWorkingDay(cal, today) ? at : null;
}

/** The managers' weekly summary: Monday 09:00 local. */
export function weeklySummaryTime(timezone: string, now: Date): Date | null {
  const today = localDate(now, timezone);
  const weekday = new Date(`${today}T00:00:00Z`).getUTCDay();
  return weekday === 1 ? new Date(zonedTimeToInstant(today, 9 * 60, timezone)) : null;
}

/**
 * The managers' reminder that next year's holiday schedule is missing: 09:00 local on working days
 * from 1 December while the year is not in `knownYears`, once a week — `week` (the Monday of
 * today's week) goes into the reminder's key, so the first working day that plans it wins.
 */
export function calendarReminderTime(cal: WorkCalendar, knownYears: readonly number[], now: Date): { at: Date; year: number; week: string } | null {
  const today = localDate(now, cal.timezone);
  const year = Number(today.slice(0, 4)) + 1;
  if (!calendarYearsNeeded(today).includes(year) || knownYears.includes(year) || !isWorkingDay(cal, today)) return null;
  const week = addDays(today, -((weekdayOf(today) + 6) % 7));
  return { at: new Date(zonedTimeToInstant(today, 9 * 60, cal.timezone)), year, week };
}

export interface AgencyReminderFacts {
  itemId: string;
  step: string;
  createdAt: Date;
  statutoryDueAt: Date;
  missingRequired: number;
  doneAt: Date | null;
  result: string | null;
  pickedUpAt: Date | null;
}

/** Subtracts working days by walking: the instant N working days before `due` (not before `from`). */
function workingDaysBefore(cal: WorkCalendar, from: Date, due: Date, days: number): Date {
  const window = workingMinutesBetween(cal, from, due);
  return addWorkingMinutes(cal, from, Math.max(0, window - days * workingMinutesPerDay(cal)));
}

/**
 * An agency case's own reminders (issue 代办): the statutory deadline 5 and 2 working days ahead,
 * missing materials every 2 working days (at most 3), the department's decision overdue, and the
 * pick-up call when the permit is ready.
 */
export function planAgencyReminders(c: AgencyReminderFacts, cal: WorkCalendar): ReminderSpec[] {
  const out: ReminderSpec[] = [];
  const add = (kind: string, dueAt: Date, recipients: RecipientRule[], channels: ReminderChannel[]) =>
    out.push({ kind, key: `ag:${c.itemId}:${kind}:${dueAt.toISOString()}`, dueAt, recipients, channels });
  if (c.step !== 'done') {
    for (const days of [5, 2]) add(`statutory_due_${days}`, workingDaysBefore(cal, c.createdAt, c.statutoryDueAt, days), ['assignee', 'managers'], ['inbox', 'email']);
  }
  if (c.step === 'materials' && c.missingRequired > 0) {
    for (let n = 1; n <= WAITING_NUDGE_MAX; n++) {
      add('materials_missing', addWorkingDays(cal, c.createdAt, n * WAITING_NUDGE_EVERY_DAYS), ['enterprise_admins'], ['inbox', 'email']);
    }
  }
  if (c.step === 'under_review') add('department_overdue', c.statutoryDueAt, ['assignee', 'managers'], ['inbox', 'email', 'webhook']);
  if (c.step === 'done' && c.result === 'approved' && c.doneAt && !c.pickedUpAt) add('pick_up', c.doneAt, ['enterprise_admins'], ['inbox', 'email']);
  return out;
}
