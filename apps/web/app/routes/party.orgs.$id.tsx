import { Form, Link, useActionData, useLoaderData } from 'react-router';
import { useTranslation } from 'react-i18next';
import { translator } from '@stationdesk/i18n';
import type { RouterInputs } from '@stationdesk/api';
import { FormErrors } from '../components/form.tsx';
import { Card, Page } from '../components/page.tsx';
import { OrgForm, orgFormFields, orgRefusalFields } from '../components/party/org-form.tsx';
import { buttonClass, DefinitionList, Empty, Field, inputClass, Notice, Section } from '../components/ui.tsx';
import { failureOf, type ActionDone, type ActionFailure } from '../lib/action-result.ts';
import { actionFailure, notFoundOr } from '../lib/action-result.server.ts';
import { redirectWithFlash } from '../lib/flash.server.ts';
import { loadForRoles, requireRole, staffRoles } from '../lib/loader.server.ts';
import { pageTitle } from '../lib/meta.ts';
import { localName } from '../lib/names.ts';
import { badgeClass, shiftTime } from '../lib/party.ts';
import { readOrgForm } from '../lib/party.server.ts';
import { text } from '../lib/work-items.server.ts';
import type { Route } from './+types/party.orgs.$id';

export function meta({ matches, loaderData }: Route.MetaArgs) {
  return pageTitle(matches, 'party.orgs.title', loaderData?.org.name);
}

export async function loader({ request, context, params }: Route.LoaderArgs) {
  const { timezone, data } = await loadForRoles(request, context, staffRoles, () =>
    Promise.all([context.trpc.partyOrg.get({ id: params.id }).catch(notFoundOr), context.trpc.station.list()]),
  );
  const [org, stations] = data;
  return { org, timezone, stations: stations.filter((s) => s.inScope || s.id === org.stationId) };
}

type Revealed = ActionDone<{ contactName: string | null; contactPhone: string | null }>;

/** Saves the record (registry organisations only), or reveals the contact with a reason (audited). */
export async function action({ request, context, params }: Route.ActionArgs): Promise<ActionFailure | Revealed | Response> {
  await requireRole(request, context, staffRoles);
  const form = await request.formData();
  const intent = text(form, 'intent');
  try {
    if (intent === 'reveal') {
      const shown = await context.trpc.partyOrg.revealContact({ id: params.id, reason: text(form, 'reason') });
      return { ok: true, intent, message: '', contactName: shown.contactName, contactPhone: shown.contactPhone };
    }
    const values = readOrgForm(form);
    const patch: RouterInputs['partyOrg']['update'] = {
      id: params.id,
      version: Number(text(form, 'version')),
      type: values.type,
      name: values.name,
      stationId: values.stationId,
      members: values.members ?? null,
      joinedOn: values.joinedOn ?? null,
      notes: values.notes ?? null,
      status: text(form, 'status') as 'active' | 'left',
      leftOn: text(form, 'leftOn') || null,
      // The contact is shown masked: typed, it replaces the old one; left blank, it stays.
      ...(values.contactName ? { contactName: values.contactName } : {}),
      ...(values.contactPhone ? { contactPhone: values.contactPhone } : {}),
    };
    await context.trpc.partyOrg.update(patch);
    return redirectWithFlash(request, context, translator(context.lang)('party.orgs.saved'));
  } catch (e) {
    return actionFailure(e, { lang: context.lang, intent, fields: intent === 'reveal' ? ['reason'] : orgFormFields, refusalFields: orgRefusalFields, posted: form });
  }
}

