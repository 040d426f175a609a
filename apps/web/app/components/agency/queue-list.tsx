import { useEffect, useRef } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { dueTone, type AgencyQueueRow } from '../../lib/agency.ts';
import { ResultTable } from '../result-list.tsx';
import { DueBadge, dueRowClass, StepBadge } from './badges.tsx';

export interface QueueListProps {
  rows: readonly AgencyQueueRow[];
  selected: ReadonlySet<string>;
  onToggle: (id: string, on: boolean) => void;
  onToggleAll: (on: boolean) => void;
  /** type id → name in the reader's language; station id → name (shown when the reader has several). */
  typeNames: Record<string, string>;
  stationNames: Record<string, string> | null;
  timezone: string;
}

/**
 * The queue's rows, each with a box to pick it for the batch actions: a table on a desk, cards on
 * a phone. Late and at-risk rows carry a bar at their left edge and say so in words.
 */
export function QueueList(props: QueueListProps) {
  return (
    <>
      <QueueTable {...props} />
      <QueueCards {...props} />
    </>
  );
}

function SelectAll({ rows, selected, onToggleAll, className = '' }: Pick<QueueListProps, 'rows' | 'selected' | 'onToggleAll'> & { className?: string }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLInputElement>(null);
  const count = rows.filter((r) => selected.has(r.id)).length;
  useEffect(() => {
    if (ref.current) ref.current.indeterminate = count > 0 && count < rows.length;
  }, [count, rows.length]);
  return (
    <input
      ref={ref}
      type="checkbox"
      checked={rows.length > 0 && count === rows.length}
      onChange={(e) => onToggleAll(e.currentTarget.checked)}
      aria-label={t('agency.queue.selectAll')}
      className={`size-4 rounded border-slate-400 ${className}`}
      data-testid="select-all"
    />
  );
}

function RowBox({ row, selected, onToggle, large = false }: { row: AgencyQueueRow; selected: boolean; onToggle: QueueListProps['onToggle']; large?: boolean }) {
  const { t } = useTranslation();
  return (
    <input
      type="checkbox"
      checked={selected}
      onChange={(e) => onToggle(row.id, e.currentTarget.checked)}
      aria-label={t('agency.queue.selectCase', { number: row.number })}
      className={`${large ? 'size-5' : 'size-4'} rounded border-slate-400`}
      data-testid="select-case"
    />
  );
}

function QueueTable({ rows, selected, onToggle, onToggleAll, typeNames, stationNames, timezone }: QueueListProps) {
  const { t, i18n } = useTranslation();
  const en = i18n.language === 'en';
  return (
    <ResultTable
      testId="agency-table"
      caption={t('agency.queue.tableCaption')}
      columns={[
        { label: <SelectAll rows={rows} selected={selected} onToggleAll={onToggleAll} />, className: 'w-11 py-2.5 pl-4' },
        { label: t('agency.queue.colNumber'), width: 'w-36' },
        { label: t('agency.queue.colEnterprise') },
        { label: t('agency.queue.colType'), width: 'w-44' },
        { label: t('agency.queue.colStep'), width: en ? 'w-48' : 'w-28' },
        { label: t('agency.queue.colAssignee'), width: 'w-28' },
        { label: t('agency.queue.colDue'), width: 'w-44' },
      ]}
    >
      {rows.map((row) => {
        const tone = dueTone(row);
        const on = selected.has(row.id);
        return (
          <tr key={row.id} className={`align-top ${dueRowClass[tone]} ${on ? 'bg-brand-50/70' : ''}`} data-testid="agency-row" data-tone={tone} data-selected={on || undefined}>
            <td className="py-3 pl-3">
              <RowBox row={row} selected={on} onToggle={onToggle} />
            </td>
            <td className="px-3 py-3">
              <Link to={`/items/${row.id}`} className="font-mono text-xs font-medium text-brand-700 hover:underline" data-testid="agency-number">
                {row.number}
              </Link>
              {stationNames ? <div className="mt-0.5 truncate text-xs text-slate-500">{stationNames[row.stationId]}</div> : null}
            </td>
            <td className="px-3 py-3">
              <div className="truncate text-slate-900" data-testid="agency-enterprise">
                {row.enterpriseName ?? t('agency.queue.noEnterprise')}
              </div>
              {row.title !== row.typeName ? <div className="truncate text-xs text-slate-500">{row.title}</div> : null}
            </td>
            <td className="px-3 py-3">
              <div className="truncate" data-testid="agency-type">
                {typeNames[row.typeId] ?? row.typeName}
              </div>
              <div className="truncate text-xs text-slate-500">{row.department}</div>
            </td>
            <td className="px-3 py-3">
              <StepBadge step={row.step} />
            </td>
            <td className="truncate px-3 py-3 text-slate-700" data-testid="agency-assignee">
              {row.assigneeName ?? <span className="text-slate-400">{t('agency.queue.unassigned')}</span>}
            </td>
            <td className="px-3 py-3">
              <DueBadge row={row} timezone={timezone} />
            </td>
          </tr>
        );
      })}
    </ResultTable>
  );
}

function QueueCards({ rows, selected, onToggle, onToggleAll, typeNames, stationNames, timezone }: QueueListProps) {
  const { t } = useTranslation();
  return (
    <div className="md:hidden">
      <label className="mb-2 inline-flex min-h-11 items-center gap-2 px-1 text-sm text-slate-700">
        <SelectAll rows={rows} selected={selected} onToggleAll={onToggleAll} className="size-5" />
        {t('agency.queue.selectAll')}
      </label>
      <ul className="space-y-2" data-testid="agency-cards">
        {rows.map((row) => {
          const tone = dueTone(row);
          const on = selected.has(row.id);
          return (
            <li
              key={row.id}
              className={`rounded-lg border bg-white ${on ? 'border-brand-600 ring-1 ring-brand-600' : 'border-slate-200'} ${dueRowClass[tone]}`}
              data-testid="agency-card"
              data-tone={tone}
            >
              <div className="flex gap-3 p-3">
                <label className="-m-1.5 flex size-11 shrink-0 items-start justify-center pt-1.5">
                  <RowBox row={row} selected={on} onToggle={onToggle} large />
                </label>
                <div className="min-w-0 flex-1">
                  <div className="flex flex-wrap items-center justify-between gap-2">
                    <Link to={`/items/${row.id}`} className="inline-flex min-h-8 items-center font-mono text-sm font-medium text-brand-700 hover:underline" data-testid="agency-number">
                      {row.number}
                    </Link>
                    <StepBadge step={row.step} />
                  </div>
                  <div className="mt-1 font-medium text-slate-900">{row.enterpriseName ?? t('agency.queue.noEnterprise')}</div>
                  <div className="mt-0.5 text-sm text-slate-600">
                    {typeNames[row.typeId] ?? row.typeName}
                    <span className="text-slate-400"> · </span>
                    {row.department}
                  </div>
                  <div className="mt-2 flex flex-wrap items-center justify-between gap-2">
                    <DueBadge row={row} timezone={timezone} />
                    <span className="text-xs text-slate-600">
                      {row.assigneeName ?? t('agency.queue.unassigned')}
                      {stationNames ? ` · ${stationNames[row.stationId] ?? ''}` : ''}
                    </span>
                  </div>
                </div>
              </div>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
