import { Form, redirect, useActionData, useLoaderData } from 'react-router';
import { useTranslation } from 'react-i18next';
import { translator } from '@stationdesk/i18n';
import { localDate } from '@stationdesk/core';
import { Card, Page } from '../components/page.tsx';
import { ConfirmAction } from '../components/form.tsx';
import { buttonClass, Field, FormError, inputClass, Notice } from '../components/ui.tsx';
import type { ActionDone, ActionFailure } from '../lib/action-result.ts';
import { actionFailure } from '../lib/action-result.server.ts';
import { redirectWithFlash } from '../lib/flash.server.ts';
import { fileSize, formatDateTime } from '../lib/format.ts';
import { localName } from '../lib/names.ts';
import { requireMe } from '../lib/session.server.ts';
import type { Route } from './+types/platform';

/**
 * The platform operator's console (issue 21): every tenant with its status and usage (counts only,
 * never case data), a new tenant (its first manager invited; the link shown to copy when no e-mail
 * goes out), suspend / resume after a confirmation, and the tenants whose managers granted support
 * access — entered read-only from here.
 */
export async function loader({ request, context }: Route.LoaderArgs) {
  const me = await requireMe(request, context);
  if (!me.user.isPlatformAdmin) throw redirect('/');
  const [tenants, granted] = await Promise.all([context.trpc.platform.tenants(), context.trpc.supportAccess.available()]);
  const usage = await Promise.all(tenants.map((tn) => context.trpc.tenant.usage({ tenantId: tn.id })));
  return { tenants, usage, granted };
}

type Created = ActionDone<{ link: string | null; slug: string }>;

export async function action({ request, context }: Route.ActionArgs): Promise<ActionFailure | Created | Response> {
  const form = await request.formData();
  const intent = String(form.get('intent') ?? '');
  const text = (k: string) => String(form.get(k) ?? '').trim();
  const t = translator(context.lang);
  try {
    if (intent === 'create') {
      const nameEn = text('nameEn');
      const created = await context.trpc.tenant.create({
        name: text('name'),
        ...(nameEn ? { nameEn } : {}),
        slug: text('slug'),
        timezone: text('timezone'),
        managerEmail: text('managerEmail'),
      });
      return { ok: true, intent, message: t('platformAdmin.create.done'), link: created.invitation.link, slug: text('slug') };
    }
    if (intent === 'suspend' || intent === 'resume') {
      const tenantId = text('tenantId');
      await (intent === 'suspend' ? context.trpc.tenant.suspend({ tenantId }) : context.trpc.tenant.resume({ tenantId }));
      return redirectWithFlash(request, context, t(intent === 'suspend' ? 'platformAdmin.suspended' : 'platformAdmin.resumed'), { form: intent });
    }
    if (intent === 'enter') {
      await context.trpc.supportAccess.enter({ tenantId: text('tenantId') });
      return redirect('/items');
    }
    if (intent === 'leave') {
      await context.trpc.supportAccess.leave();
      return redirect('/platform');
    }
    throw new Response('Unknown intent', { status: 400 });
  } catch (e) {
    if (e instanceof Response) throw e;
    const fields = ['name', 'nameEn', 'slug', 'timezone', 'managerEmail'];
    return actionFailure(e, {
      lang: context.lang,
      intent,
      fields,
      refusalFields: { 'errors.tenant.slugTaken': 'slug' },
      posted: form,
      ...(intent === 'create' ? { values: Object.fromEntries(fields.map((f) => [f, text(f)])) } : {}),
    });
  }
}

