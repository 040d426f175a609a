import { useState } from 'react';
import { Form, useActionData, useLoaderData, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { translator } from '@stationdesk/i18n';
import { Page } from '../components/page.tsx';
import { ConfirmAction, FormErrors } from '../components/form.tsx';
import { buttonClass, Field, inputClass } from '../components/ui.tsx';
import type { ActionDone, ActionFailure } from '../lib/action-result.ts';
import { actionFailure } from '../lib/action-result.server.ts';
import { formString } from '../lib/enterprise-form.server.ts';
import { loadForRoles } from '../lib/loader.server.ts';
import { redirectWithFlash } from '../lib/flash.server.ts';
import { pageTitle } from '../lib/meta.ts';
import type { Route } from './+types/settings.people';

type Role = 'manager' | 'staff' | 'enterprise_admin';
const roles: Role[] = ['staff', 'manager', 'enterprise_admin'];
const asRole = (v: string): Role => ((roles as string[]).includes(v) ? (v as Role) : 'staff');

export function meta({ matches }: Route.MetaArgs) {
  return pageTitle(matches, 'members.title');
}

export async function loader({ request, context }: Route.LoaderArgs) {
  const includeInactive = new URL(request.url).searchParams.get('inactive') === '1';
  const { data } = await loadForRoles(request, context, ['manager'], () =>
    Promise.all([context.trpc.member.list({ includeInactive }), context.trpc.station.list()]),
  );
  const [people, stations] = data;
  return { ...people, stations: stations.map((s) => ({ id: s.id, name: s.name, nameEn: s.nameEn })), includeInactive };
}

/** Answered in place: a link to copy (no SMTP) — a redirect could not carry it. */
type LinkDone = ActionDone<{ link: string; email: string }>;

export async function action({ request, context }: Route.ActionArgs): Promise<ActionFailure | LinkDone | Response> {
  const form = await request.formData();
  const intent = formString(form, 'intent');
  const t = translator(context.lang);
  const email = formString(form, 'email');
  const linkOrFlash = (link: string | null, flashKey: string) =>
    link ? ({ ok: true, intent, message: t('members.invite.linkReady', { email }), link, email } satisfies LinkDone) : redirectWithFlash(request, context, t(flashKey, { email }));
  try {
    switch (intent) {
      case 'invite': {
        const role = asRole(formString(form, 'role'));
        const name = formString(form, 'displayName');
        const creditCode = formString(form, 'creditCode');
        const { link } = await context.trpc.member.invite({
          email,
          role,
          stationIds: role === 'enterprise_admin' ? [] : form.getAll('stationIds').map(String),
          ...(name ? { displayName: name } : {}),
          ...(role === 'enterprise_admin' && creditCode ? { creditCode } : {}),
        });
        return linkOrFlash(link, 'members.invite.sent');
      }
      case 'resend': {
        const { link } = await context.trpc.member.resendInvite({ invitationId: formString(form, 'id') });
        return linkOrFlash(link, 'members.resent');
      }
      case 'approve': {
        const { link } = await context.trpc.member.approveInvite({ invitationId: formString(form, 'id') });
        return linkOrFlash(link, 'members.approved');
      }
      case 'revoke':
        await context.trpc.member.revokeInvite({ invitationId: formString(form, 'id') });
        return redirectWithFlash(request, context, t('members.revoked'));
      case 'update':
        await context.trpc.member.update({ id: formString(form, 'id'), role: asRole(formString(form, 'role')), stationIds: form.getAll('stationIds').map(String) });
        return redirectWithFlash(request, context, t('members.saved'));
      case 'deactivate': {
        const done = await context.trpc.member.deactivate({ id: formString(form, 'id') });
        return redirectWithFlash(request, context, t('members.deactivated', { name: formString(form, 'name'), sessions: done.endedSessions, returned: done.returnedItems }));
      }
      default:
        throw new Error(`unknown intent ${intent}`);
    }
  } catch (e) {
    return actionFailure(e, { lang: context.lang, intent, fields: ['email', 'displayName', 'role', 'stationIds', 'creditCode'], posted: form });
  }
}

export default function PeopleSettings() {
  const { members, invitations, stations, includeInactive, smtp } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t, i18n } = useTranslation();
  const [, setParams] = useSearchParams();
  const stationName = (id: string) => {
    const s = stations.find((x) => x.id === id);
    return s ? (i18n.language === 'en' && s.nameEn ? s.nameEn : s.name) : '—';
  };
  const done = result && result.ok ? result : null;
  const failure = result && !result.ok ? result : null;
  return (
    <Page title={t('members.title')}>
      <div className="max-w-5xl space-y-6">
        {done ? <CopyLink message={done.message} link={done.link} /> : null}
        <InviteForm stations={stations} failure={failure?.intent === 'invite' ? failure : null} stationName={stationName} />
        {failure && failure.intent !== 'invite' ? <FormErrors failure={failure} testId="people-error" /> : null}

        <section className="rounded-lg border border-slate-200 bg-white" data-testid="pending-invitations">
          <h2 className="border-b border-slate-200 px-4 py-2.5 text-sm font-semibold">{t('members.pending')}</h2>
          {invitations.length === 0 ? <p className="px-4 py-3 text-sm text-slate-500">{t('members.noPending')}</p> : null}
          <ul className="divide-y divide-slate-100">
            {invitations.map((inv) => (
              <li key={inv.id} className="flex flex-wrap items-center justify-between gap-2 px-4 py-2.5" data-testid="invitation-row">
                <div className="min-w-0 text-sm">
                  <div className="font-medium">
                    {inv.displayName ? `${inv.displayName} · ` : ''}
                    {inv.email}
                  </div>
                  <div className="text-xs text-slate-500">
                    {t(`roles.${inv.role}`)}
                    {inv.enterpriseName ? ` · ${inv.enterpriseName}` : ''}
                    {inv.stationIds.length ? ` · ${inv.stationIds.map(stationName).join('、')}` : ''} · {t(`members.state.${inv.state}`)} · {t('members.expires')}{' '}
                    {new Date(inv.expiresAt).toLocaleDateString(i18n.language)}
                    {inv.requestedByName ? ` · ${t('members.requestedBy', { name: inv.requestedByName })}` : ''}
                  </div>
                </div>
                <div className="flex flex-wrap items-center gap-1">
                  {inv.state === 'awaiting_approval' ? (
                    <RowButton intent="approve" id={inv.id} email={inv.email} label={t('members.approve')} />
                  ) : (
                    <RowButton intent="resend" id={inv.id} email={inv.email} label={smtp ? t('members.resend') : t('members.newLink')} />
                  )}
                  <ConfirmAction intent="revoke" hidden={{ id: inv.id }} label={t('members.revoke')} confirmLabel={t('members.revoke')} question={`${t('members.revoke')} ${inv.email}?`} />
                </div>
              </li>
            ))}
          </ul>
        </section>

        <section className="rounded-lg border border-slate-200 bg-white" data-testid="people">
          <div className="flex flex-wrap items-center justify-between gap-2 border-b border-slate-200 px-4 py-2.5">
            <h2 className="text-sm font-semibold">{t('members.people')}</h2>
            <label className="flex items-center gap-2 text-xs text-slate-600">
              <input type="checkbox" checked={includeInactive} onChange={(e) => setParams(e.currentTarget.checked ? { inactive: '1' } : {})} />
              {t('members.showInactive')}
            </label>
          </div>
          <ul className="divide-y divide-slate-100">
            {members.map((m) => (
              <MemberRow key={m.id} member={m} stations={stations} stationName={stationName} />
            ))}
          </ul>
        </section>
      </div>
    </Page>
  );
}

