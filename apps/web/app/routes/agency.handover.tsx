import { Form, Link, useLoaderData, useSubmit } from 'react-router';
import { useTranslation } from 'react-i18next';
import { stepLabel } from '../components/agency/badges.tsx';
import { buttonClass, FormError, Notice } from '../components/ui.tsx';
import { EmptyResults } from '../components/result-list.tsx';
import { isUuid, readIds, type AgencyHandoverRow } from '../lib/agency.ts';
import { errorMessage } from '../lib/errors.server.ts';
import { loadForRoles, staffRoles } from '../lib/loader.server.ts';
import { pageTitle } from '../lib/meta.ts';
import { localName } from '../lib/names.ts';
import type { Route } from './+types/agency.handover';
import { FilterSelect as PageFilterSelect, StationOptions, type FilterSelectProps } from '../components/filter-select.tsx';

/**
 * 交接单: the cases a staff member carries to the departments, one printed page per department
 * with a line for each case and the signatures of both sides. Either the cases picked on the queue
 * page (?ids=…) or every case of the station ready in 预审 (optionally of one department).
 */
export function meta({ matches }: Route.MetaArgs) {
  return pageTitle(matches, 'agency.handover.title');
}

export async function loader({ request, context }: Route.LoaderArgs) {
  const url = new URL(request.url);
  const ids = readIds(url.searchParams.get('ids'));
  const station = isUuid(url.searchParams.get('station') ?? '') ? url.searchParams.get('station')! : '';
  const department = (url.searchParams.get('department') ?? '').trim().slice(0, 100);
  const { today, data } = await loadForRoles(request, context, staffRoles, () =>
    Promise.all([
      context.trpc.station.list(),
      context.trpc.agencyType.list({ includeInactive: true }),
      context.trpc.agencyCase
        .handover(ids.length ? { ids } : { ...(station ? { stationId: station } : {}), ...(department ? { department } : {}) })
        .then(
          (sheet) => ({ ...sheet, error: null }),
          (e: unknown) => ({ items: [], more: false, error: errorMessage(e, context.lang) }),
        ),
    ]),
  );
  const [stations, types, sheet] = data;
  return { today, picked: ids.length > 0, station, department, stations: stations.filter((s) => s.inScope), types, sheet };
}

export default function Handover() {
  const { today, picked, station, department, stations, types, sheet } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const submit = useSubmit();
  const typeNames = Object.fromEntries(types.map((ty) => [ty.id, localName(lang, ty.name, ty.nameEn)]));
  const stationNames = Object.fromEntries(stations.map((s) => [s.id, localName(lang, s.name, s.nameEn)]));
  const departments = [...new Set(types.map((ty) => ty.department))];
  const groups = groupByDepartment(sheet.items);
  const notReady = picked ? sheet.items.filter((r) => r.step !== 'precheck') : [];

  return (
    <div className="mx-auto max-w-6xl">
      {/* The screen's heading and choices; the printout is the sheets alone. */}
      <div className="space-y-3 print:hidden">
        <div className="flex flex-wrap items-end justify-between gap-2">
          <div>
            <h1 className="text-xl font-semibold">{t('agency.handover.title')}</h1>
            <p className="mt-1 text-sm text-slate-600">{t('agency.handover.subtitle')}</p>
          </div>
          <PrintButton disabled={sheet.items.length === 0} />
        </div>
        <Link to="/agency" className={buttonClass.link}>
          ← {t('agency.handover.back')}
        </Link>
        {picked ? (
          <Notice>
            {t('agency.handover.picked', { count: sheet.items.length })}
            <Link to="/agency/handover" className={`${buttonClass.link} ml-3`}>
              {t('agency.handover.showReady')}
            </Link>
          </Notice>
        ) : (
          <Form method="get" className="flex flex-wrap items-end gap-2 rounded-lg border border-slate-200 bg-white p-3" aria-label={t('agency.handover.choose')} data-testid="handover-filters">
            <p className="w-full text-sm text-slate-600">{t('agency.handover.ready')}</p>
            {stations.length > 1 ? (
              <Choice label={t('agency.handover.station')} name="station" value={station} onChange={(f) => void submit(f, { replace: true })}>
                <StationOptions stations={stations} allLabel={t('agency.handover.allStations')} />
              </Choice>
            ) : null}
            <Choice label={t('agency.handover.department')} name="department" value={department} onChange={(f) => void submit(f, { replace: true })}>
              <option value="">{t('agency.handover.allDepartments')}</option>
              {departments.map((d) => (
                <option key={d} value={d}>
                  {d}
                </option>
              ))}
            </Choice>
            <noscript>
              <button type="submit" className={buttonClass.smallPrimary}>
                {t('agency.handover.show')}
              </button>
            </noscript>
          </Form>
        )}
        {sheet.more ? <Notice tone="warning">{t('agency.handover.more', { count: sheet.items.length })}</Notice> : null}
        {notReady.length ? (
          <Notice tone="warning">
            <ul className="list-disc pl-5" data-testid="handover-not-ready">
              {notReady.map((r) => (
                <li key={r.id}>{t('agency.handover.notPrecheck', { number: r.number, step: stepLabel(t, r.step) })}</li>
              ))}
            </ul>
          </Notice>
        ) : null}
        {sheet.error ? <FormError>{sheet.error}</FormError> : null}
      </div>

      {sheet.items.length === 0 && !sheet.error ? (
        <EmptyResults testId="handover-empty" title={t('agency.handover.empty')} hint={t('agency.handover.emptyHint')} className="mt-3 print:hidden" />
      ) : null}

      <div className="mt-4 space-y-6 print:mt-0 print:space-y-0">
        {groups.map(([dept, rows], page) => (
          <HandoverSheet
            key={dept}
            department={dept}
            rows={rows}
            stations={new Intl.ListFormat(lang, { type: 'conjunction' }).format([...new Set(rows.map((r) => stationNames[r.stationId] ?? ''))].filter(Boolean))}
            typeNames={typeNames}
            today={today}
            page={page + 1}
            pages={groups.length}
          />
        ))}
      </div>
    </div>
  );
}

