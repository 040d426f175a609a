import { useState } from 'react';
import { Link, useFetchers, useLocation, useNavigation, useRouteLoaderData } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { Flash } from '../lib/flash.ts';

/** The confirmation the layout loaded with this page (the last action's), if any. */
export function useFlash(): Flash | null {
  return useRouteLoaderData<{ flash: Flash | null }>('routes/shell')?.flash ?? null;
}

/**
 * Changes each time `form` is saved (any form, when none is named): a form keyed by it starts
 * afresh, and a folded one closes, after its save, since a redirect leaves no action data to
 * react to. Saving another form leaves it as it was.
 */
export function useSavedKey(form?: string): string {
  const flash = useFlash();
  const mine = flash && (form === undefined || flash.form === form) ? flash.id : null;
  const [last, setLast] = useState(mine ?? 'none');
  if (mine && mine !== last) setLast(mine);
  return mine ?? last;
}

/** A form is being sent (a page post or a fetcher's), not a page read. */
function useSubmitting(): boolean {
  const navigation = useNavigation();
  const fetchers = useFetchers();
  const posting = (method: string | undefined) => method !== undefined && method.toUpperCase() !== 'GET';
  return (navigation.state === 'submitting' && posting(navigation.formMethod)) || fetchers.some((f) => f.state === 'submitting' && posting(f.formMethod));
}

/**
 * The confirmation, shown once: on the page the action redirected to, gone after the next
 * navigation (the layout's data outlives a navigation between its pages, so the page it was shown
 * on is remembered), as soon as another form is sent (its answer is the news now — a refusal must
 * not stand beside the last success) or when dismissed. It floats at the bottom so it is seen
 * wherever the form was.
 */
export function FlashMessage() {
  const { t } = useTranslation();
  const flash = useFlash();
  const location = useLocation();
  const submitting = useSubmitting();
  const [shownOn, setShownOn] = useState<{ id: string; key: string } | null>(null);
  const [dismissed, setDismissed] = useState<string | null>(null);
  if (flash && shownOn?.id !== flash.id) setShownOn({ id: flash.id, key: location.key });
  if (flash && submitting && dismissed !== flash.id) setDismissed(flash.id);
  if (!flash || dismissed === flash.id || (shownOn?.id === flash.id && shownOn.key !== location.key)) return null;
  return (
    <div className="pointer-events-none fixed inset-x-0 bottom-4 z-40 flex justify-center px-4 sm:justify-end print:hidden">
      <div role="status" className="pointer-events-auto flex max-w-md items-start gap-3 rounded-md border border-green-200 bg-green-50 px-4 py-3 text-sm text-green-900 shadow-lg" data-testid="flash">
        <p className="min-w-0 break-words" data-testid="flash-message">
          {flash.message}
          {flash.link ? (
            <Link to={flash.link.href} className="ml-2 font-medium underline">
              {flash.link.label}
            </Link>
          ) : null}
        </p>
        <button type="button" className="-my-1 shrink-0 rounded px-1.5 text-green-800 hover:bg-green-100" aria-label={t('shell.dismiss')} onClick={() => setDismissed(flash.id)}>
          ×
        </button>
      </div>
    </div>
  );
}
