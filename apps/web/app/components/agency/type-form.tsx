import { useEffect, useId, useRef, useState } from 'react';
import { useFetcher } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { ActionResult } from '../../lib/action-result.ts';
import type { AgencyType } from '../../lib/agency.ts';
import { localName } from '../../lib/names.ts';
import { fetcherFailure, FormErrors, useOnSuccess } from '../form.tsx';
import { buttonClass, Field, FieldError, inputClass } from '../ui.tsx';

/** A type's checklist as read on the settings page: each document, required or not, with its notes. */
export function ChecklistView({ type }: { type: AgencyType }) {
  const { t, i18n } = useTranslation();
  return (
    <div className="px-4 py-3">
      <h3 className="text-xs font-medium text-slate-500" data-testid="agency-type-version">
        {t('agency.types.version', { version: type.checklistVersion })}
      </h3>
      <ol className="mt-2 space-y-1.5 text-sm" data-testid="agency-type-checklist">
        {type.checklist.map((entry, i) => (
          <li key={entry.key} className="flex flex-wrap items-baseline gap-x-2" data-testid="checklist-entry">
            <span className="w-5 shrink-0 text-right text-xs text-slate-400 tabular-nums">{i + 1}.</span>
            <span className="text-slate-900">{localName(i18n.language, entry.name, entry.nameEn)}</span>
            <span className={`text-xs ${entry.required ? 'font-medium text-red-700' : 'text-slate-500'}`}>{entry.required ? t('agency.types.required') : t('agency.types.optional')}</span>
            {entry.templateFileId ? <span className="text-xs text-slate-500">{t('agency.types.hasTemplate')}</span> : null}
            {entry.notes ? <span className="basis-full pl-7 text-xs text-slate-500">{entry.notes}</span> : null}
          </li>
        ))}
      </ol>
    </div>
  );
}

interface Draft {
  /** React's key for the row (the entry's `key` is the API's, kept as it was). */
  uid: string;
  key: string;
  name: string;
  nameEn: string;
  required: boolean;
  notes: string;
  templateFileId: string | null;
}

let uidCounter = 0;
const nextUid = () => `entry-${++uidCounter}`;

/** A key for a new entry, unused in this checklist (entries keep theirs: uploaded materials refer to them). */
function freshKey(drafts: readonly Draft[]): string {
  const used = new Set(drafts.map((d) => d.key));
  let n = drafts.length + 1;
  while (used.has(`doc_${n}`)) n++;
  return `doc_${n}`;
}

function draftsOf(type?: AgencyType): Draft[] {
  if (!type) return [{ uid: nextUid(), key: 'doc_1', name: '', nameEn: '', required: true, notes: '', templateFileId: null }];
  return type.checklist.map((e) => ({ uid: nextUid(), key: e.key, name: e.name, nameEn: e.nameEn ?? '', required: e.required, notes: e.notes ?? '', templateFileId: e.templateFileId ?? null }));
}

/**
 * Creates a type or edits one, with its checklist: documents added, removed, reordered, marked
 * required or optional. The checklist travels as JSON in one hidden field.
 */