export default function PartyOrgPage() {
  const { org, timezone, stations } = useLoaderData<typeof loader>();
  const answer = useActionData<ActionFailure | Revealed>();
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const revealed = answer && answer.ok && answer.intent === 'reveal' ? answer : null;
  const revealFailure = failureOf(answer, 'reveal');
  return (
    <Page
      title={org.name}
      subtitle={t(`party.orgType.${org.type}`)}
      actions={
        <Link to="/party/orgs" className={buttonClass.secondary}>
          {t('party.common.back')}
        </Link>
      }
    >
      <div className="grid gap-4 lg:grid-cols-[minmax(0,1fr)_minmax(0,1fr)]">
        <Card>
          <DefinitionList
            items={[
              { label: t('party.orgs.type'), value: t(`party.orgType.${org.type}`) },
              { label: t('party.orgs.status'), value: t(`party.orgStatus.${org.status}`) },
              { label: t('party.orgs.station'), value: localName(lang, org.stationName, org.stationNameEn) },
              { label: t('party.orgs.members'), value: org.members ?? '—' },
              { label: t('party.orgs.contactName'), value: <span data-testid="contact-name">{revealed ? (revealed.contactName ?? '—') : (org.contactName ?? '—')}</span> },
              { label: t('party.orgs.contactPhone'), value: <span data-testid="contact-phone">{revealed ? (revealed.contactPhone ?? '—') : (org.contactPhone ?? '—')}</span> },
              { label: t('party.orgs.joinedOn'), value: org.joinedOn ?? '—' },
              { label: t('party.orgs.leftOn'), value: org.leftOn ?? '—' },
              { label: t('party.orgs.source'), value: t(`party.orgSource.${org.source}`) },
              ...(org.notes ? [{ label: t('party.orgs.notes'), value: org.notes, wide: true }] : []),
            ]}
          />
          {!revealed && (org.contactName || org.contactPhone) ? (
            <Form method="post" className="flex flex-wrap items-end gap-2 border-t border-slate-100 px-4 py-3" data-testid="reveal-form">
              <input type="hidden" name="intent" value="reveal" />
              <Field label={t('party.orgs.revealReason')} error={revealFailure?.fieldErrors.reason} hint={t('party.orgs.revealHint')} className="min-w-0 flex-1">
                {(p) => <input {...p} name="reason" maxLength={500} className={inputClass} />}
              </Field>
              <button type="submit" className={buttonClass.secondary}>
                {t('party.orgs.reveal')}
              </button>
              <div className="w-full">
                <FormErrors failure={revealFailure} />
              </div>
            </Form>
          ) : null}
        </Card>
        <Section title={t('party.orgs.batches')} count={org.batches.length}>
          {org.batches.length === 0 ? (
            <Empty>{t('party.orgs.noBatches')}</Empty>
          ) : (
            <ul className="divide-y divide-slate-100">
              {org.batches.map((b) => (
                <li key={b.id} className="flex flex-wrap items-center justify-between gap-2 px-4 py-2 text-sm">
                  <Link to={`/party/shifts/${b.shiftId}`} className="hover:underline">
                    {`${b.postName} · ${b.shiftDate} ${shiftTime(b, timezone)}`}
                  </Link>
                  <span className="flex items-center gap-2">
                    <span className="tabular-nums">{t('party.common.members', { count: b.members })}</span>
                    <span className={`${badgeClass} bg-slate-50 text-slate-600 ring-slate-500/20`}>{t(`party.signUpStatus.${b.status}`)}</span>
                  </span>
                </li>
              ))}
            </ul>
          )}
        </Section>
      </div>
      <div className="mt-4">
        {org.source === 'enterprise' ? (
          <Notice>
            {t('party.orgs.fromEnterprise')}{' '}
            <Link to={`/enterprises/${org.enterpriseId}`} className={buttonClass.link}>
              {t('party.orgs.openEnterprise')}
            </Link>
          </Notice>
        ) : (
          <>
            <h2 className="mb-2 font-medium">{t('party.orgs.editTitle')}</h2>
            <OrgForm
              editing
              values={{
                type: org.type,
                name: org.name,
                contactName: '',
                contactPhone: '',
                members: org.members === null ? '' : String(org.members),
                joinedOn: org.joinedOn ?? '',
                stationId: org.stationId,
                notes: org.notes ?? '',
                status: org.status,
                leftOn: org.leftOn ?? '',
                version: org.version,
              }}
              stations={stations}
              failure={failureOf(answer, 'save')}
            />
          </>
        )}
      </div>
    </Page>
  );
}
