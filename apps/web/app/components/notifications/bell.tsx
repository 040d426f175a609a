import { useEffect, useRef, useSyncExternalStore } from 'react';
import { Link, useFetchers, useNavigation } from 'react-router';
import { useTranslation } from 'react-i18next';

const POLL_MS = 15_000;

/**
 * The unread count as a small store outside React: polled from /inbox/count while a bell is
 * mounted — every 15 s when the tab is visible, and at once when the window gets focus.
 */
const unreadStore = (() => {
  let count: number | null = null;
  let controller: AbortController | null = null;
  let timer: ReturnType<typeof setInterval> | undefined;
  const listeners = new Set<() => void>();

  async function refresh() {
    controller?.abort();
    const ctrl = new AbortController();
    controller = ctrl;
    try {
      const res = await fetch('/inbox/count', { headers: { accept: 'application/json' }, signal: ctrl.signal });
      if (!res.ok) return;
      const body = (await res.json()) as { count?: unknown };
      if (typeof body.count === 'number' && body.count !== count) {
        count = body.count;
        for (const l of listeners) l();
      }
    } catch {
      // Offline or aborted: keep the last count; the next tick tries again.
    }
  }
  const onFocus = () => void refresh();
  const onVisible = () => {
    if (document.visibilityState === 'visible') void refresh();
  };

  function subscribe(listener: () => void) {
    listeners.add(listener);
    if (listeners.size === 1) {
      void refresh();
      timer = setInterval(onVisible, POLL_MS);
      window.addEventListener('focus', onFocus);
      document.addEventListener('visibilitychange', onVisible);
    }
    return () => {
      listeners.delete(listener);
      if (listeners.size === 0) {
        clearInterval(timer);
        window.removeEventListener('focus', onFocus);
        document.removeEventListener('visibilitychange', onVisible);
        controller?.abort();
      }
    };
  }
  return { subscribe, refresh, get: () => count };
})();

function useUnreadCount(): number | null {
  const count = useSyncExternalStore(unreadStore.subscribe, unreadStore.get, () => null);
  // After any navigation or form submission settles (marking messages read, say), count again.
  const navigation = useNavigation();
  const fetchers = useFetchers();
  const busy = navigation.state !== 'idle' || fetchers.some((f) => f.state !== 'idle');
  const wasBusy = useRef(false);
  useEffect(() => {
    if (wasBusy.current && !busy) void unreadStore.refresh();
    wasBusy.current = busy;
  }, [busy]);
  return count;
}

/** The top bar's bell: unread messages at a glance, a link to the inbox. */
export function Bell() {
  const { t } = useTranslation();
  const count = useUnreadCount();
  const unread = count ?? 0;
  const label = unread > 0 ? t('notifications.bell.unread', { count: unread }) : t('notifications.bell.none');
  return (
    <Link
      to="/inbox"
      className="relative inline-flex size-9 items-center justify-center rounded-full text-slate-600 hover:bg-slate-100 hover:text-slate-900"
      aria-label={label}
      title={label}
      data-testid="bell"
    >
      <svg viewBox="0 0 24 24" className="size-5" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" strokeLinejoin="round" aria-hidden="true">
        <path d="M6 8a6 6 0 1 1 12 0c0 7 3 9 3 9H3s3-2 3-9" />
        <path d="M10.3 21a1.94 1.94 0 0 0 3.4 0" />
      </svg>
      <span
        className={`absolute -top-0.5 -right-0.5 min-w-[1.125rem] rounded-full bg-red-600 px-1 text-center text-[11px] leading-[1.125rem] font-semibold text-white tabular-nums ring-2 ring-white ${unread > 0 ? '' : 'hidden'}`}
        data-testid="bell-count"
        data-count={count ?? ''}
        aria-hidden="true"
      >
        {unread > 99 ? '99+' : unread}
      </span>
    </Link>
  );
}
