import { Form, useActionData, useLoaderData } from 'react-router';
import { useTranslation } from 'react-i18next';
import { translator } from '@stationdesk/i18n';
import { Card, Page } from '../components/page.tsx';
import { ConfirmAction } from '../components/form.tsx';
import { buttonClass, Field, FormError, inputClass } from '../components/ui.tsx';
import type { ActionFailure } from '../lib/action-result.ts';
import { actionFailure } from '../lib/action-result.server.ts';
import { redirectWithFlash } from '../lib/flash.server.ts';
import { formatDateTime } from '../lib/format.ts';
import { loadForRoles } from '../lib/loader.server.ts';
import { pageTitle } from '../lib/meta.ts';
import type { Route } from './+types/settings.support-access';

export function meta({ matches }: Route.MetaArgs) {
  return pageTitle(matches, 'supportAccess.title');
}

/**
 * A manager's support-access grants (issue 21): the platform operators may read this tenant only
 * while a grant is live — given here for a few hours with a reason, revocable at once — and every
 * request they make under it is listed with the grant.
 */
export async function loader({ request, context }: Route.LoaderArgs) {
  const { data, timezone } = await loadForRoles(request, context, ['manager'], () => context.trpc.supportAccess.list());
  return { ...data, timezone };
}

export async function action({ request, context }: Route.ActionArgs): Promise<ActionFailure | Response> {
  const form = await request.formData();
  const intent = String(form.get('intent') ?? '');
  const t = translator(context.lang);
  try {
    if (intent === 'revoke') {
      await context.trpc.supportAccess.revoke({ id: String(form.get('id') ?? '') });
      return redirectWithFlash(request, context, t('supportAccess.revoked'), { form: intent });
    }
    await context.trpc.supportAccess.grant({ hours: Number(form.get('hours') ?? 0), reason: String(form.get('reason') ?? '') });
    return redirectWithFlash(request, context, t('supportAccess.granted'), { form: 'grant' });
  } catch (e) {
    return actionFailure(e, { lang: context.lang, intent: intent || 'grant', fields: ['hours', 'reason'], posted: form });
  }
}

export default function SupportAccessSettings() {
  const { rows, refused, timezone } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const { t } = useTranslation();
  const failure = answer && !answer.ok && answer.intent === 'grant' ? answer : null;
  const at = (iso: string) => formatDateTime(iso, timezone);
  return (
    <Page title={t('supportAccess.title')} subtitle={t('supportAccess.subtitle')}>
      <Card className="max-w-2xl p-4">
        <h2 className="mb-3 font-medium">{t('supportAccess.grantTitle')}</h2>
        <Form method="post" className="grid grid-cols-1 gap-3 sm:grid-cols-[8rem_minmax(0,1fr)_auto]" data-testid="grant-form">
          <input type="hidden" name="intent" value="grant" />
          {failure?.error ? (
            <div className="sm:col-span-3">
              <FormError>{failure.error}</FormError>
            </div>
          ) : null}
          <Field label={t('supportAccess.hours')} required error={failure?.fieldErrors.hours}>
            {(p) => (
              <select {...p} name="hours" defaultValue="4" className={inputClass}>
                {[1, 2, 4, 8, 24].map((h) => (
                  <option key={h} value={h}>
                    {t('supportAccess.hoursValue', { count: h })}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label={t('supportAccess.reason')} required error={failure?.fieldErrors.reason}>
            {(p) => <input {...p} name="reason" maxLength={500} className={inputClass} autoComplete="off" />}
          </Field>
          <div className="flex items-end">
            <button type="submit" className={buttonClass.primary}>
              {t('supportAccess.grant')}
            </button>
          </div>
        </Form>
      </Card>

      <Card className="mt-6 overflow-x-auto" data-testid="grants">
        {rows.length === 0 ? (
          <p className="p-4 text-sm text-slate-500">{t('supportAccess.none')}</p>
        ) : (
          <ul className="divide-y divide-slate-100">
            {rows.map((g) => (
              <li key={g.id} className="p-4" data-testid="grant-row">
                <div className="flex flex-wrap items-start justify-between gap-2">
                  <div className="text-sm">
                    <div className="font-medium">{g.reason}</div>
                    <div className="text-slate-600">
                      {t('supportAccess.grantedBy', { name: g.grantedByName ?? '—', at: at(g.createdAt) })} ·{' '}
                      {g.live
                        ? t('supportAccess.liveUntil', { at: at(g.expiresAt) })
                        : g.revokedAt
                          ? t('supportAccess.revokedAt', { at: at(g.revokedAt), name: g.revokedByName ?? '—' })
                          : t('supportAccess.expiredAt', { at: at(g.expiresAt) })}
                    </div>
                  </div>
                  {g.live ? (
                    <ConfirmAction intent="revoke" hidden={{ id: g.id }} label={t('supportAccess.revoke')} confirmLabel={t('supportAccess.confirmRevoke')} question={t('supportAccess.revokeQuestion')} />
                  ) : null}
                </div>
                <div className="mt-2 text-sm text-slate-700">{t('supportAccess.accessCount', { count: g.accessCount })}</div>
                {g.accesses.length > 0 ? (
                  <table className="mt-1 w-full text-left text-xs">
                    <tbody className="divide-y divide-slate-50">
                      {g.accesses.map((a, i) => (
                        <tr key={i} data-testid="grant-access">
                          <td className="py-1 pr-3 tabular-nums text-slate-600">{at(a.at)}</td>
                          <td className="py-1 pr-3">{a.operatorName ?? '—'}</td>
                          <td className="py-1 pr-3 font-mono">{a.path}</td>
                          <td className="py-1">{t(`supportAccess.outcome.${a.outcome}`)}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </Card>

      {refused.length > 0 ? (
        <Card className="mt-6 p-4" data-testid="refused-attempts">
          <h2 className="mb-2 font-medium">{t('supportAccess.refusedTitle')}</h2>
          <ul className="text-sm">
            {refused.map((r, i) => (
              <li key={i} className="py-0.5">
                {at(r.at)} · {r.operatorName ?? '—'} · <span className="font-mono text-xs">{r.path}</span>
              </li>
            ))}
          </ul>
        </Card>
      ) : null}
    </Page>
  );
}
