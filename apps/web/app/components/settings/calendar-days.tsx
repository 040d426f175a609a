import { useId, useState } from 'react';
import { Link, useFetcher } from 'react-router';
import { useTranslation } from 'react-i18next';
import { isRealDate, weekdayOf } from '@stationdesk/core';
import { FileButton, UploadStatus } from '../file-picker.tsx';
import { buttonClass, Empty, inputClass, selectClass } from '../ui.tsx';
import { dayCellClass, YearGrid } from './calendar-year-grid.tsx';
import type { CalendarData, CalendarDay } from './sla-result.tsx';
import type { ActionResult } from '../../lib/action-result.ts';
import { fetcherFailure, FormErrors } from '../form.tsx';

// ——— 工作日历: holidays and make-up days of one year ———

/** The years the calendar can be set for (the services' bounds). */
export const MIN_YEAR = 2000;
export const MAX_YEAR = 2100;

/** Every form that changes days shares one answer, shown above the year. */
const DAYS_FETCHER = 'sla-days';

export function DaysPanel({ calendar, year }: { calendar: CalendarData; year: number }) {
  const { t } = useTranslation();
  const fetcher = useFetcher<ActionResult>({ key: DAYS_FETCHER });
  const [picked, setPicked] = useState('');
  const days = calendar.days.filter((d) => d.date.startsWith(`${year}-`));
  const byDate = new Map(days.map((d) => [d.date, d]));
  const summary = calendar.years.find((y) => y.year === year);
  // The year as read: a save of its days sends it back, refused if someone changed the year since.
  const version = calendar.dayVersions.find((v) => v.year === year)?.version ?? '';
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
      <FormErrors failure={fetcherFailure(fetcher)} />

      <YearGrid year={year} byDate={byDate} weekendDays={calendar.weekendDays} onPick={setPicked} />

      <DayForm key={picked} year={year} version={version} date={picked} existing={byDate.get(picked)} weekendDays={calendar.weekendDays} onDate={setPicked} />
      <DayList year={year} version={version} days={days} />
    </div>
  );
}

function ImportForms({ officialYears, year }: { officialYears: number[]; year: number }) {
  const { t } = useTranslation();
  const fileId = useId();
  const [schedule, setSchedule] = useState<File | null>(null);
  const fetcher = useFetcher<ActionResult>({ key: DAYS_FETCHER });
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

function DayForm({
  year,
  version,
  date,
  existing,
  weekendDays,
  onDate,
}: {
  year: number;
  version: string;
  date: string;
  existing: CalendarDay | undefined;
  weekendDays: number[];
  onDate: (date: string) => void;
}) {
  const { t } = useTranslation();
  const fetcher = useFetcher<ActionResult>({ key: DAYS_FETCHER });
  // A weekend date is most likely being made a working day, a weekday a holiday.
  const kind = existing?.kind ?? (isRealDate(date) && weekendDays.includes(weekdayOf(date)) ? 'workday' : 'holiday');
  return (
    <fetcher.Form method="post" className="space-y-2 rounded-md border border-slate-200 p-3" aria-label={t('settings.calendar.addDayTitle')} data-testid="day-form">
      <input type="hidden" name="version" value={version} />
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

function DayList({ year, version, days }: { year: number; version: string; days: CalendarDay[] }) {
  const { t } = useTranslation();
  const fetcher = useFetcher<ActionResult>({ key: DAYS_FETCHER });
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
                    <input type="hidden" name="version" value={version} />
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
