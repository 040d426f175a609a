import { afterAttempt, classifyAnswer, isDue, type Answer, type QueuedFindingEntry, type QueuedFindingFields } from './patrol-offline.ts';

/**
 * The device side of the offline queue (ADR 017): findings saved without signal are kept in
 * IndexedDB (fields, the shrunk photos as blobs, the client id) and sent from here — photos first,
 * each remembered by its file id as soon as it is stored, then patrolFinding.create under the
 * client id as idempotency key, so a send cut off halfway and sent again creates one finding.
 * Browser only: nothing here runs at import time.
 */

const DB_NAME = 'stationdesk-patrol';
const STORE = 'findings';
const CHANNEL = 'sd-patrol-offline';

function openDb(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(DB_NAME, 1);
    req.onupgradeneeded = () => req.result.createObjectStore(STORE, { keyPath: 'clientId' });
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('indexedDB.open failed'));
  });
}

async function inStore<T>(mode: IDBTransactionMode, fn: (store: IDBObjectStore) => IDBRequest<T> | null): Promise<T | undefined> {
  const db = await openDb();
  try {
    return await new Promise<T | undefined>((resolve, reject) => {
      const tx = db.transaction(STORE, mode);
      const req = fn(tx.objectStore(STORE));
      tx.oncomplete = () => resolve(req?.result);
      tx.onerror = () => reject(tx.error ?? new Error('indexedDB transaction failed'));
      tx.onabort = () => reject(tx.error ?? new Error('indexedDB transaction aborted'));
    });
  } finally {
    db.close();
  }
}

const listeners = new Set<() => void>();
let channel: BroadcastChannel | null = null;

function changed(): void {
  for (const l of listeners) l();
  channel?.postMessage('changed');
}

/** Told of every change of the queue, this page's own and another tab's. */
export function subscribeFindingQueue(listener: () => void): () => void {
  if (!channel && typeof BroadcastChannel !== 'undefined') {
    channel = new BroadcastChannel(CHANNEL);
    channel.onmessage = () => {
      for (const l of listeners) l();
    };
  }
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export async function listQueuedFindings(): Promise<QueuedFindingEntry[]> {
  const all = (await inStore<QueuedFindingEntry[]>('readonly', (s) => s.getAll() as IDBRequest<QueuedFindingEntry[]>)) ?? [];
  return all.sort((a, b) => a.queuedAt.localeCompare(b.queuedAt));
}

async function put(entry: QueuedFindingEntry): Promise<void> {
  await inStore('readwrite', (s) => s.put(entry));
  changed();
}

export async function dropQueuedFinding(clientId: string): Promise<void> {
  await inStore('readwrite', (s) => s.delete(clientId));
  changed();
}

/** Keeps a finding on the phone to be sent later; its clientId becomes the idempotency key. */
export async function queueFinding(clientId: string, fields: QueuedFindingFields, photos: QueuedFindingEntry['photos'], summary: string): Promise<void> {
  const now = new Date().toISOString();
  await put({ clientId, fields, summary, photos, queuedAt: now, attempts: 0, nextAttemptAt: now, refused: null });
}

async function post(url: string, init: RequestInit): Promise<{ status: number | null; body: unknown }> {
  try {
    const res = await fetch(url, { ...init, method: 'POST', credentials: 'same-origin', cache: 'no-store' });
    return { status: res.status, body: await res.json().catch(() => null) };
  } catch {
    return { status: null, body: null };
  }
}

const messageOf = (body: unknown): string | null => {
  const error = (body as { error?: { message?: unknown } } | null)?.error;
  return typeof error?.message === 'string' ? error.message : null;
};

/** One attempt at one entry: the photos still on the phone, then the finding. */
async function attempt(entry: QueuedFindingEntry): Promise<{ answer: Answer; entry: QueuedFindingEntry; number?: string }> {
  let current = entry;
  for (let i = 0; i < current.photos.length; i++) {
    const photo = current.photos[i]!;
    if (!('blob' in photo)) continue;
    const { status, body } = await post('/api/files?purpose=patrol_photo', { body: photo.blob, headers: { 'x-file-name': encodeURIComponent(photo.name) } });
    const answer = classifyAnswer(status, messageOf(body));
    const id = (body as { id?: unknown } | null)?.id;
    if (answer.kind !== 'done' || typeof id !== 'string') return { answer: answer.kind === 'done' ? { kind: 'retry' } : answer, entry: current };
    // Remembered at once: a later attempt does not upload it again.
    current = { ...current, photos: current.photos.map((p, j) => (j === i ? { fileId: id } : p)) };
    await put(current);
  }
  const f = current.fields;
  const { status, body } = await post('/api/trpc/patrolFinding.create', {
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      buildingId: f.buildingId,
      floor: f.floor,
      location: f.location,
      enterpriseId: f.enterpriseId || null,
      category: f.category,
      tier: f.tier,
      description: f.description,
      photoFileIds: current.photos.flatMap((p) => ('fileId' in p ? [p.fileId] : [])),
      idempotencyKey: current.clientId,
    }),
  });
  const number = (body as { result?: { data?: { number?: unknown } } } | null)?.result?.data?.number;
  return { answer: classifyAnswer(status, messageOf(body)), entry: current, ...(typeof number === 'string' ? { number } : {}) };
}

export interface SyncResult {
  sent: string[];
  waiting: number;
}

let running: Promise<SyncResult> | null = null;

async function syncNow(force: boolean): Promise<SyncResult> {
  const sent: string[] = [];
  for (const entry of await listQueuedFindings()) {
    if (!isDue(entry, new Date(), force)) continue;
    const { answer, entry: after, number } = await attempt(entry);
    const next = afterAttempt(after, answer, new Date());
    if (next) await put(next);
    else {
      await dropQueuedFinding(entry.clientId);
      if (number) sent.push(number);
    }
  }
  const waiting = (await listQueuedFindings()).filter((e) => !e.refused).length;
  return { sent, waiting };
}

/**
 * Sends what is due (everything not refused when `force`, the 重试 button). One sync at a time per
 * page, and across tabs through a Web Lock where the browser has them; a second call while one runs
 * gets that one's result. Each finding still goes out under its own key, so overlap could not
 * duplicate it either.
 */
export function syncQueuedFindings(force = false): Promise<SyncResult> {
  running ??= (async () => {
    try {
      return typeof navigator !== 'undefined' && 'locks' in navigator ? await navigator.locks.request('sd-patrol-offline-sync', () => syncNow(force)) : await syncNow(force);
    } finally {
      running = null;
    }
  })();
  return running;
}
