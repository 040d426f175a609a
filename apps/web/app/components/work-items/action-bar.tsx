import { useEffect, useId, useRef, useState } from 'react';
import { useFetcher, type FetcherWithComponents } from 'react-router';
import { useTranslation } from 'react-i18next';
import { workItemActions, type ItemAction, type WorkItemAction } from '@stationdesk/core';
import { formatDateTime } from '../../lib/format.ts';
import { localName } from '../../lib/names.ts';
import type { ActionResult } from '../../lib/action-result.ts';
import { isoToLocalInput, type AgencyTypeChoice, type Assignee, type DeskRole, type StationChoice, type WorkItemDetail } from '../../lib/work-items.ts';
import { fetcherFailure, FormErrors } from '../form.tsx';
import { buttonClass, FieldError, inputClass, selectClass } from '../ui.tsx';
import { useSavedKey } from '../flash.tsx';
import { ChoiceGroup } from './choice-group.tsx';
import { RatingInput } from './rating-input.tsx';

type Fetcher = FetcherWithComponents<ActionResult>;

/** Buttons that open a form in place; the rest post at once. */
type Panel =
  | 'assign'
  | 'resolve'
  | 'request_info'
  | 'return'
  | 'visit'
  | 'redo'
  | 'reopen'
  | 'withdraw'
  | 'contact'
  | 'extend'
  | 'decide'
  | 'chase'
  | 'convert';

const immediate = ['accept', 'start', 'resume', 'close'] as const;
/** The forms of the actions outside the state machine, and the action each performs, in the bar's order. */
const extraPanels = [
  ['contact', 'recordContact'],
  ['extend', 'requestExtension'],
  ['decide', 'decideExtension'],
  ['chase', 'chase'],
  ['convert', 'convertToAgency'],
] as const satisfies readonly (readonly [Panel, ItemAction])[];
/** The one step the handler most likely takes next gets the filled button. */
const primaryOrder: WorkItemAction[] = ['accept', 'start', 'resolve', 'resume', 'close', 'assign'];

/**
 * 办理: only what the signed-in person may do now — the item's allowedActions, which the service
 * computes with the same rules it applies: the steps, then the marks and requests outside the
 * state machine.
 * One form opens at a time; the result is announced in a live region. A conflict (someone moved
 * the item first) shows the reason, and the page has already reloaded the item.
 */
