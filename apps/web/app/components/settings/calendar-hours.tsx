import { useState } from 'react';
import { useFetcher } from 'react-router';
import { useTranslation } from 'react-i18next';
import { buttonClass, inputClass } from '../ui.tsx';
import { WEEK } from './calendar-year-grid.tsx';
import type { CalendarData } from './sla-result.tsx';
import type { ActionResult } from '../../lib/action-result.ts';
import { fetcherFailure, FormErrors } from '../form.tsx';

// ——— 工作日历: hours and weekend ———

export function HoursForm({ calendar }: { calendar: CalendarData }) {
  const { t, i18n } = useTranslation();
  // Keyed: the answer stays on screen when the saved calendar remounts this form.
  const fetcher = useFetcher<ActionResult>({ key: 'sla-hours' });
  const [periods, setPeriods] = useState(calendar.businessHours);
  const setPeriod = (i: number, patch: Partial<{ start: string; end: string }>) => setPeriods((list) => list.map((p, j) => (j === i ? { ...p, ...patch } : p)));
  const updatedAt = calendar.updatedAt
    ? new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short', timeZone: calendar.timezone }).format(new Date(calendar.updatedAt))
    : null;
  return (
    <fetcher.Form method="post" className="space-y-4 border-b border-slate-100 p-4" data-testid="hours-form" noValidate>
      <input type="hidden" name="intent" value="hours" />
      <input type="hidden" name="version" value={calendar.hoursVersion} />
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
      <FormErrors failure={fetcherFailure(fetcher)} />
      <div className="flex flex-wrap items-center justify-between gap-2">
        <span className="text-xs text-slate-500">{updatedAt ? t('settings.calendar.updatedAt', { at: updatedAt }) : t('settings.calendar.defaultHours')}</span>
        <button type="submit" className={buttonClass.primary} disabled={fetcher.state !== 'idle'}>
          {t('settings.calendar.saveHours')}
        </button>
      </div>
    </fetcher.Form>
  );
}
