import { useState } from 'react';
import { Link, type FetcherWithComponents } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { Assignee } from '../../lib/work-items.ts';
import type { ActionResult } from '../../lib/action-result.ts';
import { commonAssignees, type AgencyQueueRow } from '../../lib/agency.ts';
import { fetcherFailure, FormErrors } from '../form.tsx';
import { buttonClass, FieldError, inputClass, Notice, selectClass } from '../ui.tsx';

type Fetcher = FetcherWithComponents<ActionResult>;
type Mode = 'assign' | 'submit' | null;

/**
 * What can be done with the picked cases: dispatch them to one person, mark them handed to their
 * department, or print their handover sheet.
 */
export function BatchBar({
  rows,
  assignees,
  today,
  fetcher,
  action,
  mode,
  onMode,
  onClear,
}: {
  rows: readonly AgencyQueueRow[];
  /** station id → who may take its cases. */
  assignees: Record<string, readonly Assignee[]>;
  today: string;
  fetcher: Fetcher;
  /** Where the panels post: the queue as it is shown, so the flash comes back to it. */
  action: string;
  mode: Mode;
  onMode: (mode: Mode) => void;
  onClear: () => void;
}) {
  const { t } = useTranslation();
  if (rows.length === 0) return null;
  const ids = rows.map((r) => r.id).join(',');
  const toggle = (m: Exclude<Mode, null>) => onMode(mode === m ? null : m);
  // In reach at the screen's foot while cases are picked; an open panel scrolls with the page rather than cover the list.
  return (
    <section
      aria-label={t('agency.queue.batch')}
      className={`${mode ? 'rounded-lg' : 'sticky bottom-0 z-10 rounded-t-lg shadow-[0_-4px_12px_rgba(15,23,42,0.08)]'} mt-3 border border-slate-300 bg-white p-3`}
      onKeyDown={(e) => {
        if (e.key === 'Escape' && mode) {
          e.stopPropagation();
          onMode(null);
        }
      }}
      data-testid="batch-bar"
    >
      <div className="flex flex-wrap items-center gap-2">
        <span className="text-sm font-medium text-slate-900 tabular-nums" data-testid="selected-count">
          {t('agency.queue.selected', { count: rows.length })}
        </span>
        <div className="ml-auto flex flex-wrap items-center gap-2">
          <button type="button" className={buttonClass.secondary} aria-expanded={mode === 'assign'} aria-controls="batch-panel" onClick={() => toggle('assign')} data-testid="batch-assign">
            {t('agency.queue.assign.open')}
          </button>
          <button type="button" className={buttonClass.secondary} aria-expanded={mode === 'submit'} aria-controls="batch-panel" onClick={() => toggle('submit')} data-testid="batch-submit">
            {t('agency.queue.submit.open')}
          </button>
          <Link to={`/agency/handover?ids=${ids}`} className={buttonClass.secondary} data-testid="batch-handover">
            {t('agency.queue.printHandover')}
          </Link>
          <button type="button" className={buttonClass.ghost} onClick={onClear}>
            {t('agency.queue.clearSelection')}
          </button>
        </div>
      </div>
      {mode ? (
        <div id="batch-panel" className="mt-3 border-t border-slate-100 pt-3">
          {mode === 'assign' ? <AssignPanel rows={rows} assignees={assignees} fetcher={fetcher} action={action} onCancel={() => onMode(null)} /> : null}
          {mode === 'submit' ? <SubmitPanel rows={rows} today={today} fetcher={fetcher} action={action} onCancel={() => onMode(null)} /> : null}
        </div>
      ) : null}
    </section>
  );
}

function PickedCases({ rows }: { rows: readonly AgencyQueueRow[] }) {
  return (
    <>
      {rows.map((r) => (
        <span key={r.id}>
          <input type="hidden" name="ids" value={r.id} />
          <input type="hidden" name={`number.${r.id}`} value={r.number} />
        </span>
      ))}
    </>
  );
}

function AssignPanel({ rows, assignees, fetcher, action, onCancel }: { rows: readonly AgencyQueueRow[]; assignees: Record<string, readonly Assignee[]>; fetcher: Fetcher; action: string; onCancel: () => void }) {
  const { t } = useTranslation();
  const stations = [...new Set(rows.map((r) => r.stationId))];
  const people = commonAssignees(assignees, stations);
  const [assigneeId, setAssigneeId] = useState('');
  const answer = fetcherFailure(fetcher, 'assign');
  const busy = fetcher.state !== 'idle';
  const name = people.find((p) => p.userId === assigneeId)?.name ?? '';
  const option = (p: Assignee) => (
    <option key={p.userId} value={p.userId}>
      {t(p.onDuty ? 'agency.queue.assign.option' : 'agency.queue.assign.optionOffDuty', { name: p.name, open: p.openItems })}
    </option>
  );
  return (
    <fetcher.Form method="post" action={action} className="space-y-3" aria-label={t('agency.queue.assign.title')} data-testid="assign-panel">
      <input type="hidden" name="intent" value="assign" />
      <input type="hidden" name="assigneeName" value={name} />
      <PickedCases rows={rows} />
      <div className="flex flex-wrap items-end gap-2">
        <div className="min-w-0 flex-1 sm:max-w-xs">
          <label htmlFor="batch-assignee" className="mb-1 block text-sm font-medium text-slate-700">
            {t('agency.queue.assign.title')}
          </label>
          <select
            id="batch-assignee"
            name="assigneeId"
            value={assigneeId}
            onChange={(e) => setAssigneeId(e.currentTarget.value)}
            className={selectClass}
            aria-invalid={Boolean(answer?.fieldErrors.assigneeId)}
            aria-describedby={answer?.fieldErrors.assigneeId ? 'batch-assignee-error' : undefined}
            autoFocus
            data-testid="assignee-select"
          >
            <option value="">{t('agency.queue.assign.choose')}</option>
            <optgroup label={t('agency.queue.assign.staff')}>{people.filter((p) => p.role === 'staff').map(option)}</optgroup>
            <optgroup label={t('agency.queue.assign.managers')}>{people.filter((p) => p.role === 'manager').map(option)}</optgroup>
          </select>
        </div>
        <button type="submit" className={buttonClass.primary} disabled={busy} data-testid="assign-confirm">
          {busy ? t('workItems.common.working') : t('agency.queue.assign.submit')}
        </button>
        <button type="button" className={buttonClass.secondary} onClick={onCancel}>
          {t('workItems.common.cancel')}
        </button>
      </div>
      <FieldError id="batch-assignee-error" error={answer?.fieldErrors.assigneeId} className="" />
      {stations.length > 1 ? <p className="text-xs text-slate-500">{t('agency.queue.assign.mixedStations')}</p> : null}
    </fetcher.Form>
  );
}

