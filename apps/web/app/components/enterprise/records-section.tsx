import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { buttonClass, Empty, Notice, Section } from '../ui.tsx';

interface RecordsSectionProps<T> {
  title: string;
  testId: string;
  addLabel: string;
  addTestId: string;
  empty: string;
  records: readonly T[];
  /** The record's form, or the add form when `record` is undefined. */
  form: (record: T | undefined, done: { onClose: () => void; onSaved: () => void }) => React.ReactNode;
  /** The record's `<li>`; `edit` swaps it for its form. */
  row: (record: T, edit: () => void) => React.ReactNode;
}

/**
 * A list section edited in place, one record at a time: the add form on top, a record's row
 * swapped for its form. One frame so the settings lists and the enterprise file's lists behave
 * alike; `notice` sits under the add form, `onOpen` and `onSaved` follow the editing.
 */
export function RecordsSection<T extends { id: string }>({
  title,
  testId,
  addLabel,
  addTestId,
  addClass = buttonClass.smallPrimary,
  empty,
  records,
  form,
  row,
  notice,
  onOpen,
  onSaved,
}: RecordsSectionProps<T> & { addClass?: string; notice?: React.ReactNode; onOpen?: () => void; onSaved?: () => void }) {
  const [editing, setEditing] = useState<string | null>(null);
  const close = useCallback(() => setEditing(null), []);
  const saved = useCallback(() => {
    setEditing(null);
    onSaved?.();
  }, [onSaved]);
  const open = (target: string) => {
    onOpen?.();
    setEditing(target);
  };
  const done = { onClose: close, onSaved: saved };
  return (
    <Section
      title={title}
      count={records.length}
      testId={testId}
      actions={
        editing === 'new' ? null : (
          <button type="button" className={addClass} onClick={() => open('new')} data-testid={addTestId}>
            {addLabel}
          </button>
        )
      }
    >
      {editing === 'new' ? <div className="border-b border-slate-100 p-3">{form(undefined, done)}</div> : null}
      {notice}
      {records.length === 0 && editing !== 'new' ? <Empty>{empty}</Empty> : null}
      <ul className="divide-y divide-slate-100">
        {records.map((r) =>
          editing === r.id ? (
            <li key={r.id} className="p-3">
              {form(r, done)}
            </li>
          ) : (
            row(r, () => open(r.id))
          ),
        )}
      </ul>
    </Section>
  );
}

/** Who is looking at the enterprise file: staff edit it, the enterprise's own admin proposes changes (申请修改). */
export type FileMode = 'staff' | 'owner';

/** A list of the enterprise file (contacts, documents): after an owner's proposal, the note that it was sent. */
export function FileRecordsSection<T extends { id: string }>({ mode, ...props }: RecordsSectionProps<T> & { mode: FileMode }) {
  const { t } = useTranslation();
  const [requested, setRequested] = useState(false);
  const saved = useCallback(() => setRequested(mode === 'owner'), [mode]);
  return (
    <RecordsSection
      {...props}
      addClass={buttonClass.smallSecondary}
      onOpen={() => setRequested(false)}
      onSaved={saved}
      notice={
        requested ? (
          <div className="border-b border-slate-100 p-3" role="status">
            <Notice tone="success">{t('enterprise.changes.requestSent')}</Notice>
          </div>
        ) : null
      }
    />
  );
}

/** An enterprise file record's buttons: edit (or propose an edit), then whatever removes it. */
export function RecordActions({ mode, onEdit, children }: { mode: FileMode; onEdit: () => void; children?: React.ReactNode }) {
  const { t } = useTranslation();
  return (
    <div className="-ml-2 flex items-center gap-1 sm:ml-0">
      <button type="button" className={buttonClass.ghost} onClick={onEdit}>
        {mode === 'staff' ? t('enterprise.common.edit') : t('enterprise.changes.proposeEdit')}
      </button>
      {children}
    </div>
  );
}
