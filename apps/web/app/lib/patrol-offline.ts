/**
 * The phone's queue of findings saved without signal (ADR 017): the pure part — what a queued
 * finding holds, and what to do after one attempt to send it. The device-side store and the
 * sending are in patrol-offline-store.ts.
 */

export interface QueuedFindingFields {
  buildingId: string;
  floor: string;
  location: string;
  enterpriseId: string | null;
  category: string;
  tier: 'red' | 'yellow' | 'blue';
  description: string;
}

/** A photo of a queued finding: still on the phone (the shrunk JPEG), or already uploaded (its file id). */
export type QueuedPhoto = { blob: Blob; name: string } | { fileId: string };

export interface QueuedFindingEntry {
  /** Made on the phone when the finding was saved; the idempotency key of patrolFinding.create. */
  clientId: string;
  fields: QueuedFindingFields;
  /** What the waiting list shows for it (building · floor · category), in the words of the page that saved it. */
  summary: string;
  photos: QueuedPhoto[];
  queuedAt: string;
  attempts: number;
  /** Not before this time (ISO) on the automatic retries; a tap on 重试 sends at once. */
  nextAttemptAt: string;
  /** The server's final refusal, shown to the person; no longer sent. */
  refused: string | null;
}

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
export function afterAttempt(entry: QueuedFindingEntry, answer: Answer, now: Date): QueuedFindingEntry | null {
  if (answer.kind === 'done') return null;
  if (answer.kind === 'refused') return { ...entry, refused: answer.message };
  const attempts = entry.attempts + 1;
  return { ...entry, attempts, nextAttemptAt: new Date(now.getTime() + backoffMs(attempts)).toISOString() };
}

/** Whether an automatic sync should try the entry now (a refused one waits for the person). */
export function isDue(entry: QueuedFindingEntry, now: Date, force = false): boolean {
  if (entry.refused) return false;
  return force || Date.parse(entry.nextAttemptAt) <= now.getTime();
}
