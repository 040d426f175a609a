import { useState } from 'react';
import { Form, useNavigation } from 'react-router';
import { useTranslation } from 'react-i18next';
import { FormErrors } from '../form.tsx';
import { IdempotencyKeyInput } from '../idempotency-key.tsx';
import { buttonClass, Field, inputClass, selectClass } from '../ui.tsx';
import type { ActionFailure } from '../../lib/action-result.ts';
import { localName } from '../../lib/names.ts';
import { serviceName, type PartyServices } from '../../lib/party.ts';

export interface PostFormValues {
  stationId: string;
  name: string;
  location: string;
  openingHours: { weekday: number; start: string; end: string }[] | null;
  services: string[];
  active?: boolean;
}

/** Monday first, as a week is read here. */
export const weekOrder = [1, 2, 3, 4, 5, 6, 0];

/**
 * A service post: its station (new only), name, location, the services it offers (the tenant's
 * active kinds), and its opening hours — the working calendar, or its own per weekday.
 */
export function PostForm({
  values,
  stations,
  services,
  failure,
  idempotencyKey,
  editing = false,
}: {
  values: PostFormValues;
  stations: { id: string; name: string; nameEn: string | null }[];
  services: PartyServices;
  failure: ActionFailure | null;
  idempotencyKey?: string;
  editing?: boolean;
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const busy = useNavigation().state === 'submitting';
  const errors = failure?.fieldErrors ?? {};
  const [own, setOwn] = useState(values.openingHours !== null);
  const hoursOf = (d: number) => values.openingHours?.find((h) => h.weekday === d);
  return (
    <Form method="post" className="grid max-w-3xl grid-cols-1 gap-4 rounded-lg border border-slate-200 bg-white p-4 sm:grid-cols-2" data-testid="post-form" noValidate>
      <input type="hidden" name="intent" value="save" />
      {idempotencyKey ? <IdempotencyKeyInput value={idempotencyKey} /> : null}
      <Field label={t('party.posts.name')} required error={errors.name}>
        {(p) => <input {...p} name="name" defaultValue={values.name} maxLength={100} className={inputClass} />}
      </Field>
      {editing ? (
        <label className="flex items-center gap-2 self-end pb-2 text-sm">
          <input type="checkbox" name="active" defaultChecked={values.active !== false} />
          {t('party.posts.active')}
        </label>
      ) : (
        <Field label={t('party.posts.station')} required error={errors.stationId}>
          {(p) => (
            <select {...p} name="stationId" defaultValue={values.stationId} className={selectClass}>
              {stations.map((s) => (
                <option key={s.id} value={s.id}>
                  {localName(lang, s.name, s.nameEn)}
                </option>
              ))}
            </select>
          )}
        </Field>
      )}
      <Field label={t('party.posts.location')} required error={errors.location} className="sm:col-span-2">
        {(p) => <input {...p} name="location" defaultValue={values.location} maxLength={200} className={inputClass} />}
      </Field>
      <fieldset className="sm:col-span-2">
        <legend className="mb-1 text-sm font-medium text-slate-700">{t('party.posts.services')}</legend>
        <div className="flex flex-wrap gap-2" data-testid="post-services">
          {services
            .filter((s) => s.active || values.services.includes(s.key))
            .map((s) => (
              <label key={s.key} className="flex items-center gap-1.5 rounded-md border border-slate-200 px-2 py-1 text-sm">
                <input type="checkbox" name="services" value={s.key} defaultChecked={values.services.includes(s.key)} />
                {serviceName(t, lang, services, s.key)}
              </label>
            ))}
        </div>
        {errors.services ? <p className="mt-1 text-xs text-red-600">{errors.services}</p> : null}
      </fieldset>
      <fieldset className="sm:col-span-2">
        <legend className="mb-1 text-sm font-medium text-slate-700">{t('party.posts.hours')}</legend>
        <div className="mb-2 flex flex-wrap gap-4 text-sm">
          <label className="flex items-center gap-1.5">
            <input type="radio" name="hoursMode" value="calendar" checked={!own} onChange={() => setOwn(false)} />
            {t('party.posts.useCalendar')}
          </label>
          <label className="flex items-center gap-1.5">
            <input type="radio" name="hoursMode" value="own" checked={own} onChange={() => setOwn(true)} />
            {t('party.posts.ownHours')}
          </label>
        </div>
        {own ? (
          <div className="grid gap-1.5" data-testid="post-hours">
            {weekOrder.map((d) => {
              const h = hoursOf(d);
              return (
                <div key={d} className="flex items-center gap-2 text-sm">
                  <label className="flex w-16 items-center gap-1.5">
                    <input type="checkbox" name={`open_${d}`} defaultChecked={values.openingHours === null || h !== undefined} />
                    {t(`party.weekday.${d}`)}
                  </label>
                  <input type="time" name={`start_${d}`} defaultValue={h?.start ?? '07:00'} aria-label={`${t(`party.weekday.${d}`)} ${t('party.shifts.start')}`} className={`${inputClass} w-32`} />
                  <span>–</span>
                  <input type="time" name={`end_${d}`} defaultValue={h?.end ?? '21:00'} aria-label={`${t(`party.weekday.${d}`)} ${t('party.shifts.end')}`} className={`${inputClass} w-32`} />
                </div>
              );
            })}
          </div>
        ) : null}
        {errors.openingHours ? <p className="mt-1 text-xs text-red-600">{errors.openingHours}</p> : null}
      </fieldset>
      <div className="sm:col-span-2">
        <FormErrors failure={failure} />
      </div>
      <div className="flex justify-end sm:col-span-2">
        <button type="submit" className={buttonClass.primary} disabled={busy} data-testid="save-post">
          {t('party.common.save')}
        </button>
      </div>
    </Form>
  );
}

export const postFormFields = ['name', 'stationId', 'location', 'services', 'openingHours'] as const;
export const postRefusalFields: Record<string, string> = {
  'errors.party.postNameTaken': 'name',
  'errors.party.unknownService': 'services',
  'errors.party.badOpeningPeriod': 'openingHours',
  'errors.party.weekdayTwice': 'openingHours',
  'errors.party.badWeekday': 'openingHours',
};
