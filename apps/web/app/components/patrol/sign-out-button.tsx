import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { splitQueue, type QueueOwner } from '../../lib/patrol-offline.ts';
import { dropQueued, forgetPatrolPages, keepPatrolPagesFor, listQueue, syncQueue } from '../../lib/patrol-offline-store.ts';
import { buttonClass } from '../ui.tsx';

async function mineUnsent(owner: QueueOwner | null): Promise<number> {
  if (!owner || typeof indexedDB === 'undefined') return 0;
  const { waiting, refused } = splitQueue(await listQueue().catch(() => []), owner);
  return waiting.length + refused.length;
}

/**
 * 退出登录, aware of the patrol queue on this phone (ADR 017): with nothing of this person's
 * waiting it signs out at once (the kept patrol pages, which show their rounds, are dropped). With
 * something waiting it asks first: send now, keep it on this phone (sent when they sign in here
 * again; held, never sent, while anyone else is signed in) or delete it. Without JavaScript it is
 * the plain form.
 */
export function SignOutButton({ owner, className }: { owner: QueueOwner | null; className: string }) {
  const { t } = useTranslation();
  const formRef = useRef<HTMLFormElement>(null);
  const [unsent, setUnsent] = useState(0);
  const [busy, setBusy] = useState(false);

  // The pages kept for offline use belong to one person: another one signed in, they go.
  useEffect(() => {
    if (owner && navigator.onLine) void keepPatrolPagesFor(owner).catch(() => {});
  }, [owner]);

  const leave = async (drop: boolean) => {
    setBusy(true);
    try {
      if (drop && owner) {
        const { waiting, refused } = splitQueue(await listQueue(), owner);
        for (const e of [...waiting, ...refused]) await dropQueued(e.clientId, owner);
      }
      await forgetPatrolPages();
    } catch {
      /* signing out goes on: the queue and pages stay as they were */
    }
    formRef.current?.submit();
  };

  const sendFirst = async () => {
    if (!owner) return;
    setBusy(true);
    const { waiting } = await syncQueue(owner, true).catch(() => ({ waiting: unsent }));
    const left = await mineUnsent(owner);
    setBusy(false);
    if (!left && !waiting) void leave(false);
    else setUnsent(left);
  };

  return (
    <div className="relative">
      <form
        ref={formRef}
        method="post"
        action="/sign-out"
        onSubmit={(e) => {
          e.preventDefault();
          void mineUnsent(owner).then((n) => (n ? setUnsent(n) : leave(false)));
        }}
      >
        <button type="submit" className={className} data-testid="sign-out">
          {t('shell.signOut')}
        </button>
      </form>
      {unsent ? (
        <div role="alertdialog" aria-labelledby="sign-out-unsent" className="absolute right-0 z-30 mt-2 w-72 max-w-[90vw] space-y-2 rounded-lg border border-amber-300 bg-white p-3 text-sm shadow-lg" data-testid="sign-out-unsent">
          <p id="sign-out-unsent" className="font-medium text-amber-900">
            {t('patrolOffline.signOut.unsent', { count: unsent })}
          </p>
          <p className="text-slate-600">{t('patrolOffline.signOut.explain')}</p>
          <button type="button" className={`${buttonClass.primary} min-h-11 w-full`} disabled={busy} onClick={() => void sendFirst()} data-testid="sign-out-send">
            {busy ? t('patrolOffline.sending') : t('patrolOffline.signOut.send')}
          </button>
          <button type="button" className={`${buttonClass.secondary} min-h-11 w-full`} disabled={busy} onClick={() => void leave(false)} data-testid="sign-out-keep">
            {t('patrolOffline.signOut.keep')}
          </button>
          <button type="button" className={`${buttonClass.smallDanger} min-h-11 w-full`} disabled={busy} onClick={() => void leave(true)} data-testid="sign-out-discard">
            {t('patrolOffline.signOut.discard', { count: unsent })}
          </button>
          <button type="button" className="min-h-11 w-full text-slate-600" disabled={busy} onClick={() => setUnsent(0)}>
            {t('patrolOffline.signOut.cancel')}
          </button>
        </div>
      ) : null}
    </div>
  );
}
