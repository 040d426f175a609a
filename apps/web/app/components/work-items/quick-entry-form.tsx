import { useRef, useState } from 'react';
import { useFetcher } from 'react-router';
import { useTranslation } from 'react-i18next';
import { priorities } from '@stationdesk/core';
import type { ActionResult } from '../../lib/action-result.ts';
import { categories, counterChannels, type EnterpriseHit, type StationChoice } from '../../lib/work-items.ts';
import { localName } from '../../lib/names.ts';
import { IdempotencyKeyInput, useIdempotencyKey } from '../idempotency-key.tsx';
import { fetcherFailure, FormErrors } from '../form.tsx';
import { buttonClass, Field, inputClass, selectClass } from '../ui.tsx';
import { EnterprisePicker } from './enterprise-picker.tsx';
import { ChoiceGroup } from './choice-group.tsx';

/**
 * 快速登记: a walk-in or phone consultation in under a minute. Posts to /items/new, which opens the
 * new item. Enter in the title moves on to the description; Ctrl/⌘+Enter saves from anywhere.
 */
export function QuickEntryForm({
  stations,
  idempotencyKey,
  onCancel,
  autoFocus = true,
}: {
  stations: StationChoice[];
  /** The page loader's fresh key (see lib/idempotency.ts). */
  idempotencyKey: string;
  onCancel?: () => void;
  autoFocus?: boolean;
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const fetcher = useFetcher<ActionResult>();
  const formRef = useRef<HTMLFormElement>(null);
  const descriptionRef = useRef<HTMLTextAreaElement>(null);
  const nameRef = useRef<HTMLInputElement>(null);
  const phoneRef = useRef<HTMLInputElement>(null);
  const [enterprise, setEnterprise] = useState<EnterpriseHit | null>(null);
  const [noEnterprise, setNoEnterprise] = useState(false);
  const failed = fetcherFailure(fetcher);
  const errors = failed?.fieldErrors ?? {};
  const saving = fetcher.state !== 'idle';
  const onceKey = useIdempotencyKey(idempotencyKey);

  const pick = (hit: EnterpriseHit | null) => {
    setEnterprise(hit);
    // The company's primary contact is usually the one at the counter: offered, never overwriting.
    if (hit?.primaryContact) {
      if (nameRef.current && !nameRef.current.value) nameRef.current.value = hit.primaryContact.name;
      if (phoneRef.current && !phoneRef.current.value && hit.primaryContact.phone) phoneRef.current.value = hit.primaryContact.phone;
    }
  };

  return (
    <fetcher.Form
      ref={formRef}
      method="post"
      action="/items/new"
      className="space-y-4"
      noValidate
      data-testid="quick-entry-form"
      onKeyDown={(e) => {
        if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
          e.preventDefault();
          formRef.current?.requestSubmit();
        }
      }}
    >
      <IdempotencyKeyInput value={onceKey} />
      <fieldset className="space-y-2">
        <legend className="mb-1 text-sm font-medium text-slate-700">
          {t('workItems.entry.enterprise')}
          <span className="ml-0.5 text-red-600" aria-hidden="true">
            *
          </span>
        </legend>
        {noEnterprise ? (
          <input type="hidden" name="noEnterprise" value="1" />
        ) : (
          <EnterprisePicker selected={enterprise} onSelect={pick} error={errors.enterpriseId} autoFocus={autoFocus} />
        )}
        <label className="inline-flex min-h-8 items-center gap-2 text-sm text-slate-700">
          <input
            type="checkbox"
            checked={noEnterprise}
            onChange={(e) => {
              setNoEnterprise(e.currentTarget.checked);
              if (e.currentTarget.checked) setEnterprise(null);
            }}
            className="size-4 rounded border-slate-300 text-brand-600"
            data-testid="no-enterprise"
          />
          {t('workItems.entry.noEnterprise')}
        </label>
        {noEnterprise && stations.length > 1 ? (
          <Field label={t('workItems.entry.station')} required error={errors.stationId}>
            {(p) => (
              <select {...p} name="stationId" defaultValue="" className={selectClass}>
                <option value="" disabled>
                  {t('workItems.entry.chooseStation')}
                </option>
                {stations.map((s) => (
                  <option key={s.id} value={s.id}>
                    {localName(lang, s.name, s.nameEn)}
                  </option>
                ))}
              </select>
            )}
          </Field>
        ) : noEnterprise && stations[0] ? (
          <input type="hidden" name="stationId" value={stations[0].id} />
        ) : null}
      </fieldset>

      <Field label={t('workItems.entry.title')} required error={errors.title}>
        {(p) => (
          <input
            {...p}
            name="title"
            autoComplete="off"
            maxLength={200}
            placeholder={t('workItems.entry.titlePlaceholder')}
            className={inputClass}
            enterKeyHint="next"
            onKeyDown={(e) => {
              if (e.key === 'Enter' && !e.ctrlKey && !e.metaKey) {
                e.preventDefault();
                descriptionRef.current?.focus();
              }
            }}
          />
        )}
      </Field>
      <Field label={t('workItems.entry.description')} error={errors.description}>
        {(p) => <textarea {...p} ref={descriptionRef} name="description" rows={3} maxLength={20000} placeholder={t('workItems.entry.descriptionPlaceholder')} className={inputClass} />}
      </Field>

      <ChoiceGroup label={t('workItems.entry.category')} name="category" defaultValue="policy" options={categories.map((c) => ({ value: c, label: t(`workItems.category.${c}`) }))} />
      <div className="grid grid-cols-1 gap-4 sm:grid-cols-2">
        <ChoiceGroup label={t('workItems.entry.channel')} name="channel" defaultValue="walk_in" options={counterChannels.map((c) => ({ value: c, label: t(`workItems.channel.${c}`) }))} />
        <ChoiceGroup label={t('workItems.entry.priority')} name="priority" defaultValue="normal" options={priorities.map((p) => ({ value: p, label: t(`workItems.priority.${p}`) }))} />
      </div>
      <div className="grid grid-cols-1 gap-4 sm:grid-cols-2">
        <Field label={t('workItems.entry.requesterName')} error={errors.requesterName}>
          {(p) => <input {...p} ref={nameRef} name="requesterName" autoComplete="off" maxLength={100} className={inputClass} />}
        </Field>
        <Field label={t('workItems.entry.requesterPhone')} error={errors.requesterPhone}>
          {(p) => <input {...p} ref={phoneRef} name="requesterPhone" type="tel" inputMode="tel" autoComplete="off" maxLength={40} className={inputClass} />}
        </Field>
      </div>
      <label className="flex min-h-8 items-start gap-2 text-sm text-slate-800">
        <input type="checkbox" name="self" value="1" defaultChecked className="mt-0.5 size-4 rounded border-slate-300 text-brand-600" />
        <span>
          {t('workItems.entry.handleMyself')}
          <span className="block text-xs text-slate-500">{t('workItems.entry.handleMyselfHint')}</span>
        </span>
      </label>

      <FormErrors failure={failed} />
      <div className="flex flex-wrap items-center justify-between gap-3 border-t border-slate-100 pt-4">
        <p className="hidden text-xs text-slate-500 sm:block">
          <kbd className="rounded border border-slate-300 bg-slate-50 px-1 font-sans">Ctrl</kbd> +{' '}
          <kbd className="rounded border border-slate-300 bg-slate-50 px-1 font-sans">Enter</kbd> {t('workItems.entry.submitShortcut')}
        </p>
        <div className="ml-auto flex gap-2">
          {onCancel ? (
            <button type="button" className={buttonClass.secondary} onClick={onCancel}>
              {t('workItems.common.cancel')}
            </button>
          ) : null}
          <button type="submit" className={buttonClass.primary} disabled={saving} data-testid="quick-entry-submit">
            {saving ? t('workItems.common.saving') : t('workItems.entry.submit')}
          </button>
        </div>
      </div>
    </fetcher.Form>
  );
}
