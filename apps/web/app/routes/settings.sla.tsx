import { useId, useState } from 'react';
import { Link, useFetcher, useLoaderData, type ActionFunctionArgs, type AppLoadContext, type LoaderFunctionArgs, type MetaFunction } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { slaUnits, type SlaLimit } from '@stationdesk/core';
import { translator } from '@stationdesk/i18n';
import { FileButton, UploadStatus } from '../components/file-picker.tsx';
import { Page } from '../components/page.tsx';
import { buttonClass, Empty, FormError, inputClass, Notice, Section, selectClass } from '../components/ui.tsx';
import { errorMessage } from '../lib/errors.server.ts';
import { formFailure, formString } from '../lib/enterprise-form.server.ts';
import { loadForRoles } from '../lib/loader.server.ts';
import { redirectWithFlash } from '../lib/flash.server.ts';
import { pageTitle } from '../lib/meta.ts';
import { localName } from '../lib/names.ts';

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'settings.sla.title');

const MAX_FILE_BYTES = 1024 * 1024;
const MIN_YEAR = 2000;
const MAX_YEAR = 2100;
/** Weeks start on Monday, as on Chinese calendars. */
const WEEK = [1, 2, 3, 4, 5, 6, 0];
const firstContactUnits = slaUnits.filter((u) => u !== 'same_working_day');

export async function loader({ request, context }: LoaderFunctionArgs<AppLoadContext>) {
  const asked = Number(new URL(request.url).searchParams.get('year'));
  const year = Number.isInteger(asked) && asked >= MIN_YEAR && asked <= MAX_YEAR ? asked : null;
  const { data } = await loadForRoles(request, context, ['manager'], () =>
    Promise.all([
      context.trpc.calendar.get(year ? { fromYear: year, toYear: year } : undefined),
      context.trpc.slaPolicy.list(),
      context.trpc.duty.list(),
    ]),
  );
  const [calendar, policies, duty] = data;
  return { calendar, year: year ?? calendar.fromYear, policies, duty };
}

type LoaderData = Awaited<ReturnType<typeof loader>>;
type CalendarData = LoaderData['calendar'];
type CalendarDay = CalendarData['days'][number];
type Policy = LoaderData['policies'][number];
type Duty = LoaderData['duty'][number];

/**
 * A change that went through is confirmed by the flash, one sentence saying what was saved and how
 * many open items were recomputed; a refused one answers its form with the reason.
 */
type SettingsResult = { ok: false; intent: string; error: string };

const asYear = (v: string) => {
  const n = Number(v);
  return Number.isInteger(n) && n >= MIN_YEAR && n <= MAX_YEAR ? n : null;
};

