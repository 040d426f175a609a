/**
 * The phone's queue of patrol work saved without signal (ADR 017): the pure part — what an entry
 * holds (a finding, or a round's tick), whose it is, which entries may be sent now, and what to do
 * after one attempt. The device-side store and the sending are in patrol-offline-store.ts.
 */

/** Who saved an entry: it is sent only while the same person is signed in to the same tenant. */
export interface QueueOwner {
  userId: string;
  tenantId: string;
}

export interface QueuedFindingFields {
  buildingId: string;
  floor: string;
  location: string;
  enterpriseId: string | null;
  category: string;
  tier: 'red' | 'yellow' | 'blue';
  description: string;
}

/** The finding a round's point was turned into (its place is the check's building and floor). */
export interface QueuedCheckFinding {
  category: string;
  tier: 'red' | 'yellow' | 'blue';
  description: string;
  location: string;
}

/** A photo of a queued entry: still on the phone (the shrunk JPEG), or already uploaded (its file id). */
export type QueuedPhoto = { blob: Blob; name: string } | { fileId: string };

interface QueuedBase {
  /** Made on the phone when it was saved; the idempotency key (patrolFinding.create) or client id (patrolRound.check). */
  clientId: string;
  owner: QueueOwner;
  /** What the waiting list shows for it, in the words of the page that saved it. */
  summary: string;
  photos: QueuedPhoto[];
  queuedAt: string;
  attempts: number;
  /** Not before this time (ISO) on the automatic retries; a tap on 重试 sends at once. */
  nextAttemptAt: string;
  /** The server's final refusal, shown to the person; no longer sent. */
  refused: string | null;
}

export interface QueuedFindingEntry extends QueuedBase {
  kind: 'finding';
  fields: QueuedFindingFields;
}

export interface QueuedCheckEntry extends QueuedBase {
  kind: 'check';
  roundId: string;
  buildingId: string;
  floor: string;
  pointId: string;
  result: 'ok' | 'finding';
  finding: QueuedCheckFinding | null;
}

export type QueueEntry = QueuedFindingEntry | QueuedCheckEntry;

/** How one HTTP answer (or its absence: null, a network error) is taken. */
export type Answer = { kind: 'done' } | { kind: 'retry' } | { kind: 'refused'; message: string };

/**
 * Signed out (401), timed out (408), too many (429), the server away (5xx) or no answer at all:
 * retried later. Any other 4xx will not change by sending the same thing again: final.
 */
export function classifyAnswer(status: number | null, message?: string | null): Answer {
  if (status === null) return { kind: 'retry' };
  if (status >= 200 && status < 300) return { kind: 'done' };
  if (status === 401 || status === 408 || status === 429 || status >= 500) return { kind: 'retry' };
  if (status >= 400) return { kind: 'refused', message: message?.trim() || `HTTP ${status}` };
  return { kind: 'retry' };
}

const BASE_MS = 5_000;
const MAX_MS = 5 * 60_000;

/** Exponential backoff after the n-th failed attempt (1-based): 5 s, 10 s, 20 s … at most 5 min. */
export function backoffMs(attempts: number): number {
  return Math.min(MAX_MS, BASE_MS * 2 ** Math.max(0, attempts - 1));
}

/** The entry after an attempt that did not end it (a retry), or null when it leaves the queue. */
export function afterAttempt<E extends QueueEntry>(entry: E, answer: Answer, now: Date): E | null {
  if (answer.kind === 'done') return null;
  if (answer.kind === 'refused') return { ...entry, refused: answer.message };
  const attempts = entry.attempts + 1;
  return { ...entry, attempts, nextAttemptAt: new Date(now.getTime() + backoffMs(attempts)).toISOString() };
}

/** Whether an automatic sync should try the entry now (a refused one waits for the person). */
export function isDue(entry: QueueEntry, now: Date, force = false): boolean {
  if (entry.refused) return false;
  return force || Date.parse(entry.nextAttemptAt) <= now.getTime();
}

/** Saved by this person in this tenant. An entry without a (well-formed) owner is nobody's: never sent. */
export function isMine(entry: QueueEntry, owner: QueueOwner | null): boolean {
  const o = (entry as Partial<QueuedBase>).owner;
  return Boolean(owner && o && o.userId === owner.userId && o.tenantId === owner.tenantId);
}

/**
 * The queue as the signed-in person sees it: their own entries waiting or refused, and how many
 * are held for another account (or the same person in another tenant) — kept, never sent now.
 */
export function splitQueue(entries: readonly QueueEntry[], owner: QueueOwner | null): { waiting: QueueEntry[]; refused: QueueEntry[]; held: QueueEntry[] } {
  const waiting: QueueEntry[] = [];
  const refused: QueueEntry[] = [];
  const held: QueueEntry[] = [];
  for (const e of entries) {
    if (!isMine(e, owner)) held.push(e);
    else if (e.refused) refused.push(e);
    else waiting.push(e);
  }
  return { waiting, refused, held };
}

/**
 * Which entries one sync sends, in the order they were saved (a round's ticks in the order they
 * were made): only the signed-in person's, only those due. Nobody signed in: none.
 */
export function entriesToSend(entries: readonly QueueEntry[], owner: QueueOwner | null, now: Date, force = false): QueueEntry[] {
  return entries.filter((e) => isMine(e, owner) && isDue(e, now, force)).sort((a, b) => a.queuedAt.localeCompare(b.queuedAt));
}

export const checkKey = (c: { buildingId: string; floor: string; pointId: string }) => `${c.buildingId}:${c.floor}:${c.pointId}`;

/** The body of patrolRound.check for a queued tick, the photos being those already uploaded. */
export function checkInput(e: QueuedCheckEntry, photoFileIds: string[]) {
  return {
    id: e.roundId,
    buildingId: e.buildingId,
    floor: e.floor,
    pointId: e.pointId,
    result: e.result,
    clientId: e.clientId,
    ...(e.result === 'finding' && e.finding
      ? {
          finding: {
            category: e.finding.category,
            tier: e.finding.tier,
            description: e.finding.description,
            ...(e.finding.location ? { location: e.finding.location } : {}),
            ...(photoFileIds.length ? { photoFileIds } : {}),
          },
        }
      : {}),
  };
}

/** The body of patrolFinding.create for a queued finding, its client id as the idempotency key. */
export function findingInput(e: QueuedFindingEntry, photoFileIds: string[]) {
  const f = e.fields;
  return {
    buildingId: f.buildingId,
    floor: f.floor,
    location: f.location,
    enterpriseId: f.enterpriseId || null,
    category: f.category,
    tier: f.tier,
    description: f.description,
    photoFileIds,
    idempotencyKey: e.clientId,
  };
}