export default function Platform() {
  const { tenants, usage, granted } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const { t, i18n } = useTranslation();
  const failure = answer && !answer.ok && answer.intent === 'create' ? answer : null;
  const created = answer && answer.ok ? (answer as Created) : null;
  const usageOf = new Map(usage.map((u) => [u.tenantId, u]));
  return (
    <Page title={t('platform.title')} subtitle={t('platform.subtitle')}>
      <Card className="overflow-x-auto">
        <table className="w-full text-left text-sm" data-testid="tenants-table">
          <thead className="bg-slate-50 text-slate-600">
            <tr>
              <th className="px-4 py-2 font-medium">{t('platform.tenant')}</th>
              <th className="px-4 py-2 font-medium">{t('platform.slug')}</th>
              <th className="px-4 py-2 font-medium">{t('platformAdmin.status')}</th>
              <th className="px-4 py-2 text-right font-medium">{t('platformAdmin.usage.stations')}</th>
              <th className="px-4 py-2 text-right font-medium">{t('platformAdmin.usage.users')}</th>
              <th className="px-4 py-2 text-right font-medium">{t('platformAdmin.usage.items')}</th>
              <th className="px-4 py-2 text-right font-medium">{t('platformAdmin.usage.storage')}</th>
              <th className="px-4 py-2 font-medium">{t('platform.timezone')}</th>
              <th className="px-4 py-2 font-medium">{t('platform.createdAt')}</th>
              <th className="px-4 py-2" />
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {tenants.map((tn) => {
              const u = usageOf.get(tn.id);
              const name = localName(i18n.language, tn.name, tn.nameEn);
              return (
                <tr key={tn.id} data-testid="tenant-row" data-slug={tn.slug}>
                  <td className="px-4 py-2">{name}</td>
                  <td className="px-4 py-2 text-slate-600">{tn.slug}</td>
                  <td className="px-4 py-2">
                    <span className={`rounded px-2 py-0.5 text-xs ${tn.status === 'active' ? 'bg-green-50 text-green-700' : 'bg-amber-50 text-amber-800'}`} data-testid="tenant-status">
                      {t(`platformAdmin.statusValue.${tn.status}`)}
                    </span>
                  </td>
                  <td className="px-4 py-2 text-right tabular-nums">{u?.stations ?? '—'}</td>
                  <td className="px-4 py-2 text-right tabular-nums">{u?.users ?? '—'}</td>
                  <td className="px-4 py-2 text-right tabular-nums">{u?.itemsThisMonth ?? '—'}</td>
                  <td className="px-4 py-2 text-right tabular-nums">{u ? fileSize(u.storageBytes) : '—'}</td>
                  <td className="px-4 py-2 text-slate-600">{tn.timezone}</td>
                  <td className="px-4 py-2 text-slate-600 tabular-nums">{localDate(new Date(tn.createdAt), tn.timezone)}</td>
                  <td className="px-4 py-2 text-right">
                    {tn.status === 'active' ? (
                      <ConfirmAction
                        intent="suspend"
                        hidden={{ tenantId: tn.id }}
                        label={t('platformAdmin.suspend')}
                        confirmLabel={t('platformAdmin.confirmSuspend')}
                        question={t('platformAdmin.suspendQuestion', { name })}
                      />
                    ) : (
                      <ConfirmAction
                        intent="resume"
                        hidden={{ tenantId: tn.id }}
                        label={t('platformAdmin.resume')}
                        confirmLabel={t('platformAdmin.confirmResume')}
                        question={t('platformAdmin.resumeQuestion', { name })}
                        className={buttonClass.smallSecondary}
                      />
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </Card>
      <p className="mt-2 text-sm text-slate-500">{t('platform.privacyNote')}</p>

      <Card className="mt-6 p-4" data-testid="support-granted">
        <h2 className="mb-2 font-medium">{t('platformAdmin.granted.title')}</h2>
        {granted.length === 0 ? (
          <p className="text-sm text-slate-500">{t('platformAdmin.granted.none')}</p>
        ) : (
          <ul className="divide-y divide-slate-100">
            {granted.map((g) => (
              <li key={g.tenantId} className="flex flex-wrap items-center justify-between gap-2 py-2" data-testid="granted-tenant">
                <div className="text-sm">
                  <div className="font-medium">{localName(i18n.language, g.tenantName, g.tenantNameEn)}</div>
                  <div className="text-slate-600">
                    {t('platformAdmin.granted.until', { time: formatDateTime(g.expiresAt, 'Asia/Shanghai') })} · {g.reason}
                  </div>
                </div>
                <Form method="post">
                  <input type="hidden" name="intent" value="enter" />
                  <input type="hidden" name="tenantId" value={g.tenantId} />
                  <button type="submit" className={buttonClass.smallPrimary}>
                    {t('platformAdmin.granted.enter')}
                  </button>
                </Form>
              </li>
            ))}
          </ul>
        )}
      </Card>

      <Card className="mt-6 max-w-2xl p-4">
        <h2 className="mb-3 font-medium">{t('platformAdmin.create.title')}</h2>
        {created ? (
          <Notice tone="success">
            <div data-testid="tenant-created">{created.message}</div>
            {created.link ? (
              <div className="mt-2">
                <div className="text-sm">{t('platformAdmin.create.copyLink')}</div>
                <input readOnly value={created.link} className={`${inputClass} mt-1 font-mono text-xs`} data-testid="invite-link" onFocus={(e) => e.currentTarget.select()} />
              </div>
            ) : null}
          </Notice>
        ) : null}
        <Form method="post" className="mt-3 grid grid-cols-1 gap-3 sm:grid-cols-2" data-testid="create-tenant">
          <input type="hidden" name="intent" value="create" />
          {failure?.error ? (
            <div className="sm:col-span-2">
              <FormError>{failure.error}</FormError>
            </div>
          ) : null}
          <Field label={t('platformAdmin.create.name')} required error={failure?.fieldErrors.name}>
            {(p) => <input {...p} name="name" maxLength={100} defaultValue={failure?.values?.name ?? ''} className={inputClass} />}
          </Field>
          <Field label={t('platformAdmin.create.nameEn')} error={failure?.fieldErrors.nameEn}>
            {(p) => <input {...p} name="nameEn" maxLength={100} defaultValue={failure?.values?.nameEn ?? ''} className={inputClass} />}
          </Field>
          <Field label={t('platformAdmin.create.slug')} required error={failure?.fieldErrors.slug}>
            {(p) => <input {...p} name="slug" maxLength={40} pattern="[a-z0-9-]{2,40}" defaultValue={failure?.values?.slug ?? ''} className={inputClass} autoComplete="off" />}
          </Field>
          <Field label={t('platformAdmin.create.timezone')} required error={failure?.fieldErrors.timezone}>
            {(p) => <input {...p} name="timezone" defaultValue={failure?.values?.timezone ?? 'Asia/Shanghai'} className={inputClass} autoComplete="off" />}
          </Field>
          <Field label={t('platformAdmin.create.managerEmail')} required error={failure?.fieldErrors.managerEmail}>
            {(p) => <input {...p} type="email" name="managerEmail" defaultValue={failure?.values?.managerEmail ?? ''} className={inputClass} autoComplete="off" />}
          </Field>
          <div className="flex items-end">
            <button type="submit" className={buttonClass.primary}>
              {t('platformAdmin.create.submit')}
            </button>
          </div>
        </Form>
      </Card>
    </Page>
  );
}
