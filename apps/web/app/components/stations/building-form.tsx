import { useState } from 'react';
import { Form, useNavigation } from 'react-router';
import { useTranslation } from 'react-i18next';
import { FormErrors } from '../form.tsx';
import { IdempotencyKeyInput } from '../idempotency-key.tsx';
import { buttonClass, Field, FieldError, inputClass, selectClass } from '../ui.tsx';
import type { ActionFailure } from '../../lib/action-result.ts';
import { localName } from '../../lib/names.ts';

export interface BuildingFormValues {
  stationId: string;
  name: string;
  nameEn: string | null;
  address: string | null;
  floors: string[];
}

export const buildingFormFields = ['stationId', 'name', 'nameEn', 'address', 'floors'] as const;
export const buildingRefusalFields = {
  'errors.building.nameTaken': 'name',
  'errors.building.floorEmpty': 'floors',
  'errors.building.floorTooLong': 'floors',
  'errors.building.floorHasSpaces': 'floors',
  'errors.building.floorDuplicate': 'floors',
  'errors.building.tooManyFloors': 'floors',
  'errors.building.stationInactive': 'stationId',
  'errors.station.notFound': 'stationId',
} as const;

/** B n … B1, 1 … m: the quick fill; skipped floors are then removed or renamed one by one. */
function generated(basements: number, above: number): string[] {
  return [...Array.from({ length: basements }, (_, i) => `B${basements - i}`), ...Array.from({ length: above }, (_, i) => String(i + 1))];
}

let nextKey = 0;
const keyed = (labels: readonly string[]) => labels.map((label) => ({ key: nextKey++, label }));

/**
 * The floors as an ordered list, bottom up: one row per floor with its label, up, down and remove;
 * a row added at the end; a quick fill from the number of basements and floors above ground.
 * Each row is an input named `floors`, so the form posts the list in order. Fits a 390 px phone:
 * the rows wrap nothing, the buttons are icons with labels for screen readers.
 */
export function FloorsEditor({ initial, error }: { initial: readonly string[]; error?: string | undefined }) {
  const { t } = useTranslation();
  const [rows, setRows] = useState(() => keyed(initial));
  const [basements, setBasements] = useState('1');
  const [above, setAbove] = useState('6');
  const swap = (i: number, j: number) =>
    setRows((r) => {
      if (j < 0 || j >= r.length) return r;
      const next = [...r];
      [next[i], next[j]] = [next[j]!, next[i]!];
      return next;
    });
  return (
    <fieldset className="min-w-0" data-testid="floors-editor">
      <legend className="mb-1 text-sm font-medium text-slate-700">{t('buildingAdmin.floorList')}</legend>
      <p className="mb-2 text-xs text-slate-500">{t('buildingAdmin.floorListHint')}</p>
      <details className="mb-2 rounded-md border border-slate-200 p-2 text-sm">
        <summary className="cursor-pointer text-slate-700">{t('buildingAdmin.generate')}</summary>
        <div className="mt-2 flex flex-wrap items-end gap-2">
          <label className="flex flex-col text-xs text-slate-600">
            {t('buildingAdmin.basements')}
            <input type="number" min={0} max={9} value={basements} onChange={(e) => setBasements(e.target.value)} className={`${inputClass} w-20`} data-testid="floors-basements" />
          </label>
          <label className="flex flex-col text-xs text-slate-600">
            {t('buildingAdmin.aboveGround')}
            <input type="number" min={0} max={199} value={above} onChange={(e) => setAbove(e.target.value)} className={`${inputClass} w-20`} data-testid="floors-above" />
          </label>
          <button
            type="button"
            className={buttonClass.smallSecondary}
            data-testid="floors-generate"
            onClick={() => setRows(keyed(generated(Math.max(0, Math.min(9, Number(basements) || 0)), Math.max(0, Math.min(199, Number(above) || 0)))))}
          >
            {t('buildingAdmin.generateApply')}
          </button>
        </div>
      </details>
      <ol className="space-y-1" data-testid="floors-rows">
        {rows.map((row, i) => (
          <li key={row.key} className="flex items-center gap-1">
            <span className="w-8 shrink-0 text-right text-xs text-slate-400 tabular-nums">{i + 1}</span>
            <input
              name="floors"
              value={row.label}
              onChange={(e) => {
                const label = e.target.value;
                setRows((r) => r.map((x) => (x.key === row.key ? { ...x, label } : x)));
              }}
              maxLength={20}
              aria-label={t('buildingAdmin.floorLabel', { position: i + 1 })}
              aria-invalid={Boolean(error)}
              className={`${inputClass} min-w-0 flex-1`}
            />
            <button type="button" className={buttonClass.ghost} onClick={() => swap(i, i - 1)} disabled={i === 0} aria-label={t('buildingAdmin.moveUp')} title={t('buildingAdmin.moveUp')}>
              ↑
            </button>
            <button type="button" className={buttonClass.ghost} onClick={() => swap(i, i + 1)} disabled={i === rows.length - 1} aria-label={t('buildingAdmin.moveDown')} title={t('buildingAdmin.moveDown')}>
              ↓
            </button>
            <button
              type="button"
              className={buttonClass.smallDanger}
              onClick={() => setRows((r) => r.filter((x) => x.key !== row.key))}
              aria-label={`${t('buildingAdmin.removeFloor')} ${row.label}`}
              title={t('buildingAdmin.removeFloor')}
            >
              ✕
            </button>
          </li>
        ))}
      </ol>
      <button type="button" className={`${buttonClass.smallSecondary} mt-2`} onClick={() => setRows((r) => [...r, ...keyed([''])])} data-testid="floors-add">
        {t('buildingAdmin.addFloor')}
      </button>
      <FieldError error={error} />
    </fieldset>
  );
}