function PrintButton({ disabled }: { disabled: boolean }) {
  const { t } = useTranslation();
  return (
    <button type="button" className={buttonClass.primary} onClick={() => window.print()} disabled={disabled} data-testid="print-handover">
      <svg aria-hidden="true" viewBox="0 0 16 16" className="size-4 fill-current">
        <path d="M4 1.5h8V5h1.5A1.5 1.5 0 0 1 15 6.5v5a1.5 1.5 0 0 1-1.5 1.5H12v1.5H4V13H2.5A1.5 1.5 0 0 1 1 11.5v-5A1.5 1.5 0 0 1 2.5 5H4V1.5ZM5.5 3v2h5V3h-5Zm0 7.5v2.5h5v-2.5h-5Z" />
      </svg>
      {t('agency.handover.print')}
    </button>
  );
}

/** The sheet's cases per department, departments in the order their first case comes in the queue. */
function groupByDepartment(rows: readonly AgencyHandoverRow[]): [string, AgencyHandoverRow[]][] {
  const groups = new Map<string, AgencyHandoverRow[]>();
  for (const r of rows) groups.set(r.department, [...(groups.get(r.department) ?? []), r]);
  return [...groups];
}

/** One department's page: what is handed over, and the lines both sides sign. */
function HandoverSheet({
  department,
  rows,
  stations,
  typeNames,
  today,
  page,
  pages,
}: {
  department: string;
  rows: readonly AgencyHandoverRow[];
  stations: string;
  typeNames: Record<string, string>;
  today: string;
  page: number;
  pages: number;
}) {
  const { t } = useTranslation();
  const cell = 'border border-slate-400 px-2 py-2 align-top';
  return (
    <section
      aria-label={t('agency.handover.to', { department })}
      className="rounded-lg border border-slate-200 bg-white p-4 sm:p-6 print:break-after-page print:rounded-none print:border-0 print:p-0 print:last:break-after-auto"
      data-testid="handover-sheet"
    >
      <h2 className="text-center text-lg font-semibold tracking-wide">{t('agency.handover.sheetTitle')}</h2>
      <div className="mt-3 flex flex-wrap justify-between gap-x-6 gap-y-1 text-sm">
        <span className="font-medium" data-testid="handover-department">
          {t('agency.handover.to', { department })}
        </span>
        {stations ? <span>{t('agency.handover.from', { station: stations })}</span> : null}
        <span>{t('agency.handover.date', { date: today })}</span>
        <span className="tabular-nums">{t('agency.handover.count', { count: rows.length })}</span>
      </div>
      <div className="mt-3 overflow-x-auto print:overflow-visible">
        <table className="w-full min-w-[40rem] border-collapse text-sm print:min-w-0">
          <thead>
            <tr className="bg-slate-50 text-left print:bg-transparent">
              <th scope="col" className={`${cell} w-12 text-center whitespace-nowrap`}>
                {t('agency.handover.colIndex')}
              </th>
              <th scope="col" className={`${cell} w-36`}>
                {t('agency.handover.colNumber')}
              </th>
              <th scope="col" className={cell}>
                {t('agency.handover.colEnterprise')}
              </th>
              <th scope="col" className={cell}>
                {t('agency.handover.colType')}
              </th>
              <th scope="col" className={`${cell} w-20`}>
                {t('agency.handover.colMaterials')}
              </th>
              <th scope="col" className={`${cell} w-36`}>
                {t('agency.handover.colRef')}
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r, i) => (
              <tr key={r.id} className="break-inside-avoid" data-testid="handover-row">
                <td className={`${cell} text-center tabular-nums`}>{i + 1}</td>
                <td className={`${cell} font-mono text-xs`} data-testid="handover-number">
                  {r.number}
                </td>
                <td className={cell}>{r.enterpriseName}</td>
                <td className={cell}>{typeNames[r.typeId] ?? r.typeName}</td>
                <td className={`${cell} tabular-nums`} title={t('agency.handover.materialsTitle', { accepted: r.materialsAccepted, entries: r.checklistEntries })} data-testid="handover-materials">
                  {t('agency.handover.materials', { accepted: r.materialsAccepted, entries: r.checklistEntries })}
                </td>
                <td className={cell}>{r.departmentRef ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="mt-8 grid grid-cols-1 gap-6 text-sm sm:grid-cols-3 print:grid-cols-3 break-inside-avoid" data-testid="handover-signatures">
        {(['signSender', 'signReceiver', 'signDate'] as const).map((k) => (
          <div key={k} className="flex items-end gap-2">
            <span className="shrink-0">{t(`agency.handover.${k}`)}</span>
            <span className="h-8 flex-1 border-b border-slate-500" />
          </div>
        ))}
      </div>
      <p className="mt-4 text-right text-xs text-slate-500">{t('agency.handover.pageOf', { page, pages })}</p>
    </section>
  );
}

function Choice(props: FilterSelectProps) {
  return <PageFilterSelect idPrefix="handover-" className="min-w-0 sm:w-56" testIdPrefix="handover-" {...props} />;
}