export async function action({ request, context }: ActionFunctionArgs<AppLoadContext>): Promise<SettingsResult | Response> {
  const form = await request.formData();
  const intent = formString(form, 'intent');
  const t = translator(context.lang);
  const done = (message: string) => redirectWithFlash(request, context, message, { form: intent });
  const failed = (error: string): SettingsResult => ({ ok: false, intent, error });
  const recomputed = (r: { checked: number; updated: number }) => t('settings.sla.recomputed', r);
  const imported = (r: { year: number; holidays: number; workdays: number; recompute: { checked: number; updated: number } }) =>
    t('settings.calendar.imported', { year: r.year, holidays: r.holidays, workdays: r.workdays, ...r.recompute });
  const api = context.trpc;
  try {
    switch (intent) {
      case 'hours': {
        const ends = form.getAll('end').map(String);
        const businessHours = form.getAll('start').map((start, i) => ({ start: String(start), end: ends[i] ?? '' }));
        const weekendDays = form.getAll('weekendDay').map(Number);
        return done(recomputed((await api.calendar.update({ businessHours, weekendDays })).recompute));
      }
      case 'importOfficial':
        return done(imported(await api.calendar.importOfficial({ year: asYear(formString(form, 'year')) ?? 0 })));
      case 'importFile': {
        const file = form.get('schedule');
        if (!(file instanceof File) || file.size === 0) return failed(t('settings.calendar.fileMissing'));
        if (file.size > MAX_FILE_BYTES) return failed(t('settings.calendar.fileTooLarge'));
        let schedule: unknown;
        try {
          schedule = JSON.parse((await file.text()).replace(/^\uFEFF/, ''));
        } catch {
          return failed(t('settings.calendar.fileNotJson'));
        }
        return done(imported(await api.calendar.importYear({ year: asYear(formString(form, 'year')) ?? 0, schedule })));
      }
      case 'saveDay':
      case 'removeDays': {
        // One date to save, or a run of dates (a festival) to remove — all of one year.
        const dates = form.getAll('date').map(String);
        const year = asYear(dates[0]?.slice(0, 4) ?? '');
        if (!year || !dates.every((d) => /^\d{4}-\d{2}-\d{2}$/.test(d) && d.startsWith(`${year}-`))) return failed(t('errors.calendar.badDate'));
        // The service replaces a year at once: the year as it is now, with these dates changed.
        const { days } = await api.calendar.get({ fromYear: year, toYear: year });
        const rest = days.filter((d) => !dates.includes(d.date));
        const kind = formString(form, 'kind') === 'workday' ? ('workday' as const) : ('holiday' as const);
        const next = intent === 'saveDay' ? [...rest, { date: dates[0]!, kind, name: formString(form, 'name') || null }] : rest;
        return done(recomputed((await api.calendar.setDays({ year, days: next })).recompute));
      }
      case 'policy': {
        const limit = (prefix: string) => ({
          value: Number(formString(form, `${prefix}Value`)),
          unit: formString(form, `${prefix}Unit`) as SlaLimit['unit'],
        });
        const { policy, recompute } = await api.slaPolicy.update({
          kind: formString(form, 'kind') as Policy['kind'],
          priority: formString(form, 'priority') as Policy['priority'],
          firstContact: limit('firstContact'),
          resolution: limit('resolution'),
        });
        const row = t('settings.policy.savedRow', { kind: t(`settings.kind.${policy.kind}`), priority: t(`settings.priority.${policy.priority}`) });
        return done(row + recomputed(recompute));
      }
      case 'duty': {
        const onDuty = form.get('onDuty');
        const max = form.get('maxOpenItems');
        const updated = await api.duty.update({
          userId: formString(form, 'userId'),
          ...(typeof onDuty === 'string' ? { onDuty: onDuty === 'true' } : {}),
          ...(typeof max === 'string' ? { maxOpenItems: Number(max) } : {}),
        });
        return done(t('settings.duty.saved', { name: updated.name }));
      }
    }
    return failed(t('errors.invalidInput'));
  } catch (e) {
    // Input issues come back as one sentence naming the fields; anything else as the error's own.
    const failure = formFailure(e, context.lang, intent, []);
    return failed(!failure.ok && failure.error ? failure.error : errorMessage(e, context.lang));
  }
}

export default function SlaSettings() {
  const { calendar, year, policies, duty } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <Page title={t('settings.sla.title')} subtitle={t('settings.sla.subtitle')}>
      <div className="space-y-6">
        <MissingYearsBanner years={calendar.missingYears} />
        <Section
          title={t('settings.calendar.title')}
          testId="calendar-settings"
          actions={<span className="text-xs text-slate-500">{t('settings.calendar.timezone', { timezone: calendar.timezone })}</span>}
        >
          <HoursForm key={calendar.updatedAt ?? 'default'} calendar={calendar} />
          <DaysPanel calendar={calendar} year={year} />
        </Section>
        <PolicySection policies={policies} />
        <DutySection duty={duty} />
      </div>
    </Page>
  );
}

/** Years needed now without a holiday schedule: their due times are estimates until one is imported. */
function MissingYearsBanner({ years }: { years: number[] }) {
  const { t, i18n } = useTranslation();
  if (years.length === 0) return null;
  const list = new Intl.ListFormat(i18n.language, { type: 'conjunction' }).format(years.map(String));
  return (
    <div data-testid="calendar-missing-banner">
      <Notice tone="warning">
        <p className="font-medium">{t('settings.calendar.missingTitle', { years: list })}</p>
        <p className="mt-1">{t('settings.calendar.missingBody')}</p>
        <p className="mt-2 flex flex-wrap gap-2">
          {years.map((y) => (
            <Link key={y} to={`?year=${y}`} className={buttonClass.secondary} data-testid={`calendar-missing-${y}`}>
              {t('settings.calendar.missingImport', { year: y })}
            </Link>
          ))}
        </p>
      </Notice>
    </div>
  );
}

function ResultNotice({ result }: { result: SettingsResult | undefined }) {
  return result ? <FormError>{result.error}</FormError> : null;
}

// ——— 工作日历: hours and weekend ———