export function ActionBar({
  item,
  role,
  userId,
  assignees,
  stations,
  timezone,
  agencyTypes = [],
  hidden = [],
}: {
  item: WorkItemDetail;
  role: DeskRole;
  userId: string;
  assignees: Assignee[];
  stations: StationChoice[];
  timezone: string;
  /** The case types a consultation may become (convert). */
  agencyTypes?: AgencyTypeChoice[];
  /** Steps another panel of the page offers in context (an agency case's 办结 and 要求补充材料). */
  hidden?: readonly WorkItemAction[];
}) {
  const { t } = useTranslation();
  const fetcher = useFetcher<ActionResult>();
  const [panel, setPanel] = useState<Panel | null>(null);
  // Which form the fetcher's answer belongs to, so another form never shows its errors.
  const [answered, setAnswered] = useState<Panel | null>(null);
  const allowed = new Set<ItemAction>(item.allowedActions.filter((a) => !(hidden as readonly ItemAction[]).includes(a)));
  const shownActions = workItemActions.filter((a) => allowed.has(a));
  const primary = primaryOrder.find((a) => allowed.has(a) && !(a === 'assign' && !item.assigneeId)) ?? null;
  const failed = fetcherFailure(fetcher);
  const busy = fetcher.state !== 'idle';

  // Close the open form once its step went through (the page came back with a new flash) or lost a race.
  const saved = useSavedKey();
  const [closedFor, setClosedFor] = useState(saved);
  if (closedFor !== saved) {
    setClosedFor(saved);
    setPanel(null);
  }
  const handled = useRef<unknown>(null);
  useEffect(() => {
    if (!failed || handled.current === failed) return;
    handled.current = failed;
    // eslint-disable-next-line react-hooks/set-state-in-effect -- closing the form follows the server's answer
    if (failed.conflict) setPanel(null);
  }, [failed]);

  // A form whose step is no longer possible (the item moved on) is not shown.
  const panelAvailable = (p: Panel): boolean => allowed.has(extraPanels.find(([panel]) => panel === p)?.[1] ?? (p as ItemAction));
  const open = panel && panelAvailable(panel) ? panel : null;

  const toggle = (p: Panel) => setPanel((cur) => (cur === p ? null : p));
  // An open form's button stays pressed-looking.
  const pressed = 'aria-expanded:border-brand-600 aria-expanded:bg-brand-50 aria-expanded:text-brand-800';
  const cls = (action: WorkItemAction | Panel, danger = false) =>
    `${action === primary ? buttonClass.primary : danger ? buttonClass.danger : `${buttonClass.secondary} ${pressed}`} min-h-10`;

  const transitionButtons: React.ReactNode[] = [];
  if (allowed.has('assign') && item.assigneeId !== userId) {
    transitionButtons.push(
      <fetcher.Form key="assign-me" method="post" className="contents" onSubmit={() => setAnswered(null)}>
        <input type="hidden" name="intent" value="assign" />
        <input type="hidden" name="assigneeId" value={userId} />
        <input type="hidden" name="version" value={item.version} />
        <button type="submit" className={`${item.assigneeId ? buttonClass.secondary : buttonClass.primary} min-h-10`} disabled={busy} data-testid="action-assign-me">
          {t('workItems.queue.takeIt')}
        </button>
      </fetcher.Form>,
    );
  }
  for (const action of shownActions) {
    if ((immediate as readonly string[]).includes(action)) {
      transitionButtons.push(
        <fetcher.Form key={action} method="post" className="contents" onSubmit={() => setAnswered(null)}>
          <input type="hidden" name="intent" value="transition" />
          <input type="hidden" name="action" value={action} />
          <input type="hidden" name="version" value={item.version} />
          <button type="submit" className={cls(action)} disabled={busy} data-testid={`action-${action}`}>
            {t(`vocab.workItemAction.${action}`)}
          </button>
        </fetcher.Form>,
      );
    } else {
      const label = action === 'visit' ? t('workItems.actions.visit.button') : t(`vocab.workItemAction.${action}`);
      transitionButtons.push(
        <button
          key={action}
          type="button"
          className={cls(action, action === 'withdraw')}
          aria-expanded={open === action}
          onClick={() => toggle(action as Panel)}
          data-testid={`action-${action}`}
        >
          {label}
        </button>,
      );
    }
  }
  const extraButtons = extraPanels
    .filter(([, action]) => allowed.has(action))
    .map(([p]) => (
      <button key={p} type="button" className={`${buttonClass.secondary} ${pressed} min-h-10`} aria-expanded={open === p} onClick={() => toggle(p)} data-testid={`action-${p}`}>
        {t(`workItems.actions.${p}.button`)}
      </button>
    ));

  const nothing = transitionButtons.length === 0 && extraButtons.length === 0;
  return (
    <section aria-labelledby="actions-title" className="rounded-lg border border-slate-200 bg-white" data-testid="action-bar">
      <div className="flex items-center justify-between gap-2 border-b border-slate-100 px-4 py-2.5">
        <h2 id="actions-title" className="font-medium text-slate-900">
          {t('workItems.actions.title')}
        </h2>
        {item.assigneeId !== userId && role === 'staff' && item.assigneeId ? <span className="text-xs text-slate-500">{t('workItems.actions.notYours', { name: item.assigneeName })}</span> : null}
      </div>
      <div className="p-4">
        {nothing ? (
          <p className="text-sm text-slate-500">{t('workItems.actions.none')}</p>
        ) : (
          <div className="flex flex-wrap gap-2">
            {transitionButtons}
            {extraButtons.length && transitionButtons.length ? <span aria-hidden="true" className="mx-1 hidden w-px self-stretch bg-slate-200 sm:block" /> : null}
            {extraButtons}
          </div>
        )}

        {open ? (
          <div className="mt-4">
            <PanelForm
              panel={open}
              fetcher={fetcher}
              answered={answered === open}
              item={item}
              assignees={assignees}
              stations={stations}
              agencyTypes={agencyTypes}
              timezone={timezone}
              onSubmit={() => setAnswered(open)}
              onCancel={() => setPanel(null)}
            />
          </div>
        ) : null}

        <div role="status" aria-live="polite" data-testid="action-status">
          {failed && (!open || answered !== open || failed.conflict) ? (
            <div className="mt-3">
              <FormErrors failure={failed} />
            </div>
          ) : null}
        </div>
      </div>
    </section>
  );
}