function CopyLink({ message, link }: { message: string; link: string }) {
  const { t } = useTranslation();
  const [copied, setCopied] = useState(false);
  return (
    <div className="space-y-2 rounded-md border border-amber-200 bg-amber-50 p-3 text-sm" data-testid="invite-link">
      <p>{message}</p>
      <div className="flex flex-wrap items-center gap-2">
        <input readOnly value={link} className={`${inputClass} min-w-0 flex-1 font-mono text-xs`} onFocus={(e) => e.currentTarget.select()} data-testid="invite-link-url" />
        <button
          type="button"
          className={buttonClass.smallSecondary}
          onClick={() => void navigator.clipboard?.writeText(link).then(() => setCopied(true))}
        >
          {copied ? t('members.copied') : t('members.copyLink')}
        </button>
      </div>
    </div>
  );
}

function RowButton({ intent, id, email, label }: { intent: string; id: string; email: string; label: string }) {
  return (
    <Form method="post">
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name="id" value={id} />
      <input type="hidden" name="email" value={email} />
      <button type="submit" className={buttonClass.smallSecondary}>
        {label}
      </button>
    </Form>
  );
}

type StationOption = { id: string; name: string; nameEn: string | null };

function StationChecks({ stations, selected, stationName }: { stations: StationOption[]; selected: string[]; stationName: (id: string) => string }) {
  return (
    <div className="flex flex-wrap gap-x-4 gap-y-1">
      {stations.map((s) => (
        <label key={s.id} className="flex items-center gap-1.5 text-sm">
          <input type="checkbox" name="stationIds" value={s.id} defaultChecked={selected.includes(s.id)} />
          {stationName(s.id)}
        </label>
      ))}
    </div>
  );
}