function HoursForm({ calendar }: { calendar: CalendarData }) {
  const { t, i18n } = useTranslation();
  // Keyed: the answer stays on screen when the saved calendar remounts this form.
  const fetcher = useFetcher<SettingsResult>({ key: 'sla-hours' });
  const [periods, setPeriods] = useState(calendar.businessHours);
  const setPeriod = (i: number, patch: Partial<{ start: string; end: string }>) => setPeriods((list) => list.map((p, j) => (j === i ? { ...p, ...patch } : p)));
  const updatedAt = calendar.updatedAt
    ? new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short', timeZone: calendar.timezone }).format(new Date(calendar.updatedAt))
    : null;
  return (
    <fetcher.Form method="post" className="space-y-4 border-b border-slate-100 p-4" data-testid="hours-form" noValidate>
      <input type="hidden" name="intent" value="hours" />
      <div className="grid gap-6 md:grid-cols-2">
        <fieldset>
          <legend className="text-sm font-medium text-slate-900">{t('settings.calendar.hoursTitle')}</legend>
          <p className="mt-0.5 mb-2 text-xs text-slate-500">{t('settings.calendar.hoursHint')}</p>
          <ol className="space-y-2">
            {periods.map((p, i) => (
              <li key={i} className="flex flex-wrap items-center gap-2" aria-label={t('settings.calendar.period', { n: i + 1 })}>
                <label className="flex items-center gap-1.5 text-sm whitespace-nowrap text-slate-600">
                  {t('settings.calendar.start')}
                  <span className="w-36">
                    <input type="time" name="start" value={p.start} onChange={(e) => setPeriod(i, { start: e.currentTarget.value })} className={inputClass} required />
                  </span>
                </label>
                <span aria-hidden="true">–</span>
                <label className="flex items-center gap-1.5 text-sm whitespace-nowrap text-slate-600">
                  {t('settings.calendar.end')}
                  <span className="w-36">
                    <input type="time" name="end" value={p.end} onChange={(e) => setPeriod(i, { end: e.currentTarget.value })} className={inputClass} required />
                  </span>
                </label>
                <button
                  type="button"
                  className={buttonClass.smallDanger}
                  onClick={() => setPeriods((list) => list.filter((_, j) => j !== i))}
                  disabled={periods.length === 1}
                  aria-label={`${t('settings.calendar.removePeriod')} ${i + 1}`}
                >
                  ×
                </button>
              </li>
            ))}
          </ol>
          <button type="button" className={`${buttonClass.smallSecondary} mt-2`} onClick={() => setPeriods((list) => [...list, { start: '', end: '' }])}>
            {t('settings.calendar.addPeriod')}
          </button>
        </fieldset>
        <fieldset>
          <legend className="text-sm font-medium text-slate-900">{t('settings.calendar.weekendTitle')}</legend>
          <div className="mt-2 flex flex-wrap gap-x-4 gap-y-2">
            {WEEK.map((d) => (
              <label key={d} className="flex items-center gap-1.5 text-sm">
                <input type="checkbox" name="weekendDay" value={d} defaultChecked={calendar.weekendDays.includes(d)} className="size-4 rounded border-slate-300" />
                {t(`settings.weekday.${d}`)}
              </label>
            ))}
          </div>
        </fieldset>
      </div>
      <ResultNotice result={fetcher.data} />
      <div className="flex flex-wrap items-center justify-between gap-2">
        <span className="text-xs text-slate-500">{updatedAt ? t('settings.calendar.updatedAt', { at: updatedAt }) : t('settings.calendar.defaultHours')}</span>
        <button type="submit" className={buttonClass.primary} disabled={fetcher.state !== 'idle'}>
          {t('settings.calendar.saveHours')}
        </button>
      </div>
    </fetcher.Form>
  );
}

// ——— 工作日历: holidays and make-up days of one year ———

/** Every form that changes days shares one answer, shown above the year. */
const DAYS_FETCHER = 'sla-days';