function NoteField({
  label,
  required = false,
  placeholder,
  error,
  rows = 3,
  name = 'note',
  autoFocus = true,
}: {
  label: string;
  required?: boolean;
  placeholder?: string;
  error?: string | undefined;
  rows?: number;
  name?: string;
  autoFocus?: boolean;
}) {
  const id = useId();
  const { t } = useTranslation();
  return (
    <div>
      <label htmlFor={id} className="mb-1 block text-sm font-medium text-slate-700">
        {label}
        {required ? (
          <span className="ml-0.5 text-red-600" aria-hidden="true">
            *
          </span>
        ) : (
          <span className="ml-1 font-normal text-slate-500">{t('workItems.common.optional')}</span>
        )}
      </label>
      <textarea
        id={id}
        name={name}
        rows={rows}
        maxLength={5000}
        required={required}
        placeholder={placeholder}
        aria-invalid={Boolean(error)}
        aria-describedby={error ? `${id}-error` : undefined}
        autoFocus={autoFocus}
        className={inputClass}
      />
      <FieldError id={`${id}-error`} error={error} />
    </div>
  );
}

function PanelForm({
  panel,
  fetcher,
  answered,
  item,
  assignees,
  stations,
  agencyTypes,
  timezone,
  onSubmit,
  onCancel,
}: {
  panel: Panel;
  fetcher: Fetcher;
  /** The fetcher's last answer is this form's. */
  answered: boolean;
  item: WorkItemDetail;
  assignees: Assignee[];
  stations: StationChoice[];
  agencyTypes: AgencyTypeChoice[];
  timezone: string;
  onSubmit: () => void;
  onCancel: () => void;
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const failed = answered ? fetcherFailure(fetcher) : null;
  const errors = failed?.fieldErrors ?? {};
  const busy = fetcher.state !== 'idle';
  const transition = !['assign', 'visit', 'contact', 'extend', 'decide', 'chase', 'convert'].includes(panel);
  const intent = transition ? 'transition' : panel === 'decide' ? 'decideExtension' : panel;

  let title: string;
  let body: React.ReactNode;
  let submit: React.ReactNode = null;
  const submitButton = (label: string, cls: string = buttonClass.primary) => (
    <button type="submit" className={cls} disabled={busy} data-testid="panel-submit">
      {busy ? t('workItems.common.working') : label}
    </button>
  );

  switch (panel) {
    case 'assign': {
      title = t('workItems.actions.assign.title');
      body = (
        <div className="space-y-3">
          <div>
            <label htmlFor="assignee" className="mb-1 block text-sm font-medium text-slate-700">
              {t('workItems.actions.assign.who')}
            </label>
            <select id="assignee" name="assigneeId" defaultValue={item.assigneeId ?? ''} autoFocus className={selectClass} aria-invalid={Boolean(errors.assigneeId)} data-testid="assignee-select">
              <option value="">{t('workItems.actions.assign.choose')}</option>
              {assignees.map((a) => (
                <option key={a.userId} value={a.userId}>
                  {t('workItems.actions.assign.option', {
                    name: a.name,
                    role: t(`workItems.actions.assign.role.${a.role}`),
                    open: a.openItems,
                    max: a.maxOpenItems,
                  })}
                  {a.onDuty ? '' : ` · ${t('workItems.actions.assign.offDuty')}`}
                </option>
              ))}
            </select>
            {errors.assigneeId ? <FieldError error={errors.assigneeId} /> : <p className="mt-1 text-xs text-slate-500">{t('workItems.actions.assign.hint')}</p>}
          </div>
          <NoteField label={t('workItems.actions.assign.note')} rows={2} autoFocus={false} />
        </div>
      );
      submit = (
        <>
          <button type="submit" name="roundRobin" value="1" className={buttonClass.secondary} disabled={busy} data-testid="round-robin">
            {t('workItems.actions.assign.roundRobin')}
          </button>
          {submitButton(t('workItems.actions.assign.submit'))}
        </>
      );
      break;
    }
    case 'resolve':
      title = t('workItems.actions.resolve.title');
      body = (
        <div className="space-y-3">
          <NoteField
            label={item.kind === 'consultation' ? t('workItems.actions.resolve.answer') : t('workItems.actions.resolve.result')}
            required
            rows={5}
            placeholder={t('workItems.actions.resolve.placeholder')}
            error={errors.note}
          />
          <label className="flex items-start gap-2 text-sm text-slate-800">
            <input type="checkbox" name="resolvedOk" value="1" defaultChecked className="mt-0.5 size-4 rounded border-slate-300" />
            <span>
              {t('workItems.actions.resolve.ok')}
              <span className="block text-xs text-slate-500">{t('workItems.actions.resolve.okHint')}</span>
            </span>
          </label>
        </div>
      );
      submit = submitButton(t('workItems.actions.resolve.submit'));
      break;
    case 'request_info':
      title = t('workItems.actions.request_info.title');
      body = (
        <NoteField label={t('workItems.actions.request_info.label')} required placeholder={t('workItems.actions.request_info.placeholder')} error={errors.note} />
      );
      submit = submitButton(t('workItems.actions.request_info.submit'));
      break;
    case 'return':
      title = t('workItems.actions.return.title');
      body = (
        <div className="space-y-3">
          <NoteField label={t('workItems.actions.return.reason')} required placeholder={t('workItems.actions.return.placeholder')} error={errors.note} />
          <div>
            <label htmlFor="return-station" className="mb-1 block text-sm font-medium text-slate-700">
              {t('workItems.actions.return.station')}
            </label>
            <select id="return-station" name="stationId" defaultValue="" className={selectClass}>
              <option value="">{t('workItems.actions.return.sameStation')}</option>
              {stations
                .filter((s) => s.id !== item.stationId)
                .map((s) => (
                  <option key={s.id} value={s.id}>
                    {localName(lang, s.name, s.nameEn)}
                  </option>
                ))}
            </select>
          </div>
        </div>
      );
      submit = submitButton(t('workItems.actions.return.submit'), buttonClass.danger);
      break;
    case 'visit':
      title = t('workItems.actions.visit.title');
      body = <RatingInput who="staff" error={errors.rating} reopenError={errors.reopen} />;
      submit = submitButton(t('workItems.actions.visit.submit'));
      break;
    case 'redo':
    case 'reopen':
    case 'withdraw':
      title = t(`workItems.actions.${panel}.title`);
      body = <NoteField label={t(`workItems.actions.${panel}.label`)} required placeholder={t(`workItems.actions.${panel}.placeholder`)} error={errors.note} />;
      submit = submitButton(t(`workItems.actions.${panel}.submit`), panel === 'withdraw' ? buttonClass.danger : buttonClass.primary);
      break;
    case 'contact':
      title = t('workItems.actions.contact.title');
      body = <NoteField label={t('workItems.actions.contact.label')} rows={2} placeholder={t('workItems.actions.contact.placeholder')} error={errors.note} />;
      submit = submitButton(t('workItems.actions.contact.submit'));
      break;
    case 'extend': {
      title = t('workItems.actions.extend.title');
      const current = item.resolutionDueAt;
      const suggested = current ? isoToLocalInput(new Date(Date.parse(current) + 2 * 24 * 3600_000).toISOString(), timezone) : '';
      body = (
        <div className="space-y-3">
          {current ? <p className="text-sm text-slate-600">{t('workItems.actions.extend.current', { time: formatDateTime(current, timezone) })}</p> : null}
          <div>
            <label htmlFor="extend-due" className="mb-1 block text-sm font-medium text-slate-700">
              {t('workItems.actions.extend.due')}
              <span className="ml-0.5 text-red-600" aria-hidden="true">
                *
              </span>
            </label>
            <input
              id="extend-due"
              type="datetime-local"
              name="dueAt"
              required
              defaultValue={suggested}
              min={current ? isoToLocalInput(current, timezone) : undefined}
              className={`${inputClass} sm:max-w-xs`}
              aria-invalid={Boolean(errors.dueAt)}
            />
            <FieldError error={errors.dueAt} />
          </div>
          <NoteField name="reason" label={t('workItems.actions.extend.reason')} required placeholder={t('workItems.actions.extend.placeholder')} error={errors.reason} rows={2} />
        </div>
      );
      submit = submitButton(t('workItems.actions.extend.submit'));
      break;
    }
    case 'decide': {
      title = t('workItems.actions.decide.title');
      const requested = [...item.history].reverse().find((e) => e.action === 'extension_requested');
      const dueAt = typeof requested?.data.dueAt === 'string' ? requested.data.dueAt : null;
      body = (
        <div className="space-y-3">
          <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1 rounded-md bg-violet-50 px-3 py-2 text-sm">
            {dueAt ? (
              <>
                <dt className="text-slate-500">{t('workItems.actions.decide.requestedDue')}</dt>
                <dd className="font-medium tabular-nums">{formatDateTime(dueAt, timezone)}</dd>
              </>
            ) : null}
            <dt className="text-slate-500">{t('workItems.actions.decide.reason')}</dt>
            <dd className="break-words">{item.extension?.reason ?? '—'}</dd>
            {requested?.actorName ? (
              <>
                <dt className="text-slate-500">{t('workItems.actions.decide.by')}</dt>
                <dd>{requested.actorName}</dd>
              </>
            ) : null}
          </dl>
          <NoteField label={t('workItems.actions.decide.note')} rows={2} error={errors.note} />
        </div>
      );
      submit = (
        <>
          <button type="submit" name="approve" value="0" className={buttonClass.danger} disabled={busy} data-testid="extension-reject">
            {t('workItems.actions.decide.reject')}
          </button>
          <button type="submit" name="approve" value="1" className={buttonClass.primary} disabled={busy} data-testid="extension-approve">
            {t('workItems.actions.decide.approve')}
          </button>
        </>
      );
      break;
    }
    case 'chase':
      title = t('workItems.actions.chase.title');
      body = (
        <div className="space-y-3">
          <ChoiceGroup
            label={t('workItems.actions.chase.level')}
            name="level"
            defaultValue={item.chaseLevel === 'chased' || item.chaseLevel === 'supervised' ? 'supervised' : 'chased'}
            options={[
              { value: 'chased', label: t('workItems.marks.chased'), hint: t('workItems.actions.chase.chasedHint') },
              { value: 'supervised', label: t('workItems.marks.supervised'), hint: t('workItems.actions.chase.supervisedHint') },
            ]}
          />
          <p className="text-xs text-slate-500">{t('workItems.actions.chase.hint')}</p>
          <NoteField label={t('workItems.actions.chase.note')} rows={2} placeholder={t('workItems.actions.chase.placeholder')} error={errors.note} />
        </div>
      );
      submit = submitButton(t('workItems.actions.chase.submit'));
      break;
    case 'convert':
      title = t('workItems.actions.convert.title');
      body = (
        <div className="space-y-3">
          <p className="text-sm text-slate-600">{t('workItems.actions.convert.explain')}</p>
          {agencyTypes.length ? (
            <div>
              <label htmlFor="convert-type" className="mb-1 block text-sm font-medium text-slate-700">
                {t('agencyCase.convert.type')}
              </label>
              <select id="convert-type" name="typeId" defaultValue={agencyTypes.find((a) => a.code === 'other')?.id ?? ''} className={selectClass} data-testid="convert-type">
                {agencyTypes.map((a) => (
                  <option key={a.id} value={a.id}>
                    {t('agencyCase.convert.option', { name: localName(lang, a.name, a.nameEn), department: a.department, days: a.statutoryDays })}
                  </option>
                ))}
              </select>
            </div>
          ) : null}
          <NoteField label={t('workItems.actions.convert.note')} rows={2} placeholder={t('workItems.actions.convert.placeholder')} error={errors.note} />
        </div>
      );
      submit = submitButton(t('workItems.actions.convert.submit'));
      break;
  }

  return (
    <fetcher.Form
      method="post"
      className="space-y-3 rounded-md border border-brand-100 bg-brand-50/40 p-3 sm:p-4"
      aria-label={title}
      noValidate
      onSubmit={onSubmit}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.stopPropagation();
          onCancel();
        } else if (e.key === 'Enter' && (e.ctrlKey || e.metaKey) && panel !== 'decide') {
          // Not for the extension decision: which of its two buttons is meant must be pressed.
          e.preventDefault();
          e.currentTarget.requestSubmit();
        }
      }}
      data-testid={`panel-${panel}`}
    >
      <input type="hidden" name="intent" value={intent} />
      {transition ? <input type="hidden" name="action" value={panel} /> : null}
      {transition || panel === 'assign' ? <input type="hidden" name="version" value={item.version} /> : null}
      <h3 className="text-sm font-medium text-slate-900">{title}</h3>
      {body}
      {/* A conflict speaks in the bar's live region: the form it was sent from is closed. */}
      <FormErrors failure={failed?.conflict ? null : failed} />
      <div className="flex flex-wrap items-center justify-end gap-2">
        <button type="button" className={buttonClass.ghost} onClick={onCancel}>
          {t('workItems.common.cancel')}
        </button>
        {submit}
      </div>
    </fetcher.Form>
  );
}