export function TypeForm({ type, onClose, onSaved }: { type?: AgencyType; onClose: () => void; onSaved: () => void }) {
  const { t } = useTranslation();
  const fetcher = useFetcher<ActionResult>();
  const [drafts, setDrafts] = useState<Draft[]>(() => draftsOf(type));
  const [active, setActive] = useState(type?.active ?? true);
  const listRef = useRef<HTMLOListElement>(null);
  const focusRow = useRef<number | null>(null);
  const headingId = useId();
  const saving = fetcher.state !== 'idle';
  const failed = fetcherFailure(fetcher);
  const errors = failed?.fieldErrors ?? {};

  useOnSuccess(fetcher, onSaved);

  // A row just added or moved keeps the focus on its name.
  useEffect(() => {
    if (focusRow.current === null) return;
    listRef.current?.querySelectorAll<HTMLInputElement>('[data-entry-name]')[focusRow.current]?.focus();
    focusRow.current = null;
  }, [drafts]);

  const update = (uid: string, patch: Partial<Draft>) => setDrafts((ds) => ds.map((d) => (d.uid === uid ? { ...d, ...patch } : d)));
  const move = (i: number, by: -1 | 1) => {
    const j = i + by;
    if (j < 0 || j >= drafts.length) return;
    const next = [...drafts];
    [next[i], next[j]] = [next[j]!, next[i]!];
    focusRow.current = j;
    setDrafts(next);
  };
  const add = () => {
    focusRow.current = drafts.length;
    setDrafts([...drafts, { uid: nextUid(), key: freshKey(drafts), name: '', nameEn: '', required: true, notes: '', templateFileId: null }]);
  };
  const remove = (uid: string) => setDrafts((ds) => ds.filter((d) => d.uid !== uid));
  const checklist = JSON.stringify(
    drafts.map((d) => ({
      key: d.key,
      name: d.name.trim(),
      nameEn: d.nameEn.trim() || null,
      required: d.required,
      notes: d.notes.trim() || null,
      ...(d.templateFileId ? { templateFileId: d.templateFileId } : {}),
    })),
  );
  const title = type ? t('agency.types.editTitle', { name: type.name }) : t('agency.types.addTitle');

  return (
    <fetcher.Form
      method="post"
      className="space-y-4 rounded-lg border border-brand-100 bg-brand-50/40 p-3 sm:p-4"
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.stopPropagation();
          onClose();
        }
      }}
      aria-labelledby={headingId}
      noValidate
      data-testid="agency-type-form"
    >
      <input type="hidden" name="intent" value={type ? 'update' : 'create'} />
      {type ? <input type="hidden" name="id" value={type.id} /> : null}
      {type ? <input type="hidden" name="version" value={type.checklistVersion} /> : null}
      <input type="hidden" name="checklist" value={checklist} />
      <h2 id={headingId} className="font-medium text-slate-900">
        {title}
      </h2>
      <div className="grid gap-3 sm:grid-cols-2">
        <Field label={t('agency.types.fields.name')} required error={errors.name}>
          {(p) => <input {...p} name="name" defaultValue={type?.name ?? ''} maxLength={60} autoComplete="off" autoFocus className={inputClass} data-testid="type-name" />}
        </Field>
        <Field label={t('agency.types.fields.nameEn')} error={errors.nameEn}>
          {(p) => <input {...p} name="nameEn" lang="en" defaultValue={type?.nameEn ?? ''} maxLength={100} autoComplete="off" className={inputClass} />}
        </Field>
        <Field label={t('agency.types.fields.department')} required error={errors.department}>
          {(p) => <input {...p} name="department" defaultValue={type?.department ?? ''} maxLength={100} autoComplete="off" className={inputClass} data-testid="type-department" />}
        </Field>
        {type ? null : (
          <Field label={t('agency.types.fields.codeOptional')} error={errors.code} hint={t('agency.types.fields.codeHint')}>
            {(p) => <input {...p} name="code" lang="en" maxLength={40} pattern="[a-z0-9_\-]{2,40}" autoComplete="off" spellCheck={false} className={inputClass} />}
          </Field>
        )}
        <Field label={t('agency.types.fields.statutoryDays')} required error={errors.statutoryDays}>
          {(p) => <input {...p} name="statutoryDays" type="number" inputMode="numeric" min={1} max={365} defaultValue={type?.statutoryDays ?? ''} className={inputClass} data-testid="type-statutory" />}
        </Field>
        <Field label={t('agency.types.fields.promisedDays')} required error={errors.promisedDays} hint={t('agency.types.fields.promisedHint')}>
          {(p) => <input {...p} name="promisedDays" type="number" inputMode="numeric" min={1} max={365} defaultValue={type?.promisedDays ?? ''} className={inputClass} data-testid="type-promised" />}
        </Field>
      </div>
      {type ? (
        <label className="inline-flex min-h-9 items-center gap-2 text-sm text-slate-700">
          <input type="checkbox" name="active" value="1" checked={active} onChange={(e) => setActive(e.currentTarget.checked)} className="size-4 rounded border-slate-400" data-testid="type-active" />
          {t('agency.types.fields.active')}
        </label>
      ) : null}

      <fieldset className="rounded-md border border-slate-200 bg-white p-3" aria-describedby={`${headingId}-checklist-hint`}>
        <legend className="px-1 text-sm font-medium text-slate-800">{t('agency.types.checklist.title')}</legend>
        <p id={`${headingId}-checklist-hint`} className="mb-2 text-xs text-slate-500">
          {t('agency.types.checklist.hint')}
        </p>
        <FieldError error={errors.checklist} className="mb-2" />
        <ol ref={listRef} className="space-y-2" data-testid="checklist-editor">
          {drafts.map((d, i) => (
            <ChecklistRow
              key={d.uid}
              draft={d}
              index={i}
              count={drafts.length}
              errors={{ name: errors[`checklist.${i}.name`], nameEn: errors[`checklist.${i}.nameEn`], notes: errors[`checklist.${i}.notes`] }}
              onChange={(patch) => update(d.uid, patch)}
              onMove={(by) => move(i, by)}
              onRemove={() => remove(d.uid)}
            />
          ))}
        </ol>
        <button type="button" className={`${buttonClass.smallSecondary} mt-2`} onClick={add} data-testid="checklist-add">
          + {t('agency.types.checklist.add')}
        </button>
      </fieldset>

      <FormErrors failure={failed} />
      <div className="flex flex-wrap items-center justify-end gap-2">
        <button type="button" className={buttonClass.secondary} onClick={onClose}>
          {t('enterprise.common.cancel')}
        </button>
        <button type="submit" className={buttonClass.primary} disabled={saving} data-testid="agency-type-save">
          {saving ? t('enterprise.common.saving') : t('enterprise.common.save')}
        </button>
      </div>
    </fetcher.Form>
  );
}

