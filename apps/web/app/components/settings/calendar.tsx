import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { buttonClass, Notice, Section } from '../ui.tsx';
import { DaysPanel } from './calendar-days.tsx';
import { HoursForm } from './calendar-hours.tsx';
import type { CalendarData } from './sla-result.tsx';

/** 工作日历: business hours and weekend, then the holidays and make-up days of one year. */
export function CalendarSection({ calendar, year }: { calendar: CalendarData; year: number }) {
  const { t } = useTranslation();
  return (
    <Section
      title={t('settings.calendar.title')}
      testId="calendar-settings"
      actions={<span className="text-xs text-slate-500">{t('settings.calendar.timezone', { timezone: calendar.timezone })}</span>}
    >
      <HoursForm key={calendar.updatedAt ?? 'default'} calendar={calendar} />
      <DaysPanel calendar={calendar} year={year} />
    </Section>
  );
}

/** Years needed now without a holiday schedule: their due times are estimates until one is imported. */
export function MissingYearsBanner({ years }: { years: number[] }) {
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
