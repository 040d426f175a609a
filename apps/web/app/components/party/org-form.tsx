import { Form, useNavigation } from 'react-router';
import { useTranslation } from 'react-i18next';
import { partyOrgStatuses, partyOrgTypes } from '@stationdesk/core';
import { FormErrors } from '../form.tsx';
import { IdempotencyKeyInput } from '../idempotency-key.tsx';
import { buttonClass, Field, inputClass, selectClass } from '../ui.tsx';
import type { ActionFailure } from '../../lib/action-result.ts';
import { localName } from '../../lib/names.ts';

export interface OrgFormValues {
  type: string;
  name: string;
  contactName: string;
  contactPhone: string;
  members: string;
  joinedOn: string;
  stationId: string;
  notes: string;
  status?: string;
  leftOn?: string;
  version?: number;
}

/**
 * An organisation of the registry: new, or edited (with its status, leaving date and the version
 * the form read). The contact's fields start empty on an edit (the page shows them masked): what
 * is typed replaces them, blank keeps them.
 */
export function OrgForm({
  values,
  stations,
  failure,
  idempotencyKey,
  editing = false,
}: {
  values: OrgFormValues;
  stations: { id: string; name: string; nameEn: string | null }[];
  failure: ActionFailure | null;
  idempotencyKey?: string;
  editing?: boolean;
}) {
  const { t, i18n } = useTranslation();
  const busy = useNavigation().state === 'submitting';
  const errors = failure?.fieldErrors ?? {};
  return (
    <Form method="post" className="grid max-w-3xl grid-cols-1 gap-4 rounded-lg border border-slate-200 bg-white p-4 sm:grid-cols-2" data-testid="org-form" noValidate>
      <input type="hidden" name="intent" value="save" />
      {idempotencyKey ? <IdempotencyKeyInput value={idempotencyKey} /> : null}
      {values.version !== undefined ? <input type="hidden" name="version" value={values.version} /> : null}
      <Field label={t('party.orgs.name')} required error={errors.name} className="sm:col-span-2">
        {(p) => <input {...p} name="name" defaultValue={values.name} maxLength={200} className={inputClass} data-testid="org-name" />}
      </Field>
      <Field label={t('party.orgs.type')} required error={errors.type}>
        {(p) => (
          <select {...p} name="type" defaultValue={values.type} className={selectClass}>
            {partyOrgTypes.map((type) => (
              <option key={type} value={type}>
                {t(`party.orgType.${type}`)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label={t('party.orgs.station')} required error={errors.stationId}>
        {(p) => (
          <select {...p} name="stationId" defaultValue={values.stationId} className={selectClass}>
            {stations.map((s) => (
              <option key={s.id} value={s.id}>
                {localName(i18n.language, s.name, s.nameEn)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label={t('party.orgs.contactName')} error={errors.contactName} hint={editing ? t('party.orgs.masked') : undefined}>
        {(p) => <input {...p} name="contactName" defaultValue={values.contactName} maxLength={100} autoComplete="off" className={inputClass} />}
      </Field>
      <Field label={t('party.orgs.contactPhone')} error={errors.contactPhone}>
        {(p) => <input {...p} name="contactPhone" type="tel" defaultValue={values.contactPhone} maxLength={40} autoComplete="off" className={inputClass} />}
      </Field>
      <Field label={t('party.orgs.members')} error={errors.members}>
        {(p) => <input {...p} name="members" type="number" min={0} max={100000} defaultValue={values.members} className={inputClass} />}
      </Field>
      <Field label={t('party.orgs.joinedOn')} error={errors.joinedOn}>
        {(p) => <input {...p} name="joinedOn" type="date" defaultValue={values.joinedOn} className={inputClass} />}
      </Field>
      {editing ? (
        <>
          <Field label={t('party.orgs.status')} error={errors.status}>
            {(p) => (
              <select {...p} name="status" defaultValue={values.status} className={selectClass}>
                {partyOrgStatuses.map((s) => (
                  <option key={s} value={s}>
                    {t(`party.orgStatus.${s}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label={t('party.orgs.leftOn')} error={errors.leftOn}>
            {(p) => <input {...p} name="leftOn" type="date" defaultValue={values.leftOn} className={inputClass} />}
          </Field>
        </>
      ) : null}
      <Field label={t('party.orgs.notes')} error={errors.notes} className="sm:col-span-2">
        {(p) => <textarea {...p} name="notes" defaultValue={values.notes} rows={3} maxLength={1000} className={inputClass} />}
      </Field>
      <div className="sm:col-span-2">
        <FormErrors failure={failure} />
      </div>
      <div className="flex justify-end sm:col-span-2">
        <button type="submit" className={buttonClass.primary} disabled={busy} data-testid="save-org">
          {t('party.common.save')}
        </button>
      </div>
    </Form>
  );
}

export const orgFormFields = ['name', 'type', 'stationId', 'contactName', 'contactPhone', 'members', 'joinedOn', 'status', 'leftOn', 'notes'] as const;
export const orgRefusalFields: Record<string, string> = {
  'errors.party.badPhone': 'contactPhone',
  'errors.party.orgNameTaken': 'name',
  'errors.party.joinedInFuture': 'joinedOn',
  'errors.party.leftBeforeJoined': 'leftOn',
  'errors.party.leftOnNeedsLeft': 'leftOn',
  'errors.party.stationNotFound': 'stationId',
};
