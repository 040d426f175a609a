import { useCallback, useEffect, useRef, useState } from 'react';
import { useFetcher, type FetcherWithComponents } from 'react-router';
import { useTranslation } from 'react-i18next';
import { failureOf, type ActionFailure, type ActionResult } from '../lib/action-result.ts';
import { useSavedKey } from './flash.tsx';
import { buttonClass, FormError } from './ui.tsx';

/**
 * The one form convention on the page side (see lib/action-result.ts): a form posts to its
 * page's action; a save redirects with the flash, so the form learns of it by the flash
 * (useOnSuccess, useSavedKey); a refusal comes back as an ActionFailure whose field errors go
 * under their fields (Field's `error`) and whose sentence FormErrors shows.
 */

/** A refused form's sentence: the reasons that sit at no field of the form. */
export function FormErrors({ failure, testId }: { failure: ActionFailure | null | undefined; testId?: string }) {
  if (!failure?.error) return null;
  return (
    <div data-testid={testId}>
      <FormError>{failure.error}</FormError>
    </div>
  );
}

/**
 * Calls `onSuccess` once per save through the fetcher: the action redirected with its flash (the
 * layout's confirmation changed while this fetcher was out), or answered `ok`.
 */
export function useOnSuccess(fetcher: FetcherWithComponents<ActionResult | undefined>, onSuccess: () => void) {
  const saved = useSavedKey();
  const sentWith = useRef<string | null>(null);
  const handled = useRef<unknown>(null);
  useEffect(() => {
    if (fetcher.state === 'submitting') sentWith.current = saved;
    if (fetcher.state !== 'idle' || !fetcher.data || handled.current === fetcher.data) return;
    handled.current = fetcher.data;
    sentWith.current = null;
    if (fetcher.data.ok) onSuccess();
  }, [fetcher.state, fetcher.data, saved, onSuccess]);
  useEffect(() => {
    if (sentWith.current === null || sentWith.current === saved) return;
    sentWith.current = null;
    onSuccess();
  }, [saved, onSuccess]);
}

/** The refusal the fetcher's last answer holds (none while it is out): its field errors go under the fields. */
export function fetcherFailure(fetcher: FetcherWithComponents<ActionResult | undefined>, form?: string): ActionFailure | null {
  return fetcher.state === 'idle' ? failureOf(fetcher.data, form) : null;
}

/**
 * A form that opens in place (add / edit a contact, a document, a proposal): posts to the page's
 * action through its own fetcher, shows the answer's errors, closes itself on success and on Esc.
 */
export function InlineForm({
  action,
  intent,
  hidden,
  title,
  submitLabel,
  onClose,
  onSaved,
  busy = false,
  children,
  testId,
}: {
  action?: string;
  intent: string;
  hidden?: Record<string, string | undefined>;
  title: string;
  submitLabel?: string;
  onClose: () => void;
  /** Called instead of `onClose` after a successful save. */
  onSaved?: () => void;
  /** Something else is still working (an upload): saving waits for it. */
  busy?: boolean;
  children: (fetcher: FetcherWithComponents<ActionResult | undefined>) => React.ReactNode;
  testId?: string;
}) {
  const { t } = useTranslation();
  const fetcher = useFetcher<ActionResult>();
  useOnSuccess(fetcher, onSaved ?? onClose);
  const saving = fetcher.state !== 'idle';
  return (
    <fetcher.Form
      method="post"
      action={action}
      className="space-y-3 rounded-md border border-brand-100 bg-brand-50/40 p-3 sm:p-4"
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.stopPropagation();
          onClose();
        }
      }}
      aria-label={title}
      data-testid={testId}
      noValidate
    >
      <input type="hidden" name="intent" value={intent} />
      {Object.entries(hidden ?? {}).map(([k, v]) => (v === undefined ? null : <input key={k} type="hidden" name={k} value={v} />))}
      <div className="text-sm font-medium text-slate-900">{title}</div>
      {children(fetcher)}
      <FormErrors failure={fetcherFailure(fetcher)} />
      <div className="flex flex-wrap items-center justify-end gap-2">
        <button type="button" className={buttonClass.secondary} onClick={onClose}>
          {t('enterprise.common.cancel')}
        </button>
        <button type="submit" className={buttonClass.primary} disabled={saving || busy}>
          {saving ? t('enterprise.common.saving') : (submitLabel ?? t('enterprise.common.save'))}
        </button>
      </div>
    </fetcher.Form>
  );
}

/**
 * A destructive action that asks once more in place ("确认删除？") rather than in a browser
 * dialog; works without scripts as a plain POST.
 */
export function ConfirmAction({
  action,
  intent,
  hidden,
  label,
  confirmLabel,
  question,
  className = buttonClass.smallDanger,
}: {
  action?: string;
  intent: string;
  hidden: Record<string, string>;
  label: string;
  confirmLabel: string;
  question: string;
  className?: string;
}) {
  const { t } = useTranslation();
  const fetcher = useFetcher<ActionResult>();
  const [asking, setAsking] = useState(false);
  const stopAsking = useCallback(() => setAsking(false), []);
  // A removal takes the row away; a request for one leaves it, so the question closes itself.
  useOnSuccess(fetcher, stopAsking);
  const error = fetcherFailure(fetcher)?.error;
  if (!asking) {
    return (
      <span className="inline-flex flex-col items-end gap-1">
        <button type="button" className={className} onClick={() => setAsking(true)}>
          {label}
        </button>
        {error ? <span className="text-xs text-red-600">{error}</span> : null}
      </span>
    );
  }
  return (
    <fetcher.Form
      method="post"
      action={action}
      className="inline-flex flex-wrap items-center gap-2 rounded-md bg-red-50 px-2 py-1"
      onKeyDown={(e) => {
        if (e.key === 'Escape') setAsking(false);
      }}
    >
      <input type="hidden" name="intent" value={intent} />
      {Object.entries(hidden).map(([k, v]) => (
        <input key={k} type="hidden" name={k} value={v} />
      ))}
      <span className="text-xs text-red-800">{question}</span>
      <button type="submit" className={`${buttonClass.smallPrimary} bg-red-600 hover:bg-red-700`} disabled={fetcher.state !== 'idle'} autoFocus>
        {confirmLabel}
      </button>
      <button type="button" className={buttonClass.smallSecondary} onClick={() => setAsking(false)}>
        {t('enterprise.common.cancel')}
      </button>
    </fetcher.Form>
  );
}
