import { badRequest, calendarYearsNeeded, defaultBusinessHours, finishedStatuses, localDate, parseHolidaySchedule, validateCalendar, type HolidayScheduleYear } from '@stationdesk/core';
import { repo } from '@stationdesk/db';
import { officialHolidaySchedule, scheduleDays } from '@stationdesk/db/seed/demo-calendar';
import { sql } from 'kysely';
import type { TenantContext } from '../context.ts';
import type {
  CalendarDay,
  CalendarDaysOutput,
  GetCalendarInput,
  GetCalendarOutput,
  ImportBundledHolidaysInput,
  ImportHolidayYearInput,
  SetCalendarDaysInput,
  UpdateCalendarInput,
  UpdateCalendarOutput,
} from './calendar-settings.schema.ts';
import { lockSlaSettings, recomputeDueTimes, requireManager } from './recompute.ts';
import { requireCurrentVersion, settingsVersion } from './version.ts';

const yearStart = (year: number) => `${year}-01-01`;
const yearEnd = (year: number) => `${year}-12-31`;

/** A real 'YYYY-MM-DD' date of `year` (rejects 2026-02-30). */
function isDateOfYear(date: unknown, year: number): date is string {
  if (typeof date !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(date) || !date.startsWith(`${year}-`)) return false;
  const ms = Date.parse(`${date}T00:00:00Z`);
  return !Number.isNaN(ms) && new Date(ms).toISOString().slice(0, 10) === date;
}

type HoursRow = { business_hours: { start: string; end: string }[]; weekend_days: number[] } | undefined;
/** What a manager edits in the hours form: the tenant's, or the product default while there is none. */
const hoursOf = (row: HoursRow) => ({ businessHours: row?.business_hours ?? defaultBusinessHours, weekendDays: row?.weekend_days ?? [0, 6] });
const hoursVersion = (row: HoursRow) => {
  const { businessHours, weekendDays } = hoursOf(row);
  return settingsVersion([businessHours.map((p) => [p.start, p.end]), weekendDays]);
};
/** A year's days in date order, as the page lists them. */
const daysVersion = (days: CalendarDay[]) => settingsVersion(days.map((d) => [d.date, d.kind, d.name]));

/** The calendar as managers edit it; the days of this year and next unless a range is asked for. */
export async function getCalendar(ctx: TenantContext, input: GetCalendarInput = {}): Promise<GetCalendarOutput> {
  const today = localDate(new Date(), ctx.timezone);
  const thisYear = Number(today.slice(0, 4));
  const fromYear = input.fromYear ?? thisYear;
  const toYear = input.toYear ?? (input.fromYear === undefined ? thisYear + 1 : fromYear);
  if (toYear < fromYear || toYear - fromYear > 10) throw badRequest('errors.calendar.badYearRange');
  const row = await ctx.trx.selectFrom('work_calendars').select(['business_hours', 'weekend_days', 'updated_at']).where('tenant_id', '=', ctx.tenantId).executeTakeFirst();
  const days = await ctx.trx
    .selectFrom('calendar_days')
    .select(['day', 'kind', 'name'])
    .where('tenant_id', '=', ctx.tenantId)
    .where('day', '>=', yearStart(fromYear))
    .where('day', '<=', yearEnd(toYear))
    .orderBy('day')
    .execute();
  const years = await sql<{ year: number; holidays: number; workdays: number }>`
    select extract(year from day)::int as year,
           count(*) filter (where kind = 'holiday')::int as holidays,
           count(*) filter (where kind = 'workday')::int as workdays
      from calendar_days where tenant_id = ${ctx.tenantId}
     group by 1 order by 1`.execute(ctx.trx);
  const estimated = await sql<{ year: number }>`
    select distinct y::int as year from work_items, unnest(calendar_missing_years) as y
     where tenant_id = ${ctx.tenantId} and status not in (${sql.join(finishedStatuses)})`.execute(ctx.trx);
  const known = new Set(years.rows.map((y) => y.year));
  const view = days.map((d) => ({ date: d.day, kind: d.kind, name: d.name }));
  const needed = new Set([...calendarYearsNeeded(today), ...estimated.rows.map((r) => r.year)]);
  const hours = hoursOf(row);
  return {
    timezone: ctx.timezone,
    businessHours: hours.businessHours.map((p) => ({ start: p.start, end: p.end })),
    weekendDays: hours.weekendDays,
    updatedAt: row?.updated_at ?? null,
    hoursVersion: hoursVersion(row),
    fromYear,
    toYear,
    days: view,
    dayVersions: Array.from({ length: toYear - fromYear + 1 }, (_, i) => fromYear + i).map((year) => ({
      year,
      version: daysVersion(view.filter((d) => d.date.startsWith(`${year}-`))),
    })),
    years: years.rows.map((y) => ({ year: y.year, holidays: y.holidays, workdays: y.workdays })),
    officialYears: officialYears(),
    missingYears: [...needed].filter((y) => !known.has(y)).sort((a, b) => a - b),
  };
}

