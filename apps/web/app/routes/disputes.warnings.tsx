import { useState } from 'react';
import { Form, Link, useActionData, useLoaderData, useNavigation, useSubmit } from 'react-router';
import { useTranslation } from 'react-i18next';
import { translator } from '@stationdesk/i18n';
import { Page } from '../components/page.tsx';
import { WarningItem } from '../components/disputes/case-sections/warnings.tsx';
import { DisputeTabs } from '../components/disputes/dispute-tabs.tsx';
import { FormErrors } from '../components/form.tsx';
import { buttonClass, Empty, Field, inputClass, Section } from '../components/ui.tsx';
import { FilterPanel } from '../components/filter-panel.tsx';
import { FilterSelect as BaseFilterSelect, StationOptions, VocabFilter, type FilterSelectProps, type VocabFilterProps } from '../components/filter-select.tsx';
import { loadForRoles, requireRole, staffRoles } from '../lib/loader.server.ts';
import { redirectWithFlash } from '../lib/flash.server.ts';
import { pageTitle } from '../lib/meta.ts';
import { localName } from '../lib/names.ts';
import { failureOf, type ActionFailure } from '../lib/action-result.ts';
import { actionFailure, formFailure } from '../lib/action-result.server.ts';
import type { Route } from './+types/disputes.warnings';

export function meta({ matches }: Route.MetaArgs) {
  return pageTitle(matches, 'disputes.warnings.title');
}

const warningPageSize = 25;
const levels = ['red', 'yellow'] as const;
const states = ['open', 'acknowledged', 'all'] as const;

/** The page's filters as the URL carries them; the page opens on the warnings still to acknowledge. */
function readFilters(params: URLSearchParams) {
  const level: (typeof levels)[number] | '' = levels.find((l) => l === params.get('level')) ?? '';
  const state = states.find((s) => s === params.get('state')) ?? 'open';
  return { level, state, stationId: params.get('stationId') ?? '' };
}
type Filters = ReturnType<typeof readFilters>;

function query(f: Filters, cursor?: string) {
  const q = new URLSearchParams();
  if (f.level) q.set('level', f.level);
  if (f.stationId) q.set('stationId', f.stationId);
  if (f.state !== 'open') q.set('state', f.state);
  if (cursor) q.set('cursor', cursor);
  const s = q.toString();
  return s ? `?${s}` : '';
}

export async function loader({ request, context }: Route.LoaderArgs) {
  const url = new URL(request.url);
  const filters = readFilters(url.searchParams);
  const cursor = url.searchParams.get('cursor') || null;
  const { role, timezone, data } = await loadForRoles(request, context, staffRoles, () =>
    Promise.all([
      context.trpc.warning.list({
        level: filters.level || null,
        stationId: filters.stationId || null,
        state: filters.state === 'all' ? null : filters.state,
        cursor,
        limit: warningPageSize,
      }),
      context.trpc.warning.openCount(),
      context.trpc.station.list(),
    ]),
  );
  const [page, open, stations] = data;
  return { role: role as 'manager' | 'staff', timezone, filters, cursor, page, openCount: open.count, stations: stations.filter((s) => s.inScope) };
}

/** 签收 the selected warnings with one note: all of them (confirmed by the flash), or none with the reason. */
export async function action({ request, context }: Route.ActionArgs): Promise<ActionFailure | Response> {
  await requireRole(request, context, staffRoles);
  const form = await request.formData();
  const ids = form.getAll('warningId').map(String);
  const note = String(form.get('note') ?? '').trim();
  // The note typed stays in the box (a plain post redraws the page from the answer).
  const c = { lang: context.lang, intent: 'acknowledge', values: { note } };
  // Nothing ticked is a question of the list, which the schema can only call "too few items".
  if (!ids.length) return formFailure(c, 'errors.dispute.noWarningsSelected');
  try {
    const { acknowledged } = await context.trpc.warning.acknowledge({ ids, note });
    return redirectWithFlash(request, context, translator(context.lang)('disputes.warnings.acknowledgedMany', { count: acknowledged }));
  } catch (e) {
    return actionFailure(e, { ...c, fields: ['note'], posted: form });
  }
}

function FilterSelect(props: FilterSelectProps) {
  return <BaseFilterSelect {...props} idPrefix="warning-filter-" />;
}

function Vocab<T extends string>(props: VocabFilterProps<T>) {
  return <VocabFilter {...props} idPrefix="warning-filter-" />;
}

