import {
  afterAttempt,
  checkInput,
  classifyAnswer,
  entriesToSend,
  findingInput,
  isMine,
  type Answer,
  type QueuedCheckEntry,
  type QueuedFindingEntry,
  type QueueEntry,
  type QueueOwner,
} from './patrol-offline.ts';

/**
 * The device side of the offline queue (ADR 017): findings and round ticks saved without signal
 * are kept in one IndexedDB store (fields, the shrunk photos as blobs, the client id, who saved
 * them) and sent from here by one sender — photos first, each remembered by its file id as soon as
 * it is stored, then patrolFinding.create or patrolRound.check under the entry's client id, so a
 * send cut off halfway and sent again records it once. Only the signed-in person's entries are
 * sent. Browser only: nothing here runs at import time.
 */

const DB_NAME = 'stationdesk-patrol';
const STORE = 'queue';
const CHANNEL = 'sd-patrol-offline';

function openDb(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(DB_NAME, 2);
    req.onupgradeneeded = () => {
      const db = req.result;
      // Version 1 kept findings without their owner (never released); they cannot be sent safely.
      if (db.objectStoreNames.contains('findings')) db.deleteObjectStore('findings');
      if (!db.objectStoreNames.contains(STORE)) db.createObjectStore(STORE, { keyPath: 'clientId' });
    };
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
export function subscribeQueue(listener: () => void): () => void {
  if (!channel && typeof BroadcastChannel !== 'undefined') {
    channel = new BroadcastChannel(CHANNEL);
    channel.onmessage = () => {
      for (const l of listeners) l();
    };
  }
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Every entry on the phone, whoever saved it, oldest first. */
export async function listQueue(): Promise<QueueEntry[]> {
  const all = (await inStore<QueueEntry[]>('readonly', (s) => s.getAll() as IDBRequest<QueueEntry[]>)) ?? [];
  return all.sort((a, b) => a.queuedAt.localeCompare(b.queuedAt));
}

async function put(entry: QueueEntry): Promise<void> {
  await inStore('readwrite', (s) => s.put(entry));
  changed();
}

/** Removes one entry of the signed-in person (a refusal they read, or their own choice on signing out). */
export async function dropQueued(clientId: string, owner: QueueOwner): Promise<void> {
  const entry = await inStore<QueueEntry>('readonly', (s) => s.get(clientId) as IDBRequest<QueueEntry>);
  if (!entry || !isMine(entry, owner)) return;
  await inStore('readwrite', (s) => s.delete(clientId));
  changed();
}

const fresh = (now: string) => ({ queuedAt: now, attempts: 0, nextAttemptAt: now, refused: null });

/** Keeps a finding on the phone to be sent later; its clientId becomes the idempotency key. */
export async function queueFinding(e: Pick<QueuedFindingEntry, 'clientId' | 'owner' | 'fields' | 'photos' | 'summary'>): Promise<void> {
  await put({ kind: 'finding', ...e, ...fresh(new Date().toISOString()) });
}

/** Keeps a round's tick (OK, or a finding with its photos) on the phone; its clientId is the check's. */
export async function queueCheck(e: Omit<QueuedCheckEntry, 'kind' | 'queuedAt' | 'attempts' | 'nextAttemptAt' | 'refused'>): Promise<void> {
  await put({ kind: 'check', ...e, ...fresh(new Date().toISOString()) });
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

export interface SentEntry {
  kind: QueueEntry['kind'];
  /** The finding's number when the server answered one (patrolFinding.create). */
  number: string | null;
  roundId: string | null;
}

/** One attempt at one entry: the photos still on the phone, then the finding or the check. */
async function attempt(entry: QueueEntry): Promise<{ answer: Answer; entry: QueueEntry; number: string | null }> {
  let current = entry;
  for (let i = 0; i < current.photos.length; i++) {
    const photo = current.photos[i]!;
    if (!('blob' in photo)) continue;
    const { status, body } = await post('/api/files?purpose=patrol_photo', { body: photo.blob, headers: { 'x-file-name': encodeURIComponent(photo.name) } });
    const answer = classifyAnswer(status, messageOf(body));
    const id = (body as { id?: unknown } | null)?.id;
    if (answer.kind !== 'done' || typeof id !== 'string') return { answer: answer.kind === 'done' ? { kind: 'retry' } : answer, entry: current, number: null };
    // Remembered at once: a later attempt does not upload it again.
    current = { ...current, photos: current.photos.map((p, j) => (j === i ? { fileId: id } : p)) };
    await put(current);
  }
  const fileIds = current.photos.flatMap((p) => ('fileId' in p ? [p.fileId] : []));
  const [procedure, input] = current.kind === 'finding' ? ['patrolFinding.create', findingInput(current, fileIds)] : ['patrolRound.check', checkInput(current, fileIds)];
  const { status, body } = await post(`/api/trpc/${procedure}`, { headers: { 'content-type': 'application/json' }, body: JSON.stringify(input) });
  const number = (body as { result?: { data?: { number?: unknown } } } | null)?.result?.data?.number;
  return { answer: classifyAnswer(status, messageOf(body)), entry: current, number: typeof number === 'string' ? number : null };
}

export interface SyncResult {
  sent: SentEntry[];
  /** The signed-in person's entries still waiting (refused ones not counted). */
  waiting: number;
}

let running: Promise<SyncResult> | null = null;
let following: Promise<SyncResult> | null = null;

async function syncNow(owner: QueueOwner, force: boolean): Promise<SyncResult> {
  const sent: SentEntry[] = [];
  for (const entry of entriesToSend(await listQueue(), owner, new Date(), force)) {
    const { answer, entry: after, number } = await attempt(entry);
    const next = afterAttempt(after, answer, new Date());
    if (next) await put(next);
    else {
      await inStore('readwrite', (s) => s.delete(entry.clientId));
      changed();
      sent.push({ kind: entry.kind, number, roundId: entry.kind === 'check' ? entry.roundId : null });
    }
  }
  const waiting = (await listQueue()).filter((e) => isMine(e, owner) && !e.refused).length;
  return { sent, waiting };
}

function start(owner: QueueOwner, force: boolean): Promise<SyncResult> {
  running = (async () => {
    try {
      return typeof navigator !== 'undefined' && 'locks' in navigator ? await navigator.locks.request('sd-patrol-offline-sync', () => syncNow(owner, force)) : await syncNow(owner, force);
    } finally {
      running = null;
    }
  })();
  return running;
}

/**
 * Sends the signed-in person's entries that are due (everything of theirs not refused when
 * `force`, the 重试 button); another account's stay on the phone untouched. One sync at a time per
 * page, and across tabs through a Web Lock where the browser has them; a call while one runs is
 * served by one more run after it (what was saved meanwhile goes too). Each entry still goes out
 * under its own key, so overlap could not duplicate it either.
 */
export function syncQueue(owner: QueueOwner, force = false): Promise<SyncResult> {
  if (!running) return start(owner, force);
  following ??= running.catch(() => null).then(() => {
    following = null;
    return start(owner, force);
  });
  return following;
}

const PAGES = 'sd-patrol-';
const OWNER_CACHE = 'sd-owner';
const OWNER_MARK = '/patrol-owner';

/** Drops the patrol pages the service worker kept (they show the signed-in person's rounds and places). */
export async function forgetPatrolPages(): Promise<void> {
  if (typeof caches === 'undefined') return;
  for (const name of await caches.keys()) if (name.startsWith(PAGES)) await caches.delete(name);
}

/**
 * The kept patrol pages belong to whoever was signed in when they were kept: when another person
 * (or tenant) is signed in now, they go, so a page opened later without signal never shows — or
 * queues under — the previous person. Run while online, from the layout.
 */
export function keepPatrolPagesFor(owner: QueueOwner): Promise<void> {
  const mark = `${owner.tenantId}:${owner.userId}`;
  // Once per page and person: the layout and the patrol page's worker registration wait for the same check.
  if (checkedFor?.mark !== mark) checkedFor = { mark, done: checkOwner(mark) };
  return checkedFor.done;
}

let checkedFor: { mark: string; done: Promise<void> } | null = null;

async function checkOwner(mark: string): Promise<void> {
  if (typeof caches === 'undefined') return;
  const cache = await caches.open(OWNER_CACHE);
  const before = await (await cache.match(OWNER_MARK))?.text();
  if (before === mark) return;
  await forgetPatrolPages();
  await cache.put(OWNER_MARK, new Response(mark));
}