let bundledYears: HolidayScheduleYear[] | undefined;
function bundled(): HolidayScheduleYear[] {
  if (!bundledYears) {
    const parsed = parseHolidaySchedule(officialHolidaySchedule);
    if (!parsed.ok) throw new Error(`bundled holiday schedule is invalid: ${parsed.errors.join(', ')}`);
    bundledYears = parsed.years;
  }
  return bundledYears;
}
const officialYears = () => bundled().map((y) => y.year);

/** Business hours and weekend days; checked as a whole calendar with the tenant's days. */
export async function updateCalendar(ctx: TenantContext, input: UpdateCalendarInput): Promise<UpdateCalendarOutput> {
  requireManager(ctx);
  await lockSlaSettings(ctx);
  const before = await ctx.trx.selectFrom('work_calendars').select(['business_hours', 'weekend_days']).where('tenant_id', '=', ctx.tenantId).executeTakeFirst();
  requireCurrentVersion(input.version, hoursVersion(before));
  const businessHours = input.businessHours.map((p) => ({ start: p.start, end: p.end })).sort((a, b) => (a.start < b.start ? -1 : 1));
  const weekendDays = [...new Set(input.weekendDays)].sort((a, b) => a - b);
  const days = await ctx.trx.selectFrom('calendar_days').select(['day', 'kind']).where('tenant_id', '=', ctx.tenantId).execute();
  const problems = validateCalendar({
    timezone: ctx.timezone,
    businessHours,
    weekendDays,
    holidays: days.filter((d) => d.kind === 'holiday').map((d) => d.day),
    makeupWorkdays: days.filter((d) => d.kind === 'workday').map((d) => d.day),
  });
  if (problems.length > 0) throw badRequest(problems[0]!);

  const values = { business_hours: JSON.stringify(businessHours), weekend_days: weekendDays, updated_at: new Date(), updated_by: ctx.actor.userId };
  await ctx.trx
    .insertInto('work_calendars')
    .values({ tenant_id: ctx.tenantId, ...values })
    .onConflict((oc) => oc.column('tenant_id').doUpdateSet(values))
    .execute();
  await repo.recordAudit(ctx.trx, {
    tenantId: ctx.tenantId,
    actorUserId: ctx.actor.userId,
    action: 'calendar.updated',
    subjectType: 'calendar',
    data: {
      before: before ? { businessHours: before.business_hours, weekendDays: before.weekend_days } : null,
      after: { businessHours, weekendDays },
    },
    ip: ctx.actor.ip,
  });
  return { recompute: await recomputeDueTimes(ctx) };
}

/**
 * Replaces one year's holidays and make-up working days with the list given — the year as the
 * manager read it (`version`) with their change: refused if someone changed the year meanwhile.
 */