export default function Warnings() {
  const { role, timezone, filters, cursor, page, openCount, stations } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  const submit = useSubmit();
  const apply = (form: HTMLFormElement | null) => {
    if (form) void submit(form, { replace: true, preventScrollReset: true });
  };
  const stationNames = Object.fromEntries(stations.map((s) => [s.id, localName(i18n.language, s.name, s.nameEn)]));
  const active = [filters.level, filters.stationId, filters.state !== 'open' ? filters.state : ''].filter(Boolean).length;
  const selectable = role === 'manager' ? page.items.filter((w) => !w.acknowledgedAt) : [];
  return (
    <Page title={t('disputes.warnings.title')} subtitle={role === 'manager' ? t('disputes.warnings.subtitleManager') : t('disputes.warnings.subtitleStaff')}>
      <DisputeTabs openWarnings={openCount} />
      <FilterPanel
        id="warning"
        label={t('disputes.warnings.filters')}
        testId="warning-filters"
        toggleLabel={t('disputes.list.filterToggle')}
        active={active}
        gridClassName="md:grid md:grid-cols-4"
        footer={(open) => (
          <div id="warning-filter-actions" className={`mt-3 ${open ? 'flex' : 'hidden md:flex'} items-center justify-end gap-3 border-t border-slate-100 pt-3`}>
            {active ? (
              <Link to="/disputes/warnings" replace className={buttonClass.link}>
                {t('disputes.list.clearFilters')}
              </Link>
            ) : null}
            <button type="submit" className={buttonClass.smallPrimary}>
              {t('disputes.list.applyFilters')}
            </button>
          </div>
        )}
      >
        <Vocab label={t('disputes.warnings.state')} name="state" value={filters.state} onChange={apply} values={states} optionLabel={(s) => (s === 'all' ? t('disputes.warnings.stateAll') : t(`disputes.warnings.${s}`))} />
        <Vocab label={t('disputes.warnings.level')} name="level" value={filters.level} onChange={apply} values={levels} optionLabel={(l) => t(`vocab.dispute.level.${l}`)} anyLabel={t('disputes.warnings.anyLevel')} />
        {stations.length > 1 ? (
          <FilterSelect label={t('disputes.fields.station')} name="stationId" value={filters.stationId} onChange={apply}>
            <StationOptions stations={stations} allLabel={t('disputes.list.allStations')} />
          </FilterSelect>
        ) : null}
      </FilterPanel>

      {/* Remounted when the page's rows change, so an acknowledgement clears the selection and the note. */}
      <WarningList
        key={page.items.map((w) => `${w.id}:${w.acknowledgedAt ?? ''}`).join(',')}
        title={t(`disputes.warnings.listTitle.${filters.state}`)}
        items={page.items}
        selectable={selectable.map((w) => w.id)}
        role={role}
        timezone={timezone}
        stationNames={stationNames}
      />

      <nav className="mt-4 flex flex-wrap items-center justify-center gap-4" aria-label={t('disputes.warnings.pageHint', { size: warningPageSize })}>
        {cursor ? (
          <Link to={`/disputes/warnings${query(filters)}`} className={buttonClass.link} data-testid="warnings-first-page">
            {t('disputes.warnings.firstPage')}
          </Link>
        ) : null}
        <span className="text-xs text-slate-500">{t('disputes.warnings.pageHint', { size: warningPageSize })}</span>
        {page.nextCursor ? (
          <Link to={`/disputes/warnings${query(filters, page.nextCursor)}`} className={buttonClass.secondary} data-testid="warnings-next-page">
            {t('disputes.warnings.nextPage')}
          </Link>
        ) : null}
      </nav>
    </Page>
  );
}

function WarningList({
  title,
  items,
  selectable,
  role,
  timezone,
  stationNames,
}: {
  title: string;
  items: ReturnType<typeof useLoaderData<typeof loader>>['page']['items'];
  selectable: string[];
  role: 'manager' | 'staff';
  timezone: string;
  stationNames: Record<string, string>;
}) {
  const { t } = useTranslation();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const toggle = (id: string, on: boolean) =>
    setSelected((prev) => {
      const next = new Set(prev);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });
  const allSelected = selectable.length > 0 && selectable.every((id) => selected.has(id));
  const busy = navigation.state === 'submitting';
  const failed = failureOf(result);

  const bulkBar = selectable.length ? (
    <div className="space-y-2 border-b border-slate-100 bg-slate-50 px-4 py-3" data-testid="bulk-ack">
      <div className="flex flex-wrap items-center gap-3 text-sm">
        <label className="inline-flex items-center gap-2">
          <input type="checkbox" checked={allSelected} onChange={(e) => setSelected(e.currentTarget.checked ? new Set(selectable) : new Set())} data-testid="select-all" />
          {t('disputes.warnings.selectAll')}
        </label>
        <span className="text-slate-500 tabular-nums" aria-live="polite" data-testid="selected-count">
          {t('disputes.warnings.selected', { count: selected.size })}
        </span>
      </div>
      <Field label={t('disputes.warnings.note')} required error={failed?.fieldErrors.note} hint={t('disputes.warnings.bulkHint')}>
        {(p) => <textarea {...p} name="note" rows={2} maxLength={2000} defaultValue={failed?.values?.note ?? ''} className={inputClass} data-testid="bulk-note" />}
      </Field>
      <FormErrors failure={failed} />
      <button type="submit" className={buttonClass.smallPrimary} disabled={busy} data-testid="bulk-submit">
        {t('disputes.warnings.bulkSubmit')}
      </button>
    </div>
  ) : null;

  return (
    <Form method="post" preventScrollReset>
      <Section title={title} count={items.length} testId="warnings">
        {bulkBar}
        {items.length ? (
          <ul className="divide-y divide-slate-100">
            {items.map((w) => (
              <WarningItem
                key={w.id}
                warning={w}
                role={role}
                timezone={timezone}
                selectBox={
                  selectable.includes(w.id) ? (
                    <input
                      type="checkbox"
                      name="warningId"
                      value={w.id}
                      checked={selected.has(w.id)}
                      onChange={(e) => toggle(w.id, e.currentTarget.checked)}
                      aria-label={t('disputes.warnings.selectOne', { number: w.number })}
                      data-testid="warning-select"
                    />
                  ) : undefined
                }
              >
                <div className="min-w-0">
                  <Link to={`/disputes/${w.itemId}`} className="font-medium break-words text-slate-900 hover:text-brand-700 hover:underline" data-testid="warning-case">
                    {w.title}
                  </Link>
                  <div className="mt-0.5 text-xs text-slate-500">
                    <span className="font-mono tabular-nums">{w.number}</span>
                    {stationNames[w.stationId] ? ` · ${stationNames[w.stationId]}` : ''}
                    {w.enterpriseName ? ` · ${w.enterpriseName}` : ''}
                  </div>
                </div>
              </WarningItem>
            ))}
          </ul>
        ) : (
          <Empty>{t('disputes.warnings.none')}</Empty>
        )}
      </Section>
    </Form>
  );
}
