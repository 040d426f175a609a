/**
 * The phone's queue of round checks (巡查打卡). A tick is kept on the device first and sent
 * from there — at once when there is signal, or when it returns (basements, stairwells) — under
 * the client id it got when it was made, so sending it again (a retry, a reload) records it once
 * (patrolRound.check is idempotent by client id). localStorage survives a reload; nothing in it is
 * personal beyond what the page showed.
 */

export interface QueuedFinding {
  category: string;
  tier: 'red' | 'yellow' | 'blue';
  description: string;
  location: string;
}

export interface QueuedCheck {
  roundId: string;
  clientId: string;
  buildingId: string;
  floor: string;
  pointId: string;
  result: 'ok' | 'finding';
  finding?: QueuedFinding;
  queuedAt: string;
}

const STORAGE_KEY = 'sd-patrol-checks';

export const checkKey = (c: { buildingId: string; floor: string; pointId: string }) => `${c.buildingId}:${c.floor}:${c.pointId}`;

/** The queue as stored (a string: a stable snapshot for useSyncExternalStore); '[]' on the server. */
export function queueSnapshot(): string {
  return window.localStorage.getItem(STORAGE_KEY) ?? '[]';
}

export function parseQueue(raw: string): QueuedCheck[] {
  try {
    const list = JSON.parse(raw) as unknown;
    return Array.isArray(list) ? (list as QueuedCheck[]) : [];
  } catch {
    return [];
  }
}

export function readQueue(): QueuedCheck[] {
  return parseQueue(queueSnapshot());
}

const listeners = new Set<() => void>();

/** Told of every change of the queue: this page's own and another tab's. */
export function subscribeQueue(listener: () => void): () => void {
  listeners.add(listener);
  window.addEventListener('storage', listener);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('storage', listener);
  };
}

function writeQueue(list: QueuedCheck[]): void {
  window.localStorage.setItem(STORAGE_KEY, JSON.stringify(list));
  for (const l of listeners) l();
}

/** Whether the phone believes it has a connection (it may be wrong the other way: a send still fails). */
export function subscribeOnline(listener: () => void): () => void {
  window.addEventListener('online', listener);
  window.addEventListener('offline', listener);
  return () => {
    window.removeEventListener('online', listener);
    window.removeEventListener('offline', listener);
  };
}

export function enqueueCheck(c: Omit<QueuedCheck, 'clientId' | 'queuedAt'>): QueuedCheck {
  const entry: QueuedCheck = { ...c, clientId: crypto.randomUUID(), queuedAt: new Date().toISOString() };
  writeQueue([...readQueue(), entry]);
  return entry;
}

export function dropQueued(clientId: string): void {
  writeQueue(readQueue().filter((c) => c.clientId !== clientId));
}

/** What became of one send: recorded, to try again later (no signal, signed out), or refused for good (the reason). */
export type SendOutcome = { sent: true } | { retry: true } | { refused: string };

/** Sends one queued check to its round's check route. */
export async function sendCheck(c: QueuedCheck): Promise<SendOutcome> {
  const body = new FormData();
  for (const [k, v] of Object.entries({ clientId: c.clientId, buildingId: c.buildingId, floor: c.floor, pointId: c.pointId, result: c.result })) body.set(k, v);
  if (c.finding) for (const [k, v] of Object.entries(c.finding)) body.set(k, v);
  let res: Response;
  try {
    res = await fetch(`/patrol/rounds/${c.roundId}/check`, { method: 'POST', body, credentials: 'same-origin' });
  } catch {
    return { retry: true };
  }
  if (res.ok) return { sent: true };
  // Signed out, or the server briefly away: kept for later. Anything else will not change by retrying.
  if (res.status === 401 || res.status >= 500) return { retry: true };
  const answer = (await res.json().catch(() => ({}))) as { error?: string };
  return { refused: answer.error ?? res.statusText };
}