export async function setCalendarDays(ctx: TenantContext, input: SetCalendarDaysInput): Promise<CalendarDaysOutput> {
  requireManager(ctx);
  const seen = new Set<string>();
  for (const d of input.days) {
    if (!isDateOfYear(d.date, input.year)) throw badRequest('errors.calendar.dayNotInYear', { date: String(d.date), year: input.year });
    if (seen.has(d.date)) throw badRequest('errors.calendar.dayDuplicate', { date: d.date });
    seen.add(d.date);
  }
  const days = input.days.map((d) => ({ date: d.date, kind: d.kind, name: d.name?.trim() || null }));
  return replaceYear(ctx, input.year, days, 'calendar.daysReplaced', input.version);
}

/**
 * Imports one year of a holiday schedule in the official file's shape (国务院办公厅 放假安排), e.g.
 * a file a manager types up for a year the app does not ship. The whole file must be valid.
 */
export async function importHolidayYear(ctx: TenantContext, input: ImportHolidayYearInput): Promise<CalendarDaysOutput> {
  requireManager(ctx);
  const parsed = parseHolidaySchedule(input.schedule, input.year);
  if (!parsed.ok) throw badRequest(parsed.errors[0]!);
  return replaceYear(ctx, input.year, daysOf(parsed.years[0]!), 'calendar.yearImported');
}

/** The one-click import of an official year bundled with the app. */
export async function importBundledHolidays(ctx: TenantContext, input: ImportBundledHolidaysInput): Promise<CalendarDaysOutput> {
  requireManager(ctx);
  const entry = bundled().find((y) => y.year === input.year);
  if (!entry) throw badRequest('errors.calendar.noOfficialSchedule', { year: input.year });
  return replaceYear(ctx, input.year, daysOf(entry), 'calendar.officialYearImported');
}

const daysOf = (y: HolidayScheduleYear): CalendarDay[] => scheduleDays([y]).map((d) => ({ date: d.day, kind: d.kind, name: d.name }));

/** `version`: the year as the editor read it. An import has none: it replaces the year whatever it holds. */
async function replaceYear(ctx: TenantContext, year: number, days: CalendarDay[], action: string, version?: string): Promise<CalendarDaysOutput> {
  await lockSlaSettings(ctx);
  if (version !== undefined) {
    const current = await ctx.trx
      .selectFrom('calendar_days')
      .select(['day', 'kind', 'name'])
      .where('tenant_id', '=', ctx.tenantId)
      .where('day', '>=', yearStart(year))
      .where('day', '<=', yearEnd(year))
      .orderBy('day')
      .execute();
    requireCurrentVersion(version, daysVersion(current.map((d) => ({ date: d.day, kind: d.kind, name: d.name }))));
  }
  const removed = await ctx.trx
    .deleteFrom('calendar_days')
    .where('tenant_id', '=', ctx.tenantId)
    .where('day', '>=', yearStart(year))
    .where('day', '<=', yearEnd(year))
    .returning(['day', 'kind', 'name'])
    .execute();
  if (days.length > 0) {
    await ctx.trx
      .insertInto('calendar_days')
      .values(days.map((d) => ({ tenant_id: ctx.tenantId, day: d.date, kind: d.kind, name: d.name })))
      .execute();
  }
  const holidays = days.filter((d) => d.kind === 'holiday').length;
  const workdays = days.length - holidays;
  await repo.recordAudit(ctx.trx, {
    tenantId: ctx.tenantId,
    actorUserId: ctx.actor.userId,
    action,
    subjectType: 'calendar',
    subjectId: String(year),
    data: { year, ...daysDiff(removed.map((d) => ({ date: d.day, kind: d.kind, name: d.name })), days) },
    ip: ctx.actor.ip,
  });
  return { year, holidays, workdays, recompute: await recomputeDueTimes(ctx) };
}

/** What a replacement changed, for the audit log: days that are new or different, days that went. */
function daysDiff(before: CalendarDay[], after: CalendarDay[]) {
  const key = (d: CalendarDay) => `${d.date}|${d.kind}|${d.name ?? ''}`;
  const was = new Set(before.map(key));
  const is = new Set(after.map(key));
  const stays = new Set(after.map((d) => d.date));
  return {
    set: after.filter((d) => !was.has(key(d))),
    removed: before.filter((d) => !is.has(key(d)) && !stays.has(d.date)).map((d) => d.date),
  };
}
