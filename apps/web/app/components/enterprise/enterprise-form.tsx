import { useState } from 'react';
import { Form, Link, useNavigation } from 'react-router';
import { useTranslation } from 'react-i18next';
import { creditCodeProblem, enterpriseStatuses, industries, normalizeCode } from '@stationdesk/core';
import type { BuildingOption, StationOption } from '../../lib/enterprise-types.ts';
import { localName } from '../../lib/names.ts';
import { buttonClass, Field, FormError, inputClass, Section, selectClass } from '../ui.tsx';

/** The date that goes with each status besides "active" (the service fills today when left empty). */
const statusDateField: Record<string, string> = {
  moving_out: 'movingOutOn',
  moved_out: 'movedOutOn',
  deregistered: 'deregisteredOn',
};

export type EnterpriseFormValues = Record<string, string>;

/**
 * One form for a new file and for editing one: 基本信息 / 位置与状态 / 党组织 / 内部备注. A plain
 * POST to the page's action, so it works before scripts load; with scripts the credit code is
 * normalised and checked as it is typed.
 */
export function EnterpriseForm({
  mode,
  values,
  version,
  stations,
  buildings,
  fieldErrors = {},
  error,
  conflict,
  cancelHref,
  reloadHref,
}: {
  mode: 'create' | 'edit';
  values: EnterpriseFormValues;
  version?: number;
  stations: StationOption[];
  buildings: BuildingOption[];
  fieldErrors?: Record<string, string>;
  error?: string | null;
  conflict?: boolean;
  cancelHref: string;
  /** Where "reload the latest" goes after someone else saved first. */
  reloadHref?: string;
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const navigation = useNavigation();
  const busy = navigation.state === 'submitting';
  const [code, setCode] = useState(values.creditCode ?? '');
  const [status, setStatus] = useState(values.status || 'active');
  const [hasParty, setHasParty] = useState(values.hasPartyBranch === 'true');
  const v = (k: string) => values[k] ?? '';

  const problem = code.length >= 18 ? creditCodeProblem(code) : null;
  const codeError = problem ? t(`errors.creditCode.${problem}`) : code === normalizeCode(values.creditCode ?? '') ? fieldErrors.creditCode : undefined;
  const codeHint =
    code.length === 0 ? t('enterprise.form.creditCodeHint') : code.length < 18 ? t('enterprise.form.creditCodeProgress', { n: code.length }) : problem ? null : t('enterprise.form.creditCodeOk');

  const groups = stations
    .map((s) => ({ station: s, buildings: buildings.filter((b) => b.stationId === s.id) }))
    .filter((g) => g.buildings.length > 0);
  const dateField = statusDateField[status];

  const text = (name: string, opts: { required?: boolean; placeholder?: string; autoComplete?: string; inputMode?: 'decimal' | 'numeric'; className?: string; hint?: string } = {}) => (
    <Field label={t(`vocab.field.${name}`)} error={fieldErrors[name]} required={opts.required} className={opts.className} hint={opts.hint}>
      {(p) => (
        <input
          {...p}
          name={name}
          defaultValue={v(name)}
          required={opts.required}
          placeholder={opts.placeholder}
          autoComplete={opts.autoComplete ?? 'off'}
          inputMode={opts.inputMode}
          className={`${inputClass}${opts.inputMode ? ' tabular-nums' : ''}`}
        />
      )}
    </Field>
  );
  const date = (name: string, hint?: string) => (
    <Field label={t(`vocab.field.${name}`)} error={fieldErrors[name]} hint={hint}>
      {(p) => <input {...p} type="date" name={name} defaultValue={v(name)} className={`${inputClass} tabular-nums`} />}
    </Field>
  );

  return (
    <Form method="post" noValidate className="space-y-4" data-testid="enterprise-form">
      {version !== undefined ? <input type="hidden" name="version" value={version} /> : null}
      {error ? (
        <FormError>
          <span>{error}</span>
          {conflict && reloadHref ? (
            <a href={reloadHref} className="ml-2 font-medium underline" data-testid="reload-latest">
              {t('enterprise.form.reloadLatest')}
            </a>
          ) : null}
        </FormError>
      ) : null}

      <Section title={t('enterprise.form.groupBasic')}>
        <div className="grid grid-cols-2 gap-4 p-4 lg:grid-cols-3">
          {text('name', { required: true, className: 'col-span-2', placeholder: t('enterprise.form.namePlaceholder') })}
          <Field label={t('vocab.field.creditCode')} required error={codeError} hint={codeHint} className="col-span-2 lg:col-span-1">
            {(p) => (
              <input
                {...p}
                name="creditCode"
                value={code}
                onChange={(e) => setCode(normalizeCode(e.currentTarget.value).slice(0, 20))}
                required
                autoComplete="off"
                autoCapitalize="characters"
                spellCheck={false}
                maxLength={24}
                placeholder="91310112MA1G000000"
                className={`${inputClass} font-mono tracking-wide uppercase tabular-nums`}
                data-testid="credit-code"
              />
            )}
          </Field>
          {text('nameEn', { className: 'col-span-2', placeholder: 'Shanghai … Co., Ltd.' })}
          {text('legalRepresentative', { className: 'col-span-2 sm:col-span-1' })}
          <Field label={t('vocab.field.industry')} error={fieldErrors.industry} className="col-span-2 sm:col-span-1">
            {(p) => (
              <select {...p} name="industry" defaultValue={v('industry')} className={selectClass}>
                <option value="">{t('enterprise.form.notGiven')}</option>
                {industries.map((code) => (
                  <option key={code} value={code}>
                    {code} · {t(`vocab.industry.${code}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          {text('registeredCapitalWan', { inputMode: 'decimal' })}
          {text('employees', { inputMode: 'numeric' })}
          {date('establishedOn')}
        </div>
      </Section>

      <Section title={t('enterprise.form.groupLocation')}>
        <div className="grid grid-cols-2 gap-4 p-4 lg:grid-cols-3">
          <Field label={t('vocab.field.buildingId')} required error={fieldErrors.buildingId} className="col-span-2 lg:col-span-1">
            {(p) => (
              <select {...p} name="buildingId" defaultValue={v('buildingId')} required className={selectClass} data-testid="building-select">
                <option value="">{t('enterprise.form.chooseBuilding')}</option>
                {groups.map((g) => (
                  <optgroup key={g.station.id} label={localName(lang, g.station.name, g.station.nameEn)}>
                    {g.buildings.map((b) => (
                      <option key={b.id} value={b.id}>
                        {localName(lang, b.name, b.nameEn)}
                      </option>
                    ))}
                  </optgroup>
                ))}
              </select>
            )}
          </Field>
          {text('floor', { placeholder: t('enterprise.form.floorPlaceholder') })}
          {text('room', { placeholder: t('enterprise.form.roomPlaceholder') })}
          <Field label={t('vocab.field.status')} error={fieldErrors.status} className="col-span-2 sm:col-span-1">
            {(p) => (
              <select {...p} name="status" value={status} onChange={(e) => setStatus(e.currentTarget.value)} className={selectClass}>
                {enterpriseStatuses.map((s) => (
                  <option key={s} value={s}>
                    {t(`vocab.enterpriseStatus.${s}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          {dateField ? <div key={dateField}>{date(dateField, t('enterprise.form.statusDateHint'))}</div> : null}
          {date('movedInOn')}
        </div>
      </Section>

      <Section title={t('enterprise.form.groupParty')}>
        <div className="grid grid-cols-2 gap-4 p-4 lg:grid-cols-3">
          <div className="col-span-2 flex items-center gap-2 lg:col-span-3">
            <input type="hidden" name="hasPartyBranch" value="false" />
            <input
              id="has-party-branch"
              type="checkbox"
              name="hasPartyBranch"
              value="true"
              checked={hasParty}
              onChange={(e) => setHasParty(e.currentTarget.checked)}
              className="size-4 rounded border-slate-300 text-brand-600 focus:ring-brand-600"
            />
            <label htmlFor="has-party-branch" className="text-sm font-medium text-slate-700">
              {t('enterprise.form.hasPartyBranch')}
            </label>
          </div>
          {hasParty ? (
            <>
              {text('partyBranchName', { className: 'col-span-2 lg:col-span-1' })}
              {text('partySecretary')}
              {text('partyMembers', { inputMode: 'numeric' })}
            </>
          ) : null}
        </div>
      </Section>

      <Section title={t('enterprise.form.groupNotes')}>
        <div className="p-4">
          <Field label={t('vocab.field.notes')} error={fieldErrors.notes} hint={t('enterprise.form.notesHint')}>
            {(p) => <textarea {...p} name="notes" rows={4} defaultValue={v('notes')} className={inputClass} />}
          </Field>
        </div>
      </Section>

      <div className="sticky bottom-2 z-10 flex items-center justify-end gap-2 rounded-lg border border-slate-200 bg-white/95 px-4 py-3 shadow-sm backdrop-blur">
        <Link to={cancelHref} className={buttonClass.secondary}>
          {t('enterprise.common.cancel')}
        </Link>
        <button type="submit" className={buttonClass.primary} disabled={busy} data-testid="enterprise-submit">
          {busy ? t('enterprise.common.saving') : mode === 'create' ? t('enterprise.form.submitCreate') : t('enterprise.form.submitSave')}
        </button>
      </div>
    </Form>
  );
}