function SubmitPanel({ rows, today, fetcher, action, onCancel }: { rows: readonly AgencyQueueRow[]; today: string; fetcher: Fetcher; action: string; onCancel: () => void }) {
  const { t } = useTranslation();
  const answer = fetcherFailure(fetcher, 'submit');
  const busy = fetcher.state !== 'idle';
  const notReady = rows.filter((r) => r.step !== 'precheck');
  const departments = [...new Set(rows.map((r) => r.department))];
  // The procedure takes cases of one department in 预审 only; say so before anything is typed.
  if (notReady.length > 0) {
    return <Notice tone="warning">{t('agency.queue.submit.onlyPrecheck', { numbers: notReady.map((r) => r.number).join(t('workItems.common.separator')) })}</Notice>;
  }
  if (departments.length > 1) {
    return <Notice tone="warning">{t('agency.queue.submit.sameDepartment', { departments: departments.join(t('workItems.common.separator')) })}</Notice>;
  }
  const department = departments[0] ?? '';
  const errors = answer?.fieldErrors ?? {};
  return (
    <fetcher.Form method="post" action={action} className="space-y-3" aria-label={t('agency.queue.submit.title', { department })} noValidate data-testid="submit-panel">
      <input type="hidden" name="intent" value="submit" />
      <input type="hidden" name="department" value={department} />
      <PickedCases rows={rows} />
      <div className="text-sm font-medium text-slate-900">{t('agency.queue.submit.title', { department })}</div>
      <div className="max-w-48">
        <label htmlFor="batch-submitted-on" className="mb-1 block text-sm font-medium text-slate-700">
          {t('agency.queue.submit.date')}
        </label>
        <input
          id="batch-submitted-on"
          type="date"
          name="submittedOn"
          defaultValue={today}
          max={today}
          required
          className={inputClass}
          aria-invalid={Boolean(errors.submittedOn)}
          aria-describedby={errors.submittedOn ? 'batch-submitted-on-error' : undefined}
          data-testid="submitted-on"
        />
        <FieldError id="batch-submitted-on-error" error={errors.submittedOn} />
      </div>
      <fieldset>
        <legend className="mb-1 text-sm font-medium text-slate-700">{t('agency.queue.submit.ref')}</legend>
        <p className="mb-2 text-xs text-slate-500">{t('agency.queue.submit.refHint')}</p>
        <ul className="space-y-2">
          {rows.map((r, i) => {
            const id = `batch-ref-${r.id}`;
            const error = errors[`ref.${r.id}`];
            return (
              <li key={r.id} className="grid gap-1 sm:grid-cols-[14rem_1fr] sm:items-center sm:gap-3">
                <label htmlFor={id} className="min-w-0 text-sm">
                  <span className="sr-only">{t('agency.queue.submit.refFor', { number: r.number })}</span>
                  <span aria-hidden="true" className="font-mono text-xs text-slate-800">
                    {r.number}
                  </span>
                  <span aria-hidden="true" className="ml-2 truncate text-slate-600">
                    {r.enterpriseName}
                  </span>
                </label>
                <div>
                  <input
                    id={id}
                    name={`ref.${r.id}`}
                    maxLength={60}
                    required
                    autoComplete="off"
                    autoFocus={i === 0}
                    className={inputClass}
                    aria-invalid={Boolean(error)}
                    aria-describedby={error ? `${id}-error` : undefined}
                    data-testid="submit-ref"
                  />
                  <FieldError id={`${id}-error`} error={error} />
                </div>
              </li>
            );
          })}
        </ul>
      </fieldset>
      <FormErrors failure={answer} />
      <div className="flex flex-wrap justify-end gap-2">
        <button type="button" className={buttonClass.secondary} onClick={onCancel}>
          {t('workItems.common.cancel')}
        </button>
        <button type="submit" className={buttonClass.primary} disabled={busy} data-testid="submit-confirm">
          {busy ? t('workItems.common.working') : t('agency.queue.submit.confirm')}
        </button>
      </div>
    </fetcher.Form>
  );
}
