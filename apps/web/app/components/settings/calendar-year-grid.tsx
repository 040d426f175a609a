import { useTranslation } from 'react-i18next';
import { weekdayOf } from '@stationdesk/core';
import type { CalendarDay } from './sla-result.tsx';

/** Weeks start on Monday, as on Chinese calendars. */
export const WEEK = [1, 2, 3, 4, 5, 6, 0];

export const dayCellClass = {
  holiday: 'bg-red-100 font-medium text-red-800',
  workday: 'bg-brand-100 font-medium text-brand-800',
  weekend: 'text-slate-400',
  working: 'text-slate-700',
} as const;

/**
 * The year at a glance, a month per block: holidays red, make-up workdays blue, days off grey.
 * A mouse shortcut into the date form below (which is the keyboard's way in), so hidden from
 * assistive technology and out of the tab order.
 */
export function YearGrid({ year, byDate, weekendDays, onPick }: { year: number; byDate: Map<string, CalendarDay>; weekendDays: number[]; onPick: (date: string) => void }) {
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
