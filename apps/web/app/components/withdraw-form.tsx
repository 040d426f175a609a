import { useEffect, useId, useRef, useState } from 'react';
import type { FetcherWithComponents } from 'react-router';
import { buttonClass, FieldError, FormError, inputClass } from './ui.tsx';

/**
 * Withdrawing (an item, an agency case) cannot be undone, so it sits behind a quiet button that
 * unfolds a red-edged form: an optional note, focused on opening, then cancel or the red submit.
 * `hidden` are the inputs that say what is withdrawn and how.
 */
export function WithdrawForm({
  fetcher,
  hidden,
  labels,
  explain,
  noteError,
  formError,
  openTestId,
  formTestId,
}: {
  fetcher: FetcherWithComponents<unknown>;
  hidden: Record<string, string | number>;
  labels: { open: string; note: string; cancel: string; submit: string };
  explain?: string;
  noteError?: string | undefined;
  formError?: string | null | undefined;
  openTestId: string;
  formTestId?: string;
}) {
  const [open, setOpen] = useState(false);
  const boxRef = useRef<HTMLTextAreaElement>(null);
  const id = useId();
  useEffect(() => {
    if (open) boxRef.current?.focus();
  }, [open]);
  if (!open) {
    return (
      <div className="text-right">
        <button type="button" className={buttonClass.ghost} onClick={() => setOpen(true)} data-testid={openTestId}>
          {labels.open}
        </button>
      </div>
    );
  }
  return (
    <fetcher.Form method="post" className="space-y-2 rounded-md border border-red-200 bg-white p-3" noValidate data-testid={formTestId}>
      {Object.entries(hidden).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      {explain ? <p className="text-sm text-slate-700">{explain}</p> : null}
      <label htmlFor={id} className="block text-sm font-medium text-slate-700">
        {labels.note}
      </label>
      <textarea id={id} ref={boxRef} name="note" rows={2} maxLength={5000} className={inputClass} aria-invalid={Boolean(noteError)} aria-describedby={noteError ? `${id}-error` : undefined} />
      <FieldError id={`${id}-error`} error={noteError} className="" />
      {formError ? <FormError>{formError}</FormError> : null}
      <div className="flex justify-end gap-2">
        <button type="button" className={buttonClass.ghost} onClick={() => setOpen(false)}>
          {labels.cancel}
        </button>
        <button type="submit" className={buttonClass.danger} disabled={fetcher.state !== 'idle'}>
          {labels.submit}
        </button>
      </div>
    </fetcher.Form>
  );
}
