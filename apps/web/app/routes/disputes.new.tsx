import { useEffect, useRef, useState } from 'react';
import { Form, Link, useActionData, useLoaderData, useNavigation } from 'react-router';
import { useTranslation } from 'react-i18next';
import { disputeSources, disputeTypes, priorities } from '@stationdesk/core';
import { translator } from '@stationdesk/i18n';
import { IdempotencyKeyInput, useIdempotencyKey } from '../components/idempotency-key.tsx';
import { Page } from '../components/page.tsx';
import { FormErrors } from '../components/form.tsx';
import { buttonClass, Field, FieldError, inputClass, selectClass } from '../components/ui.tsx';
import { EnterprisePicker } from '../components/work-items/enterprise-picker.tsx';
import { loadForRoles, requireRole, staffRoles } from '../lib/loader.server.ts';
import { redirectWithFlash } from '../lib/flash.server.ts';
import { freshIdempotencyKey, idempotencyKeyOf } from '../lib/idempotency.ts';
import { pageTitle } from '../lib/meta.ts';
import { localName } from '../lib/names.ts';
import type { EnterpriseHit } from '../lib/work-items.ts';
import { failureOf, type ActionFailure } from '../lib/action-result.ts';
import { fieldFailure } from '../lib/action-result.server.ts';
import { checked, disputeFailure, field, numberField, typedValues } from '../lib/disputes.server.ts';
import type { Route } from './+types/disputes.new';

export function meta({ matches }: Route.MetaArgs) {
  return pageTitle(matches, 'disputes.create.title');
}

export async function loader({ request, context }: Route.LoaderArgs) {
  const { data } = await loadForRoles(request, context, staffRoles, () => Promise.all([context.trpc.station.list(), context.trpc.dispute.settings()]));
  const [stations, settings] = data;
  return { stations: stations.filter((s) => s.inScope), groupPeople: settings.risk.groupDisputePeople, idempotencyKey: freshIdempotencyKey() };
}

const MAX_PARTIES = 30;
const formFields = ['source', 'disputeType', 'enterpriseId', 'stationId', 'title', 'facts', 'amountYuan', 'peopleInvolved', 'priority', 'parties'];

interface PartyDraft {
  side: 'applicant' | 'respondent';
  kind: 'person' | 'organisation';
  name: string;
  phone: string;
  idNumber: string;
  linked: boolean;
}

function readPartyDrafts(values: Record<string, string>): PartyDraft[] {
  const count = Math.min(Math.max(Number(values.partyCount) || 0, 0), MAX_PARTIES);
  return Array.from({ length: count }, (_, i) => {
    const v = (k: string) => values[`party.${i}.${k}`] ?? '';
    return {
      side: v('side') === 'respondent' ? 'respondent' : 'applicant',
      kind: v('kind') === 'organisation' ? 'organisation' : 'person',
      name: v('name'),
      phone: v('phone'),
      idNumber: v('idNumber'),
      linked: v('linked') === '1',
    };
  });
}

/** The form's values with the parties renumbered as `drafts` (after a party was added or removed without scripts). */
function withParties(values: Record<string, string>, drafts: PartyDraft[]): Record<string, string> {
  const out = Object.fromEntries(Object.entries(values).filter(([k]) => !k.startsWith('party.')));
  out.partyCount = String(drafts.length);
  drafts.forEach((p, i) => {
    out[`party.${i}.side`] = p.side;
    out[`party.${i}.kind`] = p.kind;
    out[`party.${i}.name`] = p.name;
    out[`party.${i}.phone`] = p.phone;
    out[`party.${i}.idNumber`] = p.idNumber;
    if (p.linked) out[`party.${i}.linked`] = '1';
  });
  return out;
}

const blankParty = (side: PartyDraft['side'], kind: PartyDraft['kind']): PartyDraft => ({ side, kind, name: '', phone: '', idNumber: '', linked: false });

/**
 * Files a dispute. "Add a party" and "remove" work without scripts too: they post the form, and
 * the answer is the same form with one party more or less, everything typed kept.
 */