/** building.create / building.update: station (new only), names, address, floors. */
export function BuildingForm({
  values,
  stations,
  failure,
  idempotencyKey,
  version,
}: {
  values: BuildingFormValues;
  stations?: { id: string; name: string; nameEn: string | null }[];
  failure: ActionFailure | null;
  idempotencyKey?: string;
  version?: number;
}) {
  const { t, i18n } = useTranslation();
  const busy = useNavigation().state === 'submitting';
  const errors = failure?.fieldErrors ?? {};
  // A refused post re-renders this same form: the inputs (and the floor rows) keep what was typed.
  const v = (k: 'name' | 'nameEn' | 'address' | 'stationId') => values[k] ?? '';
  return (
    <Form method="post" className="grid max-w-3xl grid-cols-1 gap-4 rounded-lg border border-slate-200 bg-white p-4 sm:grid-cols-2" data-testid="building-form" noValidate>
      <input type="hidden" name="intent" value="save" />
      {idempotencyKey ? <IdempotencyKeyInput value={idempotencyKey} /> : null}
      {version !== undefined ? <input type="hidden" name="version" value={version} /> : null}
      <Field label={t('buildingAdmin.name')} required error={errors.name}>
        {(p) => <input {...p} name="name" defaultValue={v('name')} maxLength={100} className={inputClass} />}
      </Field>
      <Field label={t('buildingAdmin.nameEn')} error={errors.nameEn}>
        {(p) => <input {...p} name="nameEn" defaultValue={v('nameEn')} maxLength={100} className={inputClass} />}
      </Field>
      {stations ? (
        <Field label={t('buildingAdmin.station')} required error={errors.stationId}>
          {(p) => (
            <select {...p} name="stationId" defaultValue={v('stationId')} className={selectClass}>
              {stations.map((s) => (
                <option key={s.id} value={s.id}>
                  {localName(i18n.language, s.name, s.nameEn)}
                </option>
              ))}
            </select>
          )}
        </Field>
      ) : null}
      <Field label={t('buildingAdmin.address')} error={errors.address} className={stations ? '' : 'sm:col-span-2'}>
        {(p) => <input {...p} name="address" defaultValue={v('address')} maxLength={200} className={inputClass} />}
      </Field>
      <div className="sm:col-span-2">
        <FloorsEditor initial={values.floors} error={errors.floors} />
      </div>
      <div className="sm:col-span-2">
        <FormErrors failure={failure} />
      </div>
      <div className="sm:col-span-2">
        <button type="submit" className={buttonClass.primary} disabled={busy}>
          {busy ? t('buildingAdmin.saving') : t('buildingAdmin.save')}
        </button>
      </div>
    </Form>
  );
}