function ChecklistRow({
  draft,
  index,
  count,
  errors,
  onChange,
  onMove,
  onRemove,
}: {
  draft: Draft;
  index: number;
  count: number;
  errors: { name?: string | undefined; nameEn?: string | undefined; notes?: string | undefined };
  onChange: (patch: Partial<Draft>) => void;
  onMove: (by: -1 | 1) => void;
  onRemove: () => void;
}) {
  const { t } = useTranslation();
  const n = index + 1;
  const id = useId();
  return (
    <li className="rounded-md border border-slate-200 p-2" aria-label={t('agency.types.checklist.entry', { index: n })} data-testid="checklist-row">
      <div className="grid gap-2 sm:grid-cols-[1fr_1fr_auto] sm:items-start">
        <div>
          <label htmlFor={`${id}-name`} className="mb-0.5 block text-xs text-slate-500">
            {n}. {t('agency.types.checklist.name')}
          </label>
          <input
            id={`${id}-name`}
            value={draft.name}
            onChange={(e) => onChange({ name: e.currentTarget.value })}
            maxLength={60}
            autoComplete="off"
            className={`${inputClass} py-1.5`}
            aria-invalid={Boolean(errors.name)}
            aria-describedby={errors.name ? `${id}-name-error` : undefined}
            data-entry-name
            data-testid="entry-name"
          />
          <FieldError id={`${id}-name-error`} error={errors.name} />
        </div>
        <div>
          <label htmlFor={`${id}-name-en`} className="mb-0.5 block text-xs text-slate-500">
            {t('agency.types.checklist.nameEn')}
          </label>
          <input
            id={`${id}-name-en`}
            lang="en"
            value={draft.nameEn}
            onChange={(e) => onChange({ nameEn: e.currentTarget.value })}
            maxLength={100}
            autoComplete="off"
            className={`${inputClass} py-1.5`}
            aria-invalid={Boolean(errors.nameEn)}
            aria-describedby={errors.nameEn ? `${id}-name-en-error` : undefined}
          />
          <FieldError id={`${id}-name-en-error`} error={errors.nameEn} />
        </div>
        <label className="inline-flex min-h-9 items-center gap-2 text-sm text-slate-700 sm:mt-5">
          <input type="checkbox" checked={draft.required} onChange={(e) => onChange({ required: e.currentTarget.checked })} className="size-4 rounded border-slate-400" data-testid="entry-required" />
          {t('agency.types.checklist.required')}
        </label>
        <div className="sm:col-span-2">
          <label htmlFor={`${id}-notes`} className="mb-0.5 block text-xs text-slate-500">
            {t('agency.types.checklist.notes')}
          </label>
          <input
            id={`${id}-notes`}
            value={draft.notes}
            onChange={(e) => onChange({ notes: e.currentTarget.value })}
            maxLength={300}
            placeholder={t('agency.types.checklist.notesPlaceholder')}
            autoComplete="off"
            className={`${inputClass} py-1.5`}
            aria-invalid={Boolean(errors.notes)}
            aria-describedby={errors.notes ? `${id}-notes-error` : undefined}
            data-testid="entry-notes"
          />
          <FieldError id={`${id}-notes-error`} error={errors.notes} />
          {draft.templateFileId ? <p className="mt-1 text-xs text-slate-500">{t('agency.types.checklist.keepsTemplate')}</p> : null}
        </div>
        <div className="flex items-center gap-1 sm:mt-5">
          <button type="button" className={buttonClass.ghost} onClick={() => onMove(-1)} disabled={index === 0} aria-label={t('agency.types.checklist.upLabel', { index: n })}>
            ↑<span className="sr-only sm:not-sr-only">{t('agency.types.checklist.up')}</span>
          </button>
          <button type="button" className={buttonClass.ghost} onClick={() => onMove(1)} disabled={index === count - 1} aria-label={t('agency.types.checklist.downLabel', { index: n })}>
            ↓<span className="sr-only sm:not-sr-only">{t('agency.types.checklist.down')}</span>
          </button>
          <button type="button" className={buttonClass.smallDanger} onClick={onRemove} disabled={count === 1} aria-label={t('agency.types.checklist.removeLabel', { index: n })} data-testid="entry-remove">
            {t('agency.types.checklist.remove')}
          </button>
        </div>
      </div>
    </li>
  );
}