export async function action({ request, context }: Route.ActionArgs): Promise<ActionFailure | Response> {
  await requireRole(request, context, staffRoles);
  const form = await request.formData();
  const lang = context.lang;
  const values = typedValues(form);
  const intent = field(form, 'intent') || 'create';
  const drafts = readPartyDrafts(values);
  if (intent === 'addParty' || intent.startsWith('removeParty.')) {
    const next = intent === 'addParty' ? [...drafts, blankParty('applicant', 'person')].slice(0, MAX_PARTIES) : drafts.filter((_, i) => `removeParty.${i}` !== intent);
    // Not a refusal: the same form drawn again with one party more or less.
    return { ok: false, intent: 'create', error: null, fieldErrors: {}, values: withParties(values, next) };
  }
  const enterpriseId = field(form, 'enterpriseId');
  const parties = drafts.map((p) => ({
    side: p.side,
    kind: p.kind,
    name: p.name.trim(),
    phone: p.phone.trim() || null,
    idNumber: p.kind === 'person' ? p.idNumber.trim() || null : null,
    enterpriseId: p.linked && p.kind === 'organisation' && enterpriseId ? enterpriseId : null,
  }));
  const c = { lang, intent: 'create', values };
  const t = translator(lang);
  // Numbers are read here ("1,200", full-width digits); everything else is the schema's and the use case's to refuse.
  const people = numberField(form, 'peopleInvolved');
  const amount = numberField(form, 'amountYuan');
  const unreadable: Record<string, string> = {
    ...(people === null || !Number.isInteger(people) ? { peopleInvolved: 'errors.dispute.peopleAtLeastOne' } : {}),
    ...(amount !== null && (!Number.isFinite(amount) || amount < 0) ? { amountYuan: 'disputes.create.amountInvalid' } : {}),
  };
  if (Object.keys(unreadable).length) return fieldFailure(c, unreadable);
  const priority = field(form, 'priority');
  let created: { id: string; number: string };
  try {
    created = await context.trpc.dispute.create({
      source: field(form, 'source') as (typeof disputeSources)[number],
      disputeType: field(form, 'disputeType') as (typeof disputeTypes)[number],
      ...(enterpriseId ? { enterpriseId } : field(form, 'stationId') ? { stationId: field(form, 'stationId') } : {}),
      title: field(form, 'title'),
      facts: field(form, 'facts'),
      amountYuan: amount,
      peopleInvolved: people!,
      socialInsuranceArrears: checked(form, 'socialInsuranceArrears'),
      priorEscalation: checked(form, 'priorEscalation'),
      ...((priorities as readonly string[]).includes(priority) ? { priority: priority as (typeof priorities)[number] } : {}),
      parties,
      ...(checked(form, 'self') ? { assign: { mode: 'self' as const } } : {}),
      ...idempotencyKeyOf(form),
    });
  } catch (e) {
    return disputeFailure(e, { ...c, fields: formFields, parties, posted: form });
  }
  return redirectWithFlash(request, context, t('disputes.case.created', { number: created.number }), { to: `/disputes/${created.id}` });
}

const defaults: Record<string, string> = {
  source: 'party_application',
  disputeType: 'wage_arrears',
  peopleInvolved: '1',
  priority: 'normal',
  self: '1',
  ...withParties({}, [blankParty('applicant', 'person'), blankParty('respondent', 'organisation')]),
};

export default function NewDispute() {
  const { stations, groupPeople, idempotencyKey } = useLoaderData<typeof loader>();
  // Kept here, above the form that restarts after each refusal: the corrected save goes out under the same key.
  const onceKey = useIdempotencyKey(idempotencyKey);
  const result = useActionData<typeof action>();
  const { t } = useTranslation();
  // A new answer (errors, or a party added without scripts) starts the form again from what was sent.
  const failed = failureOf(result);
  return (
    <Page
      title={t('disputes.create.title')}
      subtitle={t('disputes.create.subtitle')}
      actions={
        <Link to="/disputes" className="text-sm text-slate-500 hover:text-slate-800">
          ← {t('disputes.case.backToList')}
        </Link>
      }
    >
      <DisputeForm key={failed ? JSON.stringify(failed.values) + JSON.stringify(failed.fieldErrors) : 'new'} stations={stations} groupPeople={groupPeople} idempotencyKey={onceKey} values={failed?.values ?? defaults} fieldErrors={failed?.fieldErrors ?? {}} failure={failed} />
    </Page>
  );
}