function InviteForm({ stations, failure, stationName }: { stations: StationOption[]; failure: ActionFailure | null; stationName: (id: string) => string }) {
  const { t } = useTranslation();
  const [role, setRole] = useState<Role>('staff');
  const errors = failure?.fieldErrors ?? {};
  return (
    <Form method="post" className="space-y-3 rounded-lg border border-slate-200 bg-white p-4" data-testid="invite-form" noValidate>
      <input type="hidden" name="intent" value="invite" />
      <h2 className="text-sm font-semibold">{t('members.invite.title')}</h2>
      <div className="grid grid-cols-1 gap-3 sm:grid-cols-3">
        <Field label={t('members.email')} required error={errors.email}>
          {(p) => <input {...p} name="email" type="email" autoComplete="off" required className={inputClass} />}
        </Field>
        <Field label={t('members.name')} error={errors.displayName}>
          {(p) => <input {...p} name="displayName" maxLength={100} autoComplete="off" className={inputClass} />}
        </Field>
        <Field label={t('members.role')} required error={errors.role}>
          {(p) => (
            <select {...p} name="role" value={role} onChange={(e) => setRole(asRole(e.currentTarget.value))} className={inputClass}>
              {roles.map((r) => (
                <option key={r} value={r}>
                  {t(`roles.${r}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      {role === 'enterprise_admin' ? (
        <Field label={t('members.invite.creditCode')} hint={t('members.invite.creditCodeHint')} required error={errors.creditCode}>
          {(p) => <input {...p} name="creditCode" maxLength={18} autoComplete="off" className={`${inputClass} font-mono`} />}
        </Field>
      ) : (
        <fieldset>
          <legend className="mb-1 text-sm font-medium text-slate-700">{t('members.stations')}</legend>
          <StationChecks stations={stations} selected={[]} stationName={stationName} />
          <p className="mt-1 text-xs text-slate-500">{errors.stationIds ?? t('members.invite.stationsHint')}</p>
        </fieldset>
      )}
      <FormErrors failure={failure} testId="invite-error" />
      <button type="submit" className={buttonClass.primary} data-testid="invite-submit">
        {t('members.invite.submit')}
      </button>
    </Form>
  );
}

type Member = ReturnType<typeof useLoaderData<typeof loader>>['members'][number];

function MemberRow({ member: m, stations, stationName }: { member: Member; stations: StationOption[]; stationName: (id: string) => string }) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState(false);
  const [role, setRole] = useState<Role>(m.role);
  return (
    <li className="px-4 py-2.5" data-testid="member-row" data-email={m.email}>
      <div className="flex flex-wrap items-center justify-between gap-2">
        <div className="min-w-0 text-sm">
          <div className="font-medium">
            {m.displayName} <span className="font-normal text-slate-500">{m.email}</span>
          </div>
          <div className="text-xs text-slate-500">
            {t(`roles.${m.role}`)}
            {m.enterpriseName ? ` · ${m.enterpriseName}` : ''}
            {m.stationIds.length ? ` · ${m.stationIds.map(stationName).join('、')}` : ''} · {m.active ? t('members.active') : t('members.inactive')}
          </div>
        </div>
        {m.active ? (
          <div className="flex flex-wrap items-center gap-1">
            {m.role !== 'enterprise_admin' ? (
              <button type="button" className={buttonClass.ghost} onClick={() => setEditing((v) => !v)}>
                {t('members.edit')}
              </button>
            ) : null}
            <ConfirmAction
              intent="deactivate"
              hidden={{ id: m.id, name: m.displayName }}
              label={t('members.deactivate')}
              confirmLabel={t('members.deactivate')}
              question={t('members.deactivateConfirm', { name: m.displayName, count: m.openItems })}
            />
          </div>
        ) : null}
      </div>
      {editing ? (
        <Form method="post" className="mt-2 space-y-2 rounded-md border border-brand-100 bg-brand-50/40 p-3" data-testid="member-edit">
          <input type="hidden" name="intent" value="update" />
          <input type="hidden" name="id" value={m.id} />
          <select name="role" value={role} onChange={(e) => setRole(asRole(e.currentTarget.value))} className={`${inputClass} max-w-xs`} aria-label={t('members.role')}>
            {(['staff', 'manager'] as const).map((r) => (
              <option key={r} value={r}>
                {t(`roles.${r}`)}
              </option>
            ))}
          </select>
          <StationChecks stations={stations} selected={m.stationIds} stationName={stationName} />
          <button type="submit" className={buttonClass.smallPrimary}>
            {t('members.save')}
          </button>
        </Form>
      ) : null}
    </li>
  );
}