function DaysPanel({ calendar, year }: { calendar: CalendarData; year: number }) {
  const { t } = useTranslation();
  const fetcher = useFetcher<SettingsResult>({ key: DAYS_FETCHER });
  const [picked, setPicked] = useState('');
  const days = calendar.days.filter((d) => d.date.startsWith(`${year}-`));
  const byDate = new Map(days.map((d) => [d.date, d]));
  const summary = calendar.years.find((y) => y.year === year);
  return (
    <div className="space-y-4 p-4" data-testid="calendar-days">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div>
          <h3 className="text-sm font-medium text-slate-900">{t('settings.calendar.daysTitle')}</h3>
          <p className="mt-0.5 text-xs text-slate-500">{t('settings.calendar.daysHint')}</p>
        </div>
        <nav className="flex items-center gap-2" aria-label={t('settings.calendar.daysTitle')}>
          {year > MIN_YEAR ? (
            <Link to={`?year=${year - 1}`} preventScrollReset className={buttonClass.smallSecondary} aria-label={t('settings.calendar.previousYear')}>
              ‹ {year - 1}
            </Link>
          ) : null}
          <span className="px-1 text-base font-semibold tabular-nums" data-testid="calendar-year">
            {year}
          </span>
          {year < MAX_YEAR ? (
            <Link to={`?year=${year + 1}`} preventScrollReset className={buttonClass.smallSecondary} aria-label={t('settings.calendar.nextYear')}>
              {year + 1} ›
            </Link>
          ) : null}
        </nav>
      </div>

      <p className="text-sm text-slate-700" data-testid="calendar-year-summary">
        {summary ? t('settings.calendar.yearSummary', summary) : t('settings.calendar.noDays', { year })}
      </p>

      <ImportForms officialYears={calendar.officialYears} year={year} />
      <ResultNotice result={fetcher.data} />

      <YearGrid year={year} byDate={byDate} weekendDays={calendar.weekendDays} onPick={setPicked} />

      <DayForm key={picked} year={year} date={picked} existing={byDate.get(picked)} weekendDays={calendar.weekendDays} onDate={setPicked} />
      <DayList year={year} days={days} />
    </div>
  );
}

function ImportForms({ officialYears, year }: { officialYears: number[]; year: number }) {
  const { t } = useTranslation();
  const fileId = useId();
  const [schedule, setSchedule] = useState<File | null>(null);
  const fetcher = useFetcher<SettingsResult>({ key: DAYS_FETCHER });
  const busy = fetcher.state !== 'idle';
  return (
    <div className="grid gap-4 rounded-md border border-slate-200 bg-slate-50 p-3 md:grid-cols-2">
      <div className="space-y-2">
        <div className="flex flex-wrap gap-2">
          {officialYears.map((y) => (
            <fetcher.Form method="post" key={y}>
              <input type="hidden" name="intent" value="importOfficial" />
              <input type="hidden" name="year" value={y} />
              <button type="submit" className={buttonClass.secondary} disabled={busy} data-testid={`import-official-${y}`}>
                {t('settings.calendar.importOfficial', { year: y })}
              </button>
            </fetcher.Form>
          ))}
        </div>
        <p className="text-xs text-slate-500">{t('settings.calendar.importReplaces')}</p>
      </div>
      <fetcher.Form method="post" encType="multipart/form-data" className="space-y-2" aria-label={t('settings.calendar.importFileTitle')}>
        <input type="hidden" name="intent" value="importFile" />
        <div className="text-sm font-medium text-slate-900">{t('settings.calendar.importFileTitle')}</div>
        <div className="flex flex-wrap items-end gap-2">
          <label className="text-sm text-slate-600">
            {t('settings.calendar.importYear')}
            <span className="mt-1 block w-24">
              <input type="number" name="year" min={MIN_YEAR} max={MAX_YEAR} defaultValue={year} className={inputClass} required />
            </span>
          </label>
          <div className="min-w-0 flex-1 text-sm text-slate-600">
            <span id={`${fileId}-label`}>{t('settings.calendar.file')}</span>
            <div className="mt-1">
              <FileButton
                id={fileId}
                name="schedule"
                accept=".json,application/json"
                disabled={busy}
                label={t('settings.calendar.chooseFile')}
                ariaLabel={t('settings.calendar.file')}
                describedBy={`${fileId}-status`}
                onChoose={setSchedule}
                testId="calendar-file"
              />
              <UploadStatus id={`${fileId}-status`} uploading={false} uploadingLabel="" file={schedule} fileTestId="calendar-file-chosen" hint={t('settings.calendar.fileNone')} error={null} />
            </div>
          </div>
          <button type="submit" className={buttonClass.secondary} disabled={busy}>
            {t('settings.calendar.importFile')}
          </button>
        </div>
        <p className="text-xs text-slate-500">{t('settings.calendar.importFileHint')}</p>
      </fetcher.Form>
    </div>
  );
}

const dayCellClass = {
  holiday: 'bg-red-100 font-medium text-red-800',
  workday: 'bg-brand-100 font-medium text-brand-800',
  weekend: 'text-slate-400',
  working: 'text-slate-700',
} as const;

function weekdayOf(date: string): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay();
}

/**
 * The year at a glance, a month per block: holidays red, make-up workdays blue, days off grey.
 * A mouse shortcut into the date form below (which is the keyboard's way in), so hidden from
 * assistive technology and out of the tab order.
 */
