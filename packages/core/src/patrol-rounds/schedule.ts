import { addDays, isRealDate, weekdayOf } from '../calendar/time-zone.ts';
import { isWorkingDay, type WorkCalendar } from '../calendar/working-time.ts';

/**
 * When a patrol plan (巡查计划) is walked: every day, on chosen weekdays, or on the tenant's
 * working days — holidays off, make-up Saturdays (调休上班) on, as the SLA calendar has them.
 */
export const patrolFrequencies = ['daily', 'weekly', 'working_days'] as const;
export type PatrolFrequency = (typeof patrolFrequencies)[number];

export interface PatrolSchedule {
  frequency: PatrolFrequency;
  /** For `weekly`: 0 = Sunday … 6 = Saturday; ignored otherwise. */
  weekdays: readonly number[];
}

/** How far back a generation that was not run catches up: older days are left unrecorded. */
export const PATROL_CATCH_UP_DAYS = 62;

/** Problems with a schedule as locale keys; [] when fine. */
export function scheduleProblems(s: PatrolSchedule): string[] {
  if (s.frequency !== 'weekly') return [];
  if (s.weekdays.length === 0) return ['errors.patrolRounds.noWeekdays'];
  if (s.weekdays.some((d) => !Number.isInteger(d) || d < 0 || d > 6) || new Set(s.weekdays).size !== s.weekdays.length) return ['errors.patrolRounds.badWeekdays'];
  return [];
}

/**
 * Whether a round of the plan is due on `date` (a local 'YYYY-MM-DD'). Only working-day plans
 * read the calendar (null will do for the others).
 */
export function roundDueOn(s: PatrolSchedule, cal: WorkCalendar | null, date: string): boolean {
  switch (s.frequency) {
    case 'daily':
      return true;
    case 'weekly':
      return s.weekdays.includes(weekdayOf(date));
    case 'working_days':
      if (!cal) throw new Error('roundDueOn: a working-day plan needs the calendar');
      return isWorkingDay(cal, date);
  }
}

/** The dates from `from` to `to` (both included) on which a round is due, in order. */
export function roundDates(s: PatrolSchedule, cal: WorkCalendar | null, from: string, to: string): string[] {
  if (!isRealDate(from) || !isRealDate(to)) throw new Error('roundDates: dates must be YYYY-MM-DD');
  const out: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) if (roundDueOn(s, cal, d)) out.push(d);
  return out;
}

/**
 * The days a generation run covers: from the day after the last one generated (or the plan's
 * first day) to today, at most PATROL_CATCH_UP_DAYS back. null: nothing to generate.
 * `resumedOn`: the day the tenant was last resumed after a suspension — the days before it that
 * were not generated fell in the suspension (nobody could sign in to walk them), so they get no
 * rounds at all rather than a burst of missed ones; the plan picks up from that day.
 */
export function generationRange(
  plan: { startsOn: string; generatedThrough: string | null },
  today: string,
  resumedOn: string | null = null,
): { from: string; to: string } | null {
  const next = plan.generatedThrough ? addDays(plan.generatedThrough, 1) : plan.startsOn;
  const earliest = addDays(today, -PATROL_CATCH_UP_DAYS);
  const from = [next, plan.startsOn, earliest, resumedOn ?? next].reduce((a, b) => (a > b ? a : b));
  return from <= today ? { from, to: today } : null;
}
