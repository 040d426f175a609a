import type { RouterOutputs } from '@stationdesk/api';
import { workItemKinds, type WorkItemKind } from '@stationdesk/core';

// The shapes the follow-up desk renders: the procedures' answers (RouterOutputs), types only.
export type VisitQueuePage = RouterOutputs['visit']['queue'];
export type VisitQueueRow = VisitQueuePage['items'][number];
export type RectificationPage = RouterOutputs['visit']['rectifications'];
export type RectificationRow = RectificationPage['items'][number];

export const visitsPageSize = 50;

/** The desk's list filters as the URL holds them ('' = not set). */
export interface VisitFilters {
  stationId: string;
  kind: '' | WorkItemKind;
  /** The rectification list: owed (the default) or done. */
  state: 'open' | 'done';
}

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Anything malformed in the URL is dropped, not refused. */
export function readVisitFilters(sp: URLSearchParams): VisitFilters {
  const get = (k: string) => (sp.get(k) ?? '').trim();
  const kind = get('kind');
  return {
    stationId: uuid.test(get('stationId')) ? get('stationId') : '',
    kind: (workItemKinds as readonly string[]).includes(kind) ? (kind as WorkItemKind) : '',
    state: get('state') === 'done' ? 'done' : 'open',
  };
}

/** The query string of these filters (only what is set), plus extras (a cursor, the list). */
export function visitQuery(f: Partial<VisitFilters>, extra: Record<string, string> = {}): string {
  const sp = new URLSearchParams();
  if (f.stationId) sp.set('stationId', f.stationId);
  if (f.kind) sp.set('kind', f.kind);
  if (f.state === 'done') sp.set('state', 'done');
  for (const [k, v] of Object.entries(extra)) sp.set(k, v);
  const s = sp.toString();
  return s ? `?${s}` : '';
}

/** visit.queue's input for these filters. */
export function queueInput(f: VisitFilters, cursor?: string) {
  return { ...(f.stationId ? { stationId: f.stationId } : {}), ...(f.kind ? { kind: f.kind } : {}), ...(cursor ? { cursor } : {}), limit: visitsPageSize };
}

/** visit.rectifications' input for these filters. */
export function rectificationsInput(f: VisitFilters, cursor?: string) {
  return { state: f.state, ...(f.stationId ? { stationId: f.stationId } : {}), ...(cursor ? { cursor } : {}), limit: visitsPageSize };
}

/** Minutes from an instant to now, never below zero (a clock a little behind the server's). */
export function minutesSince(iso: string, now: number): number {
  return Math.max(0, Math.floor((now - Date.parse(iso)) / 60_000));
}