function YearGrid({ year, byDate, weekendDays, onPick }: { year: number; byDate: Map<string, CalendarDay>; weekendDays: number[]; onPick: (date: string) => void }) {
  const { t, i18n } = useTranslation();
  const monthName = new Intl.DateTimeFormat(i18n.language, { month: 'long', timeZone: 'UTC' });
  return (
    <div>
      <div className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-4" aria-hidden="true">
        {Array.from({ length: 12 }, (_, m) => {
          const first = Date.UTC(year, m, 1);
          const length = new Date(Date.UTC(year, m + 1, 0)).getUTCDate();
          const lead = (new Date(first).getUTCDay() + 6) % 7;
          return (
            <div key={m} className="rounded-md border border-slate-100 p-2">
              <div className="mb-1 text-xs font-medium text-slate-700">{monthName.format(first)}</div>
              <div className="grid grid-cols-7 gap-px text-center text-[11px] tabular-nums">
                {WEEK.map((d) => (
                  <span key={d} className="text-slate-400">
                    {t(`settings.weekdayShort.${d}`)}
                  </span>
                ))}
                {Array.from({ length: lead }, (_, i) => (
                  <span key={`lead-${i}`} />
                ))}
                {Array.from({ length }, (_, i) => {
                  const date = `${year}-${String(m + 1).padStart(2, '0')}-${String(i + 1).padStart(2, '0')}`;
                  const day = byDate.get(date);
                  const look = day ? day.kind : weekendDays.includes(weekdayOf(date)) ? 'weekend' : 'working';
                  return (
                    <button
                      key={date}
                      type="button"
                      tabIndex={-1}
                      title={day ? `${date} ${day.name ?? t(`settings.dayKind.${day.kind}`)}` : date}
                      onClick={() => onPick(date)}
                      className={`rounded px-0.5 py-0.5 hover:ring-1 hover:ring-slate-400 ${dayCellClass[look]}`}
                    >
                      {i + 1}
                    </button>
                  );
                })}
              </div>
            </div>
          );
        })}
      </div>
      <div className="mt-2 flex flex-wrap gap-4 text-xs text-slate-600">
        <Legend className={dayCellClass.holiday} label={t('settings.calendar.legendHoliday')} />
        <Legend className={dayCellClass.workday} label={t('settings.calendar.legendWorkday')} />
        <Legend className={`${dayCellClass.weekend} bg-slate-50`} label={t('settings.calendar.legendWeekend')} />
      </div>
    </div>
  );
}

function Legend({ className, label }: { className: string; label: string }) {
  return (
    <span className="inline-flex items-center gap-1.5">
      <span className={`inline-block size-3 rounded ${className}`} aria-hidden="true" />
      {label}
    </span>
  );
}

function DayForm({
  year,
  date,
  existing,
  weekendDays,
  onDate,
}: {
  year: number;
  date: string;
  existing: CalendarDay | undefined;
  weekendDays: number[];
  onDate: (date: string) => void;
}) {
  const { t } = useTranslation();
  const fetcher = useFetcher<SettingsResult>({ key: DAYS_FETCHER });
  // A weekend date is most likely being made a working day, a weekday a holiday.
  const kind = existing?.kind ?? (date && weekendDays.includes(weekdayOf(date)) ? 'workday' : 'holiday');
  return (
    <fetcher.Form method="post" className="space-y-2 rounded-md border border-slate-200 p-3" aria-label={t('settings.calendar.addDayTitle')} data-testid="day-form">
      <div className="text-sm font-medium text-slate-900">{t('settings.calendar.addDayTitle')}</div>
      <div className="flex flex-wrap items-end gap-2">
        <label className="text-sm text-slate-600">
          {t('settings.calendar.date')}
          <span className="mt-1 block w-44">
            <input type="date" name="date" value={date} min={`${year}-01-01`} max={`${year}-12-31`} onChange={(e) => onDate(e.currentTarget.value)} className={inputClass} required />
          </span>
        </label>
        <label className="text-sm text-slate-600">
          {t('settings.calendar.dayKind')}
          <span className="mt-1 block w-36">
            <select name="kind" defaultValue={kind} className={selectClass}>
              <option value="holiday">{t('settings.dayKind.holiday')}</option>
              <option value="workday">{t('settings.dayKind.workday')}</option>
            </select>
          </span>
        </label>
        <label className="min-w-0 flex-1 text-sm text-slate-600">
          {t('settings.calendar.name')}
          <input type="text" name="name" defaultValue={existing?.name ?? ''} maxLength={50} placeholder={t('settings.calendar.namePlaceholder')} className={`${inputClass} mt-1`} />
        </label>
        {/* The first button is also what Enter presses. */}
        <button type="submit" name="intent" value="saveDay" className={buttonClass.primary} disabled={fetcher.state !== 'idle' || !date}>
          {t('settings.calendar.addDay')}
        </button>
        {existing ? (
          <button type="submit" name="intent" value="removeDays" className={buttonClass.danger} disabled={fetcher.state !== 'idle'}>
            {t('settings.calendar.removeDay')}
          </button>
        ) : null}
      </div>
      <p className="text-xs text-slate-500">{t('settings.calendar.addDayHint')}</p>
    </fetcher.Form>
  );
}

