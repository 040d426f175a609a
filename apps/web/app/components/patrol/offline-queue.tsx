import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { useRouteLoaderData } from 'react-router';
import { useTranslation } from 'react-i18next';
import { splitQueue, type QueueEntry, type QueueOwner } from '../../lib/patrol-offline.ts';
import { dropQueued, keepPatrolPagesFor, listQueue, subscribeQueue, syncQueue, type SentEntry } from '../../lib/patrol-offline-store.ts';
import { buttonClass } from '../ui.tsx';

/**
 * Registers the patrol pages' service worker (public/patrol-sw.js, scope /patrol) and hands it what
 * this page loaded before it was in control, so the page opens again without signal (ADR 017) —
 * after the pages kept for someone else are gone (keepPatrolPagesFor).
 */
export function usePatrolServiceWorker(): void {
  const owner = usePatrolOwner();
  useEffect(() => {
    if (!('serviceWorker' in navigator) || !owner) return;
    let cancelled = false;
    void navigator.serviceWorker
      .register('/patrol-sw.js', { scope: '/patrol' })
      .then(() => navigator.serviceWorker.ready)
      .then(async (reg) => {
        await keepPatrolPagesFor(owner).catch(() => {});
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
  }, [owner]);
}

/** The signed-in person and tenant, from the layout's loader: whose entries this page saves and sends. */
export function usePatrolOwner(): QueueOwner | null {
  const me = useRouteLoaderData<{ me: { user: { id: string }; activeTenantId: string | null } }>('routes/shell')?.me;
  const userId = me?.user.id;
  const tenantId = me?.activeTenantId;
  return useMemo(() => (userId && tenantId ? { userId, tenantId } : null), [userId, tenantId]);
}

function subscribeOnline(listener: () => void): () => void {
  window.addEventListener('online', listener);
  window.addEventListener('offline', listener);
  return () => {
    window.removeEventListener('online', listener);
    window.removeEventListener('offline', listener);
  };
}

const RETRY_EVERY_MS = 15_000;

export interface PatrolQueue {
  owner: QueueOwner | null;
  /** Null until the phone's store has been read. */
  entries: QueueEntry[] | null;
  online: boolean;
  sending: boolean;
  sent: SentEntry[];
  sync: (force: boolean) => void;
}

/**
 * The phone's queue as this page sees it, and its one sender: on page load, on `online`, every
 * little while (each entry's own backoff decides) and at once on 重试 or after something is saved.
 * `onSent` is told what went (the round page reloads its ticks).
 */
export function usePatrolQueue(onSent?: (sent: SentEntry[]) => void): PatrolQueue {
  const owner = usePatrolOwner();
  const online = useSyncExternalStore(subscribeOnline, () => navigator.onLine, () => true);
  const [entries, setEntries] = useState<QueueEntry[] | null>(null);
  const [sending, setSending] = useState(false);
  const [sent, setSent] = useState<SentEntry[]>([]);
  const onSentRef = useRef(onSent);
  useEffect(() => {
    onSentRef.current = onSent;
  });

  const reload = useCallback(() => {
    listQueue()
      .then(setEntries)
      .catch(() => setEntries([]));
  }, []);

  const sync = useCallback(
    (force: boolean) => {
      if (!owner || (!navigator.onLine && !force)) return;
      setSending(true);
      syncQueue(owner, force)
        .then((r) => {
          if (!r.sent.length) return;
          setSent((cur) => [...cur, ...r.sent]);
          onSentRef.current?.(r.sent);
        })
        .catch(() => {})
        .finally(() => setSending(false));
    },
    [owner],
  );

  useEffect(() => {
    reload();
    const off = subscribeQueue(reload);
    const up = () => sync(true);
    window.addEventListener('online', up);
    // The first try right after mounting, not inside the effect's own render pass.
    const first = window.setTimeout(() => sync(false), 0);
    const timer = window.setInterval(() => sync(false), RETRY_EVERY_MS);
    return () => {
      off();
      window.clearTimeout(first);
      window.removeEventListener('online', up);
      window.clearInterval(timer);
    };
  }, [reload, sync]);

  return { owner, entries, online, sending, sent, sync };
}

/**
 * 待发送: what this person saved on this phone without signal (findings and round ticks), each with
 * what it is and when it was saved; a refusal with its reason until they remove it; how many
 * entries of another account are held here (not sent, not shown: they are someone else's).
 */
export function OfflineQueue({ queue }: { queue: PatrolQueue }) {
  const { t } = useTranslation();
  const { owner, entries, online, sending, sent, sync } = queue;
  const { waiting, refused, held } = splitQueue(entries ?? [], owner);
  const sentNumbers = sent.flatMap((s) => (s.number ? [s.number] : []));
  const sentChecks = sent.filter((s) => s.kind === 'check').length;
  if (online && !waiting.length && !refused.length && !held.length && !sent.length) return null;

  return (
    <section className="mb-4 rounded-lg border border-amber-300 bg-amber-50 p-3 text-sm" aria-live="polite" data-testid="offline-queue">
      {online ? null : (
        <p className="mb-2 font-medium text-slate-800" role="status" data-testid="offline-now">
          {t('patrolOffline.offlineNow')}
        </p>
      )}
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
              <li key={e.clientId} className="rounded border border-amber-200 bg-white px-2 py-1.5" data-testid="offline-entry" data-kind={e.kind}>
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
              {owner ? (
                <button type="button" className={`${buttonClass.smallDanger} min-h-11 shrink-0`} onClick={() => void dropQueued(e.clientId, owner)}>
                  {t('patrolOffline.dismiss')}
                </button>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
      {held.length ? (
        <p className="mt-2 text-slate-700" data-testid="offline-held">
          {t('patrolOffline.held', { count: held.length })}
        </p>
      ) : null}
      {sent.length ? (
        <p className="mt-2 text-green-800" data-testid="offline-sent">
          {[sentNumbers.length ? t('patrolOffline.sent', { numbers: sentNumbers.join('、') }) : '', sentChecks ? t('patrolOffline.sentChecks', { count: sentChecks }) : ''].filter(Boolean).join(' ')}
        </p>
      ) : null}
    </section>
  );
}
