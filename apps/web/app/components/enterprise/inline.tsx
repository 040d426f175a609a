import { useCallback, useEffect, useRef, useState } from 'react';
import { useFetcher, type FetcherWithComponents } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { FormResult } from '../../lib/enterprise-types.ts';
import { useSavedKey } from '../flash.tsx';
import { buttonClass, FormError } from '../ui.tsx';

/**
 * Calls `onSuccess` once per save through the fetcher: the action redirected with its flash (the
 * layout's confirmation changed while this fetcher was out), or answered `ok`.
 */
export function useOnSuccess<T extends { ok: boolean }>(fetcher: FetcherWithComponents<T | undefined>, onSuccess: () => void) {
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

export function fieldErrorsOf(fetcher: FetcherWithComponents<FormResult | undefined>): Record<string, string> {
  return fetcher.data && !fetcher.data.ok ? fetcher.data.fieldErrors : {};
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
  children: (fetcher: FetcherWithComponents<FormResult | undefined>) => React.ReactNode;
  testId?: string;
}) {
  const { t } = useTranslation();
  const fetcher = useFetcher<FormResult>();
  useOnSuccess(fetcher, onSaved ?? onClose);
  const saving = fetcher.state !== 'idle';
  const error = fetcher.data && !fetcher.data.ok ? fetcher.data.error : null;
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
      {error ? <FormError>{error}</FormError> : null}
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
  const fetcher = useFetcher<FormResult>();
  const [asking, setAsking] = useState(false);
  const stopAsking = useCallback(() => setAsking(false), []);
  // A removal takes the row away; a request for one leaves it, so the question closes itself.
  useOnSuccess(fetcher, stopAsking);
  const error = fetcher.data && !fetcher.data.ok ? fetcher.data.error : null;
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
