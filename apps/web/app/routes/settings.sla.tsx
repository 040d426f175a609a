import { type ActionFunctionArgs, type AppLoadContext, type LoaderFunctionArgs, type MetaFunction, useLoaderData } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { SlaLimit } from '@stationdesk/core';
import { translator } from '@stationdesk/i18n';
import { Page } from '../components/page.tsx';
import { CalendarSection, MissingYearsBanner } from '../components/settings/calendar.tsx';
import { MAX_YEAR, MIN_YEAR } from '../components/settings/calendar-days.tsx';
import { DutySection } from '../components/settings/duty.tsx';
import { PolicySection } from '../components/settings/sla-policies.tsx';
import type { Policy } from '../components/settings/sla-result.tsx';
import type { ActionFailure } from '../lib/action-result.ts';
import { actionFailure, formFailure } from '../lib/action-result.server.ts';
import { formString } from '../lib/enterprise-form.server.ts';
import { loadForRoles } from '../lib/loader.server.ts';
import { redirectWithFlash } from '../lib/flash.server.ts';
import { pageTitle } from '../lib/meta.ts';

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'settings.sla.title');

const MAX_FILE_BYTES = 1024 * 1024;

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

const asYear = (v: string) => {
  const n = Number(v);
  return Number.isInteger(n) && n >= MIN_YEAR && n <= MAX_YEAR ? n : null;
};

export async function action({ request, context }: ActionFunctionArgs<AppLoadContext>): Promise<ActionFailure | Response> {
  const form = await request.formData();
  const intent = formString(form, 'intent');
  const t = translator(context.lang);
  const done = (message: string) => redirectWithFlash(request, context, message, { form: intent });
  const c = { lang: context.lang, intent };
  const failed = (messageKey: string) => formFailure(c, messageKey);
  const recomputed = (r: { checked: number; updated: number }) => t('settings.sla.recomputed', r);
  const imported = (r: { year: number; holidays: number; workdays: number; recompute: { checked: number; updated: number } }) =>
    t('settings.calendar.imported', { year: r.year, holidays: r.holidays, workdays: r.workdays, ...r.recompute });
  const api = context.trpc;
  // The version of what the form was read from: the save is refused if someone changed it since.
  const version = formString(form, 'version');
  try {
    switch (intent) {
      case 'hours': {
        const ends = form.getAll('end').map(String);
        const businessHours = form.getAll('start').map((start, i) => ({ start: String(start), end: ends[i] ?? '' }));
        const weekendDays = form.getAll('weekendDay').map(Number);
        return done(recomputed((await api.calendar.update({ businessHours, weekendDays, version })).recompute));
      }
      case 'importOfficial':
        return done(imported(await api.calendar.importOfficial({ year: asYear(formString(form, 'year')) ?? 0 })));
      case 'importFile': {
        const file = form.get('schedule');
        if (!(file instanceof File) || file.size === 0) return failed('settings.calendar.fileMissing');
        if (file.size > MAX_FILE_BYTES) return failed('settings.calendar.fileTooLarge');
        let schedule: unknown;
        try {
          schedule = JSON.parse((await file.text()).replace(/^\uFEFF/, ''));
        } catch {
          return failed('settings.calendar.fileNotJson');
        }
        return done(imported(await api.calendar.importYear({ year: asYear(formString(form, 'year')) ?? 0, schedule })));
      }
      case 'saveDay':
      case 'removeDays': {
        // One date to save, or a run of dates (a festival) to remove — all of one year.
        const dates = form.getAll('date').map(String);
        const year = asYear(dates[0]?.slice(0, 4) ?? '');
        if (!year || !dates.every((d) => /^\d{4}-\d{2}-\d{2}$/.test(d) && d.startsWith(`${year}-`))) return failed('errors.calendar.badDate');
        // The service replaces a year at once: the year as it is now, with these dates changed —
        // refused if it is no longer the year the page showed.
        const { days } = await api.calendar.get({ fromYear: year, toYear: year });
        const rest = days.filter((d) => !dates.includes(d.date));
        const kind = formString(form, 'kind') === 'workday' ? ('workday' as const) : ('holiday' as const);
        const next = intent === 'saveDay' ? [...rest, { date: dates[0]!, kind, name: formString(form, 'name') || null }] : rest;
        return done(recomputed((await api.calendar.setDays({ year, days: next, version })).recompute));
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
          version,
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
          version,
        });
        return done(t('settings.duty.saved', { name: updated.name }));
      }
    }
    return failed('errors.invalidInput');
  } catch (e) {
    // The settings forms are rows of small inputs: every reason as the form's one sentence.
    return actionFailure(e, c);
  }
}

export default function SlaSettings() {
  const { calendar, year, policies, duty } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <Page title={t('settings.sla.title')} subtitle={t('settings.sla.subtitle')}>
      <div className="space-y-6">
        <MissingYearsBanner years={calendar.missingYears} />
        <CalendarSection calendar={calendar} year={year} />
        <PolicySection policies={policies} />
        <DutySection duty={duty} />
      </div>
    </Page>
  );
}