interface DayRun {
  from: string;
  to: string;
  dates: string[];
  kind: CalendarDay['kind'];
  name: string | null;
}

/** Consecutive dates of one kind and name as one line: 春节 2026-02-15 – 2026-02-23. */
function runsOf(days: CalendarDay[]): DayRun[] {
  const runs: DayRun[] = [];
  for (const d of days) {
    const last = runs[runs.length - 1];
    const next = last ? new Date(Date.parse(`${last.to}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10) : null;
    if (last && next === d.date && last.kind === d.kind && last.name === d.name) {
      last.to = d.date;
      last.dates.push(d.date);
    } else {
      runs.push({ from: d.date, to: d.date, dates: [d.date], kind: d.kind, name: d.name });
    }
  }
  return runs;
}

function DayList({ year, days }: { year: number; days: CalendarDay[] }) {
  const { t } = useTranslation();
  const fetcher = useFetcher<SettingsResult>({ key: DAYS_FETCHER });
  if (days.length === 0) return <Empty>{t('settings.calendar.noDays', { year })}</Empty>;
  return (
    <div className="overflow-x-auto rounded-md border border-slate-200">
      <table className="w-full text-left text-sm" data-testid="calendar-day-list">
        <caption className="border-b border-slate-100 px-3 py-2 text-left text-sm font-medium text-slate-900">{t('settings.calendar.listTitle', { year })}</caption>
        <thead className="bg-slate-50 text-slate-600">
          <tr>
            <th className="px-3 py-2 font-medium">{t('settings.calendar.date')}</th>
            <th className="px-3 py-2 text-right font-medium">{t('settings.calendar.dayCount')}</th>
            <th className="px-3 py-2 font-medium">{t('settings.calendar.dayKind')}</th>
            <th className="px-3 py-2 font-medium">{t('settings.calendar.name')}</th>
            <th className="px-3 py-2" />
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {runsOf(days).map((r) => {
            const range = r.from === r.to ? r.from : `${r.from} – ${r.to}`;
            return (
              <tr key={r.from}>
                <td className="px-3 py-1.5 whitespace-nowrap tabular-nums">
                  {range}
                  <span className="ml-2 text-xs text-slate-500">
                    {r.from === r.to
                      ? t(`settings.weekday.${weekdayOf(r.from)}`)
                      : `${t(`settings.weekday.${weekdayOf(r.from)}`)} – ${t(`settings.weekday.${weekdayOf(r.to)}`)}`}
                  </span>
                </td>
                <td className="px-3 py-1.5 text-right tabular-nums">{r.dates.length}</td>
                <td className="px-3 py-1.5">
                  <span className={`rounded px-1.5 py-0.5 text-xs ${dayCellClass[r.kind]}`}>{t(`settings.dayKind.${r.kind}`)}</span>
                </td>
                <td className="px-3 py-1.5 text-slate-700">{r.name}</td>
                <td className="px-3 py-1.5 text-right">
                  <fetcher.Form method="post">
                    <input type="hidden" name="intent" value="removeDays" />
                    {r.dates.map((d) => (
                      <input key={d} type="hidden" name="date" value={d} />
                    ))}
                    <button type="submit" className={buttonClass.smallDanger} disabled={fetcher.state !== 'idle'} aria-label={t('settings.calendar.removeDayLabel', { date: range })}>
                      {t('settings.calendar.removeDay')}
                    </button>
                  </fetcher.Form>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

// ——— SLA 时限 ———

const sameLimit = (a: SlaLimit, b: SlaLimit) => a.value === b.value && a.unit === b.unit;

const formatLimit = (t: TFunction, limit: SlaLimit): string => t(`settings.limit.${limit.unit}`, { count: limit.value });

function PolicySection({ policies }: { policies: Policy[] }) {
  const { t } = useTranslation();
  const fetcher = useFetcher<SettingsResult>({ key: 'sla-policy' });
  return (
    <Section title={t('settings.policy.title')} testId="policy-settings">
      <div className="space-y-3 px-4 pt-3">
        <p className="text-sm text-slate-600">{t('settings.policy.hint')}</p>
        <ResultNotice result={fetcher.data} />
      </div>
      <div className="overflow-x-auto">
        <table className="mt-2 w-full text-left text-sm">
          <thead className="bg-slate-50 text-slate-600">
            <tr>
              <th className="px-4 py-2 font-medium">{t('settings.policy.kind')}</th>
              <th className="px-4 py-2 font-medium">{t('settings.policy.priority')}</th>
              <th className="px-4 py-2 font-medium">{t('settings.policy.firstContact')}</th>
              <th className="px-4 py-2 font-medium">{t('settings.policy.resolution')}</th>
              <th className="px-4 py-2" />
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {policies.map((p, i) => (
              <PolicyRow key={`${p.kind}:${p.priority}:${p.updatedAt ?? ''}`} policy={p} firstOfKind={i === 0 || policies[i - 1]!.kind !== p.kind} />
            ))}
          </tbody>
        </table>
      </div>
    </Section>
  );
}

function PolicyRow({ policy, firstOfKind }: { policy: Policy; firstOfKind: boolean }) {
  const { t } = useTranslation();
  const fetcher = useFetcher<SettingsResult>({ key: 'sla-policy' });
  const formId = `policy-${policy.kind}-${policy.priority}`;
  const label = `${t(`settings.kind.${policy.kind}`)} · ${t(`settings.priority.${policy.priority}`)}`;
  // A tenant row holding the default values (the demo's, or one set back by hand) is still the default.
  const customised = !policy.isDefault && !(sameLimit(policy.firstContact, policy.defaults.firstContact) && sameLimit(policy.resolution, policy.defaults.resolution));
  return (
    <tr className={firstOfKind ? 'border-t-2 border-slate-200' : ''} data-testid={formId}>
      <td className="px-4 py-2 font-medium text-slate-900">{firstOfKind ? t(`settings.kind.${policy.kind}`) : null}</td>
      <td className="px-4 py-2">
        {t(`settings.priority.${policy.priority}`)}
        <span className={`ml-2 rounded px-1.5 py-0.5 text-xs ${customised ? 'bg-brand-50 text-brand-700' : 'bg-slate-100 text-slate-600'}`}>
          {customised ? t('settings.policy.custom') : t('settings.policy.isDefault')}
        </span>
      </td>
      <td className="px-4 py-2">
        <LimitFields form={formId} prefix="firstContact" label={`${label} ${t('settings.policy.firstContact')}`} limit={policy.firstContact} defaults={policy.defaults.firstContact} units={firstContactUnits} />
      </td>
      <td className="px-4 py-2">
        <LimitFields form={formId} prefix="resolution" label={`${label} ${t('settings.policy.resolution')}`} limit={policy.resolution} defaults={policy.defaults.resolution} units={slaUnits} />
      </td>
      <td className="px-4 py-2 text-right">
        <fetcher.Form method="post" id={formId}>
          <input type="hidden" name="intent" value="policy" />
          <input type="hidden" name="kind" value={policy.kind} />
          <input type="hidden" name="priority" value={policy.priority} />
          <button type="submit" className={buttonClass.smallPrimary} disabled={fetcher.state !== 'idle'} aria-label={`${t('settings.policy.save')} ${label}`}>
            {t('settings.policy.save')}
          </button>
        </fetcher.Form>
      </td>
    </tr>
  );
}

/** Value and unit of one limit, submitted with the row's form (`form` attribute: a form cannot wrap a table row). */
function LimitFields({
  form,
  prefix,
  label,
  limit,
  defaults,
  units,
}: {
  form: string;
  prefix: string;
  label: string;
  limit: SlaLimit;
  defaults: SlaLimit;
  units: readonly SlaLimit['unit'][];
}) {
  const { t } = useTranslation();
  return (
    <div>
      <div className="flex items-center gap-1.5">
        <span className="w-20">
          <input
            type="number"
            form={form}
            name={`${prefix}Value`}
            defaultValue={limit.value}
            min={1}
            max={10_000}
            step={1}
            required
            aria-label={`${label} ${t('settings.policy.value')}`}
            className={inputClass}
          />
        </span>
        <span className="w-48">
          <select form={form} name={`${prefix}Unit`} defaultValue={limit.unit} aria-label={`${label} ${t('settings.policy.unit')}`} className={selectClass}>
            {units.map((u) => (
              <option key={u} value={u}>
                {t(`settings.unit.${u}`)}
              </option>
            ))}
          </select>
        </span>
      </div>
      <div className="mt-1 text-xs text-slate-500">{t('settings.policy.default', { limit: formatLimit(t, defaults) })}</div>
    </div>
  );
}

// ——— 值班与在办上限 ———

function DutySection({ duty }: { duty: Duty[] }) {
  const { t } = useTranslation();
  const fetcher = useFetcher<SettingsResult>({ key: 'sla-duty' });
  return (
    <Section title={t('settings.duty.title')} count={duty.length} testId="duty-settings">
      <div className="space-y-3 px-4 pt-3">
        <p className="text-sm text-slate-600">{t('settings.duty.hint')}</p>
        <ResultNotice result={fetcher.data} />
      </div>
      {duty.length === 0 ? (
        <Empty>{t('settings.duty.none')}</Empty>
      ) : (
        <div className="overflow-x-auto">
          <table className="mt-2 w-full text-left text-sm">
            <thead className="bg-slate-50 text-slate-600">
              <tr>
                <th className="px-4 py-2 font-medium">{t('settings.duty.name')}</th>
                <th className="px-4 py-2 font-medium">{t('settings.duty.stations')}</th>
                <th className="px-4 py-2 font-medium">{t('settings.duty.onDuty')}</th>
                <th className="px-4 py-2 text-right font-medium">{t('settings.duty.load')}</th>
                <th className="px-4 py-2 font-medium">{t('settings.duty.maxOpenItems')}</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {duty.map((d) => (
                <DutyRow key={`${d.userId}:${d.maxOpenItems}`} duty={d} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Section>
  );
}

function DutyRow({ duty: d }: { duty: Duty }) {
  const { t, i18n } = useTranslation();
  const fetcher = useFetcher<SettingsResult>({ key: 'sla-duty' });
  const busy = fetcher.state !== 'idle';
  const full = d.openItems >= d.maxOpenItems;
  return (
    <tr data-testid="duty-row">
      <td className="px-4 py-2">
        <div className="font-medium text-slate-900">{d.name}</div>
        <div className="text-xs text-slate-500">{d.email}</div>
      </td>
      <td className="px-4 py-2 text-slate-600">{d.stations.map((s) => localName(i18n.language, s.name, s.nameEn)).join(i18n.language === 'en' ? ', ' : '、')}</td>
      <td className="px-4 py-2">
        <fetcher.Form method="post">
          <input type="hidden" name="intent" value="duty" />
          <input type="hidden" name="userId" value={d.userId} />
          <input type="hidden" name="onDuty" value={String(!d.onDuty)} />
          <button
            type="submit"
            role="switch"
            aria-checked={d.onDuty}
            aria-label={t('settings.duty.toggleLabel', { name: d.name })}
            disabled={busy}
            className="inline-flex items-center gap-2 rounded-md px-1 py-0.5 text-sm hover:bg-slate-50 disabled:opacity-60"
          >
            <span className={`relative inline-block h-5 w-9 rounded-full transition-colors ${d.onDuty ? 'bg-green-600' : 'bg-slate-300'}`} aria-hidden="true">
              <span className={`absolute top-0.5 size-4 rounded-full bg-white shadow transition-all ${d.onDuty ? 'left-4.5' : 'left-0.5'}`} />
            </span>
            <span className={d.onDuty ? 'text-green-800' : 'text-slate-500'}>{d.onDuty ? t('settings.duty.on') : t('settings.duty.off')}</span>
          </button>
        </fetcher.Form>
      </td>
      <td className="px-4 py-2 text-right tabular-nums">
        <span className={full ? 'font-medium text-red-700' : ''}>
          {d.openItems} / {d.maxOpenItems}
        </span>
        {full ? <span className="ml-1.5 rounded bg-red-50 px-1.5 py-0.5 text-xs text-red-700">{t('settings.duty.full')}</span> : null}
      </td>
      <td className="px-4 py-2">
        <fetcher.Form method="post" className="flex items-center gap-1.5">
          <input type="hidden" name="intent" value="duty" />
          <input type="hidden" name="userId" value={d.userId} />
          <span className="w-24">
            <input
              type="number"
              name="maxOpenItems"
              defaultValue={d.maxOpenItems}
              min={1}
              max={1000}
              step={1}
              required
              aria-label={t('settings.duty.maxLabel', { name: d.name })}
              className={inputClass}
            />
          </span>
          <button type="submit" className={buttonClass.smallSecondary} disabled={busy}>
            {t('settings.duty.save')}
          </button>
        </fetcher.Form>
      </td>
    </tr>
  );
}
