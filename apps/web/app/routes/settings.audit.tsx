import { Form, Link, useLoaderData, useLocation } from 'react-router';
import { useTranslation } from 'react-i18next';
import { auditActionKey, auditActions, isRealDate } from '@stationdesk/core';
import { ExportButton, useFileExport } from '../components/export-button.tsx';
import { Card, Page } from '../components/page.tsx';
import { buttonClass, Empty, FormError, inputClass, selectClass } from '../components/ui.tsx';
import { fileExport } from '../lib/file-export.server.ts';
import { formatDateTime } from '../lib/format.ts';
import { loadForRoles, requireRole } from '../lib/loader.server.ts';
import { pageTitle } from '../lib/meta.ts';
import type { Route } from './+types/settings.audit';

export function meta({ matches }: Route.MetaArgs) {
  return pageTitle(matches, 'audit.title');
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ACTION = /^[A-Za-z0-9_.-]{1,100}$/;

/** The filters as the URL carries them (GET: bookmarkable); anything malformed is dropped. */
function readFilters(params: URLSearchParams) {
  const actorUserId = params.get('actorUserId') ?? '';
  const action = params.get('action') ?? '';
  const from = params.get('from') ?? '';
  const to = params.get('to') ?? '';
  return {
    ...(UUID.test(actorUserId) ? { actorUserId } : {}),
    ...(ACTION.test(action) ? { action } : {}),
    ...(isRealDate(from) ? { from } : {}),
    ...(isRealDate(to) ? { to } : {}),
  };
}

/** 审计日志: the tenant's audit log, newest first, a keyset page at a time (?cursor=). */
export async function loader({ request, context }: Route.LoaderArgs) {
  const params = new URL(request.url).searchParams;
  const filters = readFilters(params);
  const cursor = params.get('cursor') ?? undefined;
  const { timezone, data } = await loadForRoles(request, context, ['manager'], () =>
    Promise.all([context.trpc.audit.list({ ...filters, ...(cursor ? { cursor } : {}), limit: 50 }), context.trpc.audit.people()]),
  );
  const [page, people] = data;
  return { filters, page, people, timezone, paged: Boolean(cursor) };
}

/** 导出 Excel: the log as the URL filters it (the export is itself audited). */
export async function action({ request, context }: Route.ActionArgs) {
  await requireRole(request, context, ['manager']);
  const filters = readFilters(new URL(request.url).searchParams);
  return fileExport(request, context.lang, () => context.trpc.audit.export(filters));
}

export default function AuditLog() {
  const { filters, page, people, timezone, paged } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const location = useLocation();
  const { exporter, exportError } = useFileExport();
  const label = (action: string) => t(auditActionKey(action), { defaultValue: action });
  const actions = [...auditActions].sort((x, y) => label(x).localeCompare(label(y), 'zh-CN'));
  const next = new URLSearchParams(location.search);
  if (page.nextCursor) next.set('cursor', page.nextCursor);
  const first = new URLSearchParams(location.search);
  first.delete('cursor');
  return (
    <Page
      title={t('audit.title')}
      subtitle={t('audit.intro')}
      actions={<ExportButton exporter={exporter} path="/settings/audit" label={t('audit.export')} workingLabel={t('audit.exporting')} testId="export-audit" />}
    >
      {exportError ? <FormError>{exportError}</FormError> : null}
      <Form method="get" replace className="mb-4 grid grid-cols-1 gap-2 rounded-lg border border-slate-200 bg-white p-3 sm:grid-cols-5" data-testid="audit-filters">
        <select name="actorUserId" defaultValue={filters.actorUserId ?? ''} aria-label={t('audit.filter.person')} className={selectClass} data-testid="filter-person">
          <option value="">{t('audit.filter.anyPerson')}</option>
          {people.map((p) => (
            <option key={p.userId} value={p.userId}>
              {p.name}
            </option>
          ))}
        </select>
        <select name="action" defaultValue={filters.action ?? ''} aria-label={t('audit.filter.action')} className={selectClass} data-testid="filter-action">
          <option value="">{t('audit.filter.anyAction')}</option>
          {filters.action && !(auditActions as readonly string[]).includes(filters.action) ? <option value={filters.action}>{filters.action}</option> : null}
          {actions.map((a) => (
            <option key={a} value={a}>
              {label(a)}
            </option>
          ))}
        </select>
        <input type="date" name="from" defaultValue={filters.from ?? ''} aria-label={t('audit.filter.from')} className={inputClass} data-testid="filter-from" />
        <input type="date" name="to" defaultValue={filters.to ?? ''} aria-label={t('audit.filter.to')} className={inputClass} data-testid="filter-to" />
        <div className="flex gap-2">
          <button type="submit" className={buttonClass.secondary} data-testid="filter-apply">
            {t('audit.filter.apply')}
          </button>
          <Link to="/settings/audit" className={buttonClass.secondary}>
            {t('audit.filter.reset')}
          </Link>
        </div>
      </Form>

      <Card className="overflow-x-auto">
        {page.items.length === 0 ? (
          <Empty>{t('audit.empty')}</Empty>
        ) : (
          <table className="min-w-full text-sm" data-testid="audit-table">
            <thead>
              <tr className="border-b border-slate-100 text-left text-slate-500">
                <th className="px-4 py-2 font-normal whitespace-nowrap">{t('audit.column.at')}</th>
                <th className="px-3 py-2 font-normal">{t('audit.column.actor')}</th>
                <th className="px-3 py-2 font-normal">{t('audit.column.action')}</th>
                <th className="px-3 py-2 font-normal">{t('audit.column.subject')}</th>
                <th className="px-3 py-2 font-normal">{t('audit.column.data')}</th>
                <th className="px-4 py-2 font-normal">{t('audit.column.ip')}</th>
              </tr>
            </thead>
            <tbody>
              {page.items.map((e) => (
                <tr key={e.id} className="border-b border-slate-50 align-top" data-testid="audit-row" data-action={e.action}>
                  <td className="px-4 py-2 whitespace-nowrap tabular-nums">{formatDateTime(e.at, timezone)}</td>
                  <td className="px-3 py-2 whitespace-nowrap">{e.actor ? (e.actor.name ?? t('audit.unknownPerson')) : t('audit.system')}</td>
                  <td className="px-3 py-2" title={e.action}>
                    {label(e.action)}
                  </td>
                  <td className="px-3 py-2 text-xs text-slate-500 break-all">{e.subjectId ? `${e.subjectType} ${e.subjectId}` : e.subjectType}</td>
                  <td className="max-w-md px-3 py-2 font-mono text-xs break-all text-slate-600">{Object.keys(e.data).length ? JSON.stringify(e.data) : ''}</td>
                  <td className="px-4 py-2 text-xs text-slate-500">{e.ip ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Card>
      <div className="mt-3 flex gap-2">
        {paged ? (
          <Link to={`/settings/audit?${first.toString()}`} className={buttonClass.secondary} data-testid="audit-first">
            {t('audit.first')}
          </Link>
        ) : null}
        {page.nextCursor ? (
          <Link to={`/settings/audit?${next.toString()}`} className={buttonClass.secondary} data-testid="audit-more">
            {t('audit.more')}
          </Link>
        ) : null}
      </div>
    </Page>
  );
}
