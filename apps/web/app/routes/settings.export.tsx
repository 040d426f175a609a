import { useEffect } from 'react';
import { Form, redirectDocument, useActionData, useLoaderData, useNavigation, useRevalidator } from 'react-router';
import { useTranslation } from 'react-i18next';
import { translator } from '@stationdesk/i18n';
import { IdempotencyKeyInput, useIdempotencyKey } from '../components/idempotency-key.tsx';
import { Card, Page } from '../components/page.tsx';
import { buttonClass, Empty, FormError, Notice } from '../components/ui.tsx';
import type { ActionResult } from '../lib/action-result.ts';
import { actionFailure } from '../lib/action-result.server.ts';
import { redirectWithFlash } from '../lib/flash.server.ts';
import { fileSize, formatDateTime } from '../lib/format.ts';
import { idempotencyKeyOf } from '../lib/idempotency.ts';
import { loadForRoles, requireRole } from '../lib/loader.server.ts';
import { pageTitle } from '../lib/meta.ts';
import type { Route } from './+types/settings.export';

export function meta({ matches }: Route.MetaArgs) {
  return pageTitle(matches, 'tenantExport.title');
}

/** How often the page looks again while an export is being built. */
const POLL_MS = 2000;
/** Minutes a download link works (services: TENANT_EXPORT_LINK_MINUTES). */
const LINK_MINUTES = 15;

/** 数据导出: the tenant's exports with their progress; request one, download a finished one. */
export async function loader({ request, context }: Route.LoaderArgs) {
  const { timezone, data } = await loadForRoles(request, context, ['manager'], () => context.trpc.tenantExport.list({}));
  return { exports: data, timezone, key: crypto.randomUUID() };
}

/**
 * request: queue an export (flash, back here). download: a short-lived link for a finished export,
 * followed at once — the link itself checks the manager and its expiry, and audits the download.
 */
export async function action({ request, context }: Route.ActionArgs): Promise<ActionResult | Response> {
  await requireRole(request, context, ['manager']);
  const form = await request.formData();
  const intent = String(form.get('intent') ?? '');
  try {
    if (intent === 'download') {
      const link = await context.trpc.tenantExport.link({ id: String(form.get('id') ?? '') });
      return redirectDocument(link.url);
    }
    await context.trpc.tenantExport.request(idempotencyKeyOf(form));
    return redirectWithFlash(request, context, translator(context.lang)('tenantExport.requested'), { form: 'request' });
  } catch (e) {
    return actionFailure(e, { lang: context.lang, intent });
  }
}

export default function TenantExport() {
  const { exports, timezone, key } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const { t } = useTranslation();
  const navigation = useNavigation();
  const revalidator = useRevalidator();
  const idempotencyKey = useIdempotencyKey(key, 'request');
  const building = exports.some((x) => x.status === 'pending' || x.status === 'running');
  // While one is being built, look again every couple of seconds: the bar moves, the button comes.
  useEffect(() => {
    if (!building) return;
    const timer = setInterval(() => {
      if (revalidator.state === 'idle') void revalidator.revalidate();
    }, POLL_MS);
    return () => clearInterval(timer);
  }, [building, revalidator]);
  const failure = answer && !answer.ok ? answer.error : null;
  const requesting = navigation.state !== 'idle' && navigation.formData?.get('intent') === 'request';
  return (
    <Page
      title={t('tenantExport.title')}
      actions={
        <Form method="post">
          <input type="hidden" name="intent" value="request" />
          <IdempotencyKeyInput value={idempotencyKey} />
          <button type="submit" className={buttonClass.primary} disabled={building || requesting} data-testid="request-export">
            {requesting ? t('tenantExport.requesting') : t('tenantExport.request')}
          </button>
        </Form>
      }
    >
      <div className="mb-4 space-y-2">
        <Notice>{t('tenantExport.intro')}</Notice>
        <p className="text-xs text-slate-500">{t('tenantExport.linkNote', { minutes: LINK_MINUTES })}</p>
      </div>
      {failure ? <FormError>{failure}</FormError> : null}
      <Card className="overflow-x-auto">
        {exports.length === 0 ? (
          <Empty>{t('tenantExport.empty')}</Empty>
        ) : (
          <table className="min-w-full text-sm" data-testid="exports-table">
            <thead>
              <tr className="border-b border-slate-100 text-left text-slate-500">
                <th className="px-4 py-2 font-normal">{t('tenantExport.column.requestedAt')}</th>
                <th className="px-3 py-2 font-normal">{t('tenantExport.column.requestedBy')}</th>
                <th className="px-3 py-2 font-normal">{t('tenantExport.column.status')}</th>
                <th className="px-3 py-2 font-normal">{t('tenantExport.column.progress')}</th>
                <th className="px-3 py-2 font-normal">{t('tenantExport.column.contents')}</th>
                <th className="px-4 py-2 font-normal">{t('tenantExport.column.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {exports.map((x) => (
                <tr key={x.id} className="border-b border-slate-50" data-testid="export-row" data-status={x.status}>
                  <td className="px-4 py-2 whitespace-nowrap tabular-nums">{formatDateTime(x.requestedAt, timezone)}</td>
                  <td className="px-3 py-2">{x.requestedBy.name ?? ''}</td>
                  <td className="px-3 py-2" data-testid="export-status">
                    {t(`tenantExport.status.${x.status}`)}
                  </td>
                  <td className="px-3 py-2">
                    <div className="flex items-center gap-2">
                      <progress max={100} value={x.progress} className="h-2 w-28" data-testid="export-progress" aria-label={t('tenantExport.column.progress')} />
                      <span className="tabular-nums">{x.progress}%</span>
                    </div>
                    {x.step && x.status === 'running' ? <div className="text-xs text-slate-500">{t('tenantExport.step', { step: x.step })}</div> : null}
                    {x.error && x.status !== 'ready' ? <div className="text-xs text-red-600">{x.error}</div> : null}
                  </td>
                  <td className="px-3 py-2 text-xs text-slate-600">
                    {x.status === 'ready' ? (
                      <>
                        {t('tenantExport.contents', { rows: x.rowCount ?? 0, files: x.fileCount ?? 0 })}
                        {x.sizeBytes !== null ? <span className="ml-1">· {fileSize(x.sizeBytes)}</span> : null}
                      </>
                    ) : null}
                  </td>
                  <td className="px-4 py-2">
                    {x.status === 'ready' ? (
                      <Form method="post" reloadDocument>
                        <input type="hidden" name="intent" value="download" />
                        <input type="hidden" name="id" value={x.id} />
                        <button type="submit" className={buttonClass.secondary} data-testid="download-export">
                          {t('tenantExport.download')}
                        </button>
                      </Form>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Card>
    </Page>
  );
}
