import { Form, useNavigation } from 'react-router';
import { useTranslation } from 'react-i18next';
import { FormErrors } from '../form.tsx';
import { IdempotencyKeyInput } from '../idempotency-key.tsx';
import { buttonClass, Field, inputClass } from '../ui.tsx';
import type { ActionFailure } from '../../lib/action-result.ts';

export interface StationFormValues {
  code: string;
  name: string;
  nameEn: string | null;
  address: string | null;
  phone: string | null;
}

/** The form's fields, as the procedure names them (issues under `code` … go to their field). */
export const stationFormFields = ['code', 'name', 'nameEn', 'address', 'phone'] as const;
export const stationRefusalFields = { 'errors.station.codeTaken': 'code', 'errors.station.nameTaken': 'name' } as const;

/** station.create / station.update: code, zh/en names, address and phone. */
export function StationForm({ values, failure, idempotencyKey, version }: { values: StationFormValues; failure: ActionFailure | null; idempotencyKey?: string; version?: number }) {
  const { t } = useTranslation();
  const busy = useNavigation().state === 'submitting';
  const errors = failure?.fieldErrors ?? {};
  // A refused post re-renders this same form: the inputs keep what was typed.
  const v = (k: keyof StationFormValues) => values[k] ?? '';
  return (
    <Form method="post" className="grid max-w-3xl grid-cols-1 gap-4 rounded-lg border border-slate-200 bg-white p-4 sm:grid-cols-2" data-testid="station-form" noValidate>
      <input type="hidden" name="intent" value="save" />
      {idempotencyKey ? <IdempotencyKeyInput value={idempotencyKey} /> : null}
      {version !== undefined ? <input type="hidden" name="version" value={version} /> : null}
      <Field label={t('stationAdmin.name')} required error={errors.name}>
        {(p) => <input {...p} name="name" defaultValue={v('name')} maxLength={100} className={inputClass} />}
      </Field>
      <Field label={t('stationAdmin.nameEn')} error={errors.nameEn}>
        {(p) => <input {...p} name="nameEn" defaultValue={v('nameEn')} maxLength={100} className={inputClass} />}
      </Field>
      <Field label={t('stationAdmin.code')} required error={errors.code} hint={t('stationAdmin.codeHint')}>
        {(p) => <input {...p} name="code" defaultValue={v('code')} maxLength={20} autoCapitalize="characters" className={inputClass} />}
      </Field>
      <Field label={t('stationAdmin.phone')} error={errors.phone}>
        {(p) => <input {...p} name="phone" type="tel" defaultValue={v('phone')} maxLength={40} className={inputClass} />}
      </Field>
      <Field label={t('stationAdmin.address')} error={errors.address} className="sm:col-span-2">
        {(p) => <input {...p} name="address" defaultValue={v('address')} maxLength={200} className={inputClass} />}
      </Field>
      <div className="sm:col-span-2">
        <FormErrors failure={failure} />
      </div>
      <div className="sm:col-span-2">
        <button type="submit" className={buttonClass.primary} disabled={busy}>
          {busy ? t('stationAdmin.saving') : t('stationAdmin.save')}
        </button>
      </div>
    </Form>
  );
}
