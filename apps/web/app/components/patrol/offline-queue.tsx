import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { QueuedFindingEntry } from '../../lib/patrol-offline.ts';
import { dropQueuedFinding, listQueuedFindings, subscribeFindingQueue, syncQueuedFindings } from '../../lib/patrol-offline-store.ts';
import { buttonClass } from '../ui.tsx';

/**
 * Registers the patrol pages' service worker (public/patrol-sw.js, scope /patrol) and hands it what
 * this page loaded before it was in control, so the page opens again without signal (ADR 017).
 */
export function usePatrolServiceWorker(): void {
  useEffect(() => {
    if (!('serviceWorker' in navigator)) return;
    let cancelled = false;
    void navigator.serviceWorker
      .register('/patrol-sw.js', { scope: '/patrol' })
      .then(() => navigator.serviceWorker.ready)
      .then((reg) => {
        if (cancelled) return;
        const loaded = performance
          .getEntriesByType('resource')
          .map((e) => e.name)
          .filter((u) => u.startsWith(`${location.origin}/assets/`));
        reg.active?.postMessage({ type: 'cache', urls: [location.href, ...loaded] });
      })
      .catch(() => {});
    return () => {
      cancelled = true;
    };
  }, []);
}

const RETRY_EVERY_MS = 15_000;

/**
 * 待发送: the findings saved on this phone without signal, each with what it is and when it was
 * saved, sent when the connection returns (the `online` event), when the page opens, every little
 * while (each entry's own backoff decides) and at once on 重试. A refusal is shown with its reason
 * until the person removes it.
 */
export function OfflineFindings() {
  const { t } = useTranslation();
  const [entries, setEntries] = useState<QueuedFindingEntry[] | null>(null);
  const [sending, setSending] = useState(false);
  const [sent, setSent] = useState<string[]>([]);

  const reload = useCallback(() => {
    listQueuedFindings()
      .then(setEntries)
      .catch(() => setEntries([]));
  }, []);

  const sync = useCallback((force: boolean) => {
    if (!navigator.onLine && !force) return;
    setSending(true);
    syncQueuedFindings(force)
      .then((r) => r.sent.length && setSent((cur) => [...cur, ...r.sent]))
      .catch(() => {})
      .finally(() => setSending(false));
  }, []);

  useEffect(() => {
    reload();
    const off = subscribeFindingQueue(reload);
    const online = () => sync(true);
    window.addEventListener('online', online);
    // The first try right after mounting, not inside the effect's own render pass.
    const first = window.setTimeout(() => sync(false), 0);
    const timer = window.setInterval(() => sync(false), RETRY_EVERY_MS);
    return () => {
      off();
      window.clearTimeout(first);
      window.removeEventListener('online', online);
      window.clearInterval(timer);
    };
  }, [reload, sync]);

  const waiting = (entries ?? []).filter((e) => !e.refused);
  const refused = (entries ?? []).filter((e) => e.refused);
  if (!waiting.length && !refused.length && !sent.length) return null;

  return (
    <section className="mb-4 rounded-lg border border-amber-300 bg-amber-50 p-3 text-sm" aria-live="polite" data-testid="offline-queue">
      {waiting.length ? (
        <>
          <div className="flex items-center justify-between gap-2">
            <h2 className="font-semibold text-amber-900" data-testid="offline-waiting">
              {t('patrolOffline.waiting', { count: waiting.length })}
            </h2>
            <button type="button" className={`${buttonClass.secondary} min-h-11`} onClick={() => sync(true)} disabled={sending} data-testid="offline-retry">
              {sending ? t('patrolOffline.sending') : t('patrolOffline.retry')}
            </button>
          </div>
          <p className="mt-1 text-xs text-amber-800">{t('patrolOffline.hint')}</p>
          <ul className="mt-2 space-y-1">
            {waiting.map((e) => (
              <li key={e.clientId} className="rounded border border-amber-200 bg-white px-2 py-1.5" data-testid="offline-entry">
                <span className="font-medium">{e.summary}</span>
                <span className="ml-2 text-xs text-slate-500">
                  {t('patrolOffline.savedAt', { time: new Date(e.queuedAt).toLocaleTimeString() })}
                  {e.photos.length ? ` · ${t('patrolOffline.photos', { count: e.photos.length })}` : ''}
                  {e.attempts ? ` · ${t('patrolOffline.attempts', { count: e.attempts })}` : ''}
                </span>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {refused.length ? (
        <ul className="mt-2 space-y-1" role="alert">
          {refused.map((e) => (
            <li key={e.clientId} className="flex items-start justify-between gap-2 rounded border border-red-200 bg-red-50 px-2 py-1.5 text-red-800" data-testid="offline-refused">
              <span>
                <span className="font-medium">{e.summary}</span> — {t('patrolOffline.refused', { reason: e.refused })}
              </span>
              <button type="button" className={`${buttonClass.smallDanger} min-h-11 shrink-0`} onClick={() => void dropQueuedFinding(e.clientId)}>
                {t('patrolOffline.dismiss')}
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      {sent.length ? (
        <p className="mt-2 text-green-800" data-testid="offline-sent">
          {t('patrolOffline.sent', { numbers: sent.join('、') })}
        </p>
      ) : null}
    </section>
  );
}