function DisputeForm({
  stations,
  groupPeople,
  idempotencyKey,
  values,
  fieldErrors,
  failure,
}: {
  stations: { id: string; name: string; nameEn: string | null }[];
  groupPeople: number;
  idempotencyKey: string;
  values: Record<string, string>;
  fieldErrors: Record<string, string>;
  failure: ActionFailure | null;
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const navigation = useNavigation();
  const saving = navigation.state === 'submitting' && navigation.formAction?.startsWith('/disputes/new') === true;
  const [parties, setParties] = useState<(PartyDraft & { key: number })[]>(() => readPartyDrafts(values).map((p, i) => ({ ...p, key: i })));
  const nextKey = useRef(parties.length);
  const [enterprise, setEnterprise] = useState<EnterpriseHit | null>(() => {
    try {
      return values.enterpriseHit ? (JSON.parse(values.enterpriseHit) as EnterpriseHit) : null;
    } catch {
      return null;
    }
  });
  const formRef = useRef<HTMLFormElement>(null);
  const v = (k: string) => values[k] ?? '';
  const err = (k: string) => fieldErrors[k];

  // After a refused save, the first field in error takes the focus.
  useEffect(() => {
    formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, []);

  const update = (key: number, patch: Partial<PartyDraft>) => setParties((list) => list.map((p) => (p.key === key ? { ...p, ...patch } : p)));
  const pick = (hit: EnterpriseHit | null) => {
    setEnterprise(hit);
    // The enterprise is usually the respondent: offered in the first empty organisation respondent.
    if (hit) {
      setParties((list) => {
        const i = list.findIndex((p) => p.side === 'respondent' && p.kind === 'organisation' && !p.name.trim());
        return i < 0 ? list : list.map((p, j) => (j === i ? { ...p, name: hit.name, linked: true } : p));
      });
    }
  };

  return (
    <Form ref={formRef} method="post" action="/disputes/new" className="max-w-4xl space-y-4" noValidate data-testid="dispute-form">
      <IdempotencyKeyInput value={idempotencyKey} />
      {/* The default button for Enter in a text field: saving, not the "add a party" button below. */}
      <button type="submit" name="intent" value="create" className="sr-only" tabIndex={-1} aria-hidden="true" />
      <input type="hidden" name="partyCount" value={parties.length} />
      {enterprise ? <input type="hidden" name="enterpriseHit" value={JSON.stringify(enterprise)} /> : null}
      <FormErrors failure={failure} />

      <section className="space-y-4 rounded-lg border border-slate-200 bg-white p-4 sm:p-6" aria-labelledby="dispute-form-case">
        <h2 id="dispute-form-case" className="font-medium text-slate-900">
          {t('disputes.create.caseSection')}
        </h2>
        <div className="grid grid-cols-1 gap-4 sm:grid-cols-2">
          <Field label={t('disputes.fields.source')} required error={err('source')}>
            {(p) => (
              <select {...p} name="source" defaultValue={v('source')} className={selectClass} data-testid="field-source">
                {disputeSources.map((s) => (
                  <option key={s} value={s}>
                    {t(`vocab.dispute.source.${s}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label={t('disputes.fields.type')} required error={err('disputeType')}>
            {(p) => (
              <select {...p} name="disputeType" defaultValue={v('disputeType')} className={selectClass} data-testid="field-type">
                {disputeTypes.map((s) => (
                  <option key={s} value={s}>
                    {t(`vocab.dispute.type.${s}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </div>

        <fieldset className="space-y-2">
          <legend className="mb-1 text-sm font-medium text-slate-700">{t('disputes.fields.enterprise')}</legend>
          <EnterprisePicker selected={enterprise} onSelect={pick} error={err('enterpriseId')} />
          {!enterprise ? (
            <div className="max-w-sm">
              <Field label={t('disputes.create.stationWithoutEnterprise')} error={err('stationId')} hint={t('disputes.create.stationHint')}>
                {(p) => (
                  <select {...p} name="stationId" defaultValue={v('stationId')} className={selectClass}>
                    {stations.length > 1 ? <option value="">{t('disputes.create.chooseStation')}</option> : null}
                    {stations.map((s) => (
                      <option key={s.id} value={s.id}>
                        {localName(lang, s.name, s.nameEn)}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
            </div>
          ) : null}
        </fieldset>

        <Field label={t('disputes.fields.title')} required error={err('title')} hint={t('disputes.create.titleHint')}>
          {(p) => <input {...p} name="title" defaultValue={v('title')} maxLength={200} autoComplete="off" className={inputClass} data-testid="field-title" />}
        </Field>
        <Field label={t('disputes.create.facts')} required error={err('facts')} hint={t('disputes.create.factsHint')}>
          {(p) => <textarea {...p} name="facts" defaultValue={v('facts')} rows={5} maxLength={20000} className={inputClass} data-testid="field-facts" />}
        </Field>
        <div className="grid grid-cols-1 gap-4 sm:grid-cols-3">
          <Field label={t('disputes.fields.amountYuan')} error={err('amountYuan')}>
            {(p) => <input {...p} name="amountYuan" defaultValue={v('amountYuan')} inputMode="decimal" autoComplete="off" className={`${inputClass} tabular-nums`} data-testid="field-amount" />}
          </Field>
          <Field label={t('disputes.fields.peopleInvolved')} required error={err('peopleInvolved')} hint={t('disputes.create.peopleHint', { n: groupPeople })}>
            {(p) => <input {...p} name="peopleInvolved" defaultValue={v('peopleInvolved')} inputMode="numeric" autoComplete="off" className={`${inputClass} tabular-nums`} data-testid="field-people" />}
          </Field>
          <Field label={t('disputes.create.priority')} error={err('priority')}>
            {(p) => (
              <select {...p} name="priority" defaultValue={v('priority')} className={selectClass}>
                {priorities.map((s) => (
                  <option key={s} value={s}>
                    {t(`workItems.priority.${s}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </div>
        <div className="flex flex-col gap-2 sm:flex-row sm:flex-wrap sm:gap-x-6">
          <Check name="socialInsuranceArrears" label={t('disputes.create.socialInsuranceArrears')} defaultChecked={v('socialInsuranceArrears') === '1'} />
          <Check name="priorEscalation" label={t('disputes.create.priorEscalation')} defaultChecked={v('priorEscalation') === '1'} />
          <Check name="self" label={t('disputes.create.self')} defaultChecked={v('self') === '1'} />
        </div>
      </section>

      <section className="space-y-3 rounded-lg border border-slate-200 bg-white p-4 sm:p-6" aria-labelledby="dispute-form-parties" data-testid="party-blocks">
        <div className="flex flex-wrap items-center justify-between gap-2">
          <h2 id="dispute-form-parties" className="font-medium text-slate-900">
            {t('disputes.create.partiesSection')}
          </h2>
          <button
            type="submit"
            name="intent"
            value="addParty"
            formNoValidate
            className={buttonClass.smallSecondary}
            disabled={parties.length >= MAX_PARTIES}
            onClick={(e) => {
              e.preventDefault();
              setParties((list) => [...list, { ...blankParty('applicant', 'person'), key: nextKey.current++ }]);
            }}
            data-testid="add-party"
          >
            {t('disputes.create.addParty')}
          </button>
        </div>
        <p className="text-xs text-slate-500">{t('disputes.create.partiesHint')}</p>
        <FieldError error={err('parties')} className="" />
        <ol className="space-y-3">
          {parties.map((p, i) => (
            <PartyBlock
              key={p.key}
              index={i}
              party={p}
              enterpriseName={enterprise?.name ?? null}
              errors={fieldErrors}
              canRemove={parties.length > 2}
              onChange={(patch) => update(p.key, patch)}
              onRemove={() => setParties((list) => list.filter((x) => x.key !== p.key))}
            />
          ))}
        </ol>
      </section>

      <div className="flex flex-wrap items-center justify-end gap-2">
        <Link to="/disputes" className={buttonClass.secondary}>
          {t('workItems.common.cancel')}
        </Link>
        <button type="submit" name="intent" value="create" className={buttonClass.primary} disabled={saving} data-testid="dispute-submit">
          {saving ? t('workItems.common.saving') : t('disputes.create.submit')}
        </button>
      </div>
    </Form>
  );
}

function Check({ name, label, defaultChecked }: { name: string; label: string; defaultChecked: boolean }) {
  return (
    <label className="inline-flex min-h-9 items-center gap-2 text-sm text-slate-700">
      <input type="checkbox" name={name} value="1" defaultChecked={defaultChecked} className="size-4 rounded border-slate-300" data-testid={`field-${name}`} />
      {label}
    </label>
  );
}

function PartyBlock({
  index,
  party,
  enterpriseName,
  errors,
  canRemove,
  onChange,
  onRemove,
}: {
  index: number;
  party: PartyDraft;
  enterpriseName: string | null;
  errors: Record<string, string>;
  canRemove: boolean;
  onChange: (patch: Partial<PartyDraft>) => void;
  onRemove: () => void;
}) {
  const { t } = useTranslation();
  const n = (k: string) => `party.${index}.${k}`;
  const err = (k: string) => errors[n(k)];
  const person = party.kind === 'person';
  return (
    <li className="rounded-md border border-slate-200 bg-slate-50/60 p-3" data-testid="party-block">
      <fieldset>
        <legend className="sr-only">{t('disputes.create.partyN', { n: index + 1 })}</legend>
        <div className="mb-2 flex flex-wrap items-center justify-between gap-2">
          <span className="text-sm font-medium text-slate-800" aria-hidden="true">
            {t('disputes.create.partyN', { n: index + 1 })}
          </span>
          {canRemove ? (
            <button
              type="submit"
              name="intent"
              value={`removeParty.${index}`}
              formNoValidate
              className={buttonClass.smallDanger}
              onClick={(e) => {
                e.preventDefault();
                onRemove();
              }}
              aria-label={t('disputes.create.removePartyN', { n: index + 1 })}
            >
              {t('disputes.create.removeParty')}
            </button>
          ) : null}
        </div>
        <div className="grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-3">
          <Field label={t('disputes.party.side')} error={err('side')}>
            {(p) => (
              <select {...p} name={n('side')} value={party.side} onChange={(e) => onChange({ side: e.currentTarget.value as PartyDraft['side'] })} className={selectClass} data-testid="party-side">
                <option value="applicant">{t('vocab.dispute.side.applicant')}</option>
                <option value="respondent">{t('vocab.dispute.side.respondent')}</option>
              </select>
            )}
          </Field>
          <Field label={t('disputes.party.kind')} error={err('kind')}>
            {(p) => (
              <select {...p} name={n('kind')} value={party.kind} onChange={(e) => onChange({ kind: e.currentTarget.value as PartyDraft['kind'] })} className={selectClass} data-testid="party-kind">
                <option value="person">{t('vocab.dispute.partyKind.person')}</option>
                <option value="organisation">{t('vocab.dispute.partyKind.organisation')}</option>
              </select>
            )}
          </Field>
          <Field label={person ? t('disputes.party.personName') : t('disputes.party.organisationName')} required error={err('name')}>
            {(p) => <input {...p} name={n('name')} value={party.name} onChange={(e) => onChange({ name: e.currentTarget.value })} maxLength={200} autoComplete="off" className={inputClass} data-testid="party-name" />}
          </Field>
          <Field label={t('disputes.party.phone')} error={err('phone')} hint={t('disputes.party.phoneHint')}>
            {(p) => (
              <input {...p} name={n('phone')} type="tel" value={party.phone} onChange={(e) => onChange({ phone: e.currentTarget.value })} maxLength={40} autoComplete="off" className={`${inputClass} tabular-nums`} data-testid="party-phone" />
            )}
          </Field>
          {person ? (
            <Field label={t('disputes.party.idNumber')} error={err('idNumber')} hint={t('disputes.party.idNumberHint')}>
              {(p) => (
                <input
                  {...p}
                  name={n('idNumber')}
                  value={party.idNumber}
                  onChange={(e) => onChange({ idNumber: e.currentTarget.value })}
                  maxLength={30}
                  autoComplete="off"
                  spellCheck={false}
                  className={`${inputClass} font-mono tabular-nums`}
                  data-testid="party-id-number"
                />
              )}
            </Field>
          ) : null}
          {enterpriseName && !person ? (
            <label className="inline-flex min-h-9 items-center gap-2 self-end text-sm text-slate-700">
              <input type="checkbox" name={n('linked')} value="1" checked={party.linked} onChange={(e) => onChange({ linked: e.currentTarget.checked })} className="size-4 rounded border-slate-300" />
              {t('disputes.party.isEnterprise', { name: enterpriseName })}
            </label>
          ) : null}
        </div>
      </fieldset>
    </li>
  );
}
