import type { RouterOutputs } from '@stationdesk/api';
import { clockRunning, priorities, ratings, workItemKinds, workItemStatuses, type Priority, type Rating, type WorkItemKind, type WorkItemStatus } from '@stationdesk/core';

// The shapes the work-order pages render: the procedures' answers (RouterOutputs), types only.
/** The staff view; an enterprise admin receives the portal's (audience: 'portal') from the same procedures. */
type Staff<T> = Exclude<T, { audience: 'portal' }>;
type Portal<T> = Extract<T, { audience: 'portal' }>;
export type WorkItemPage = Staff<RouterOutputs['workItem']['list']>;
export type WorkItemSummary = WorkItemPage['items'][number];
export type WorkItemDetail = Staff<RouterOutputs['workItem']['get']>;
export type PortalWorkItemPage = Portal<RouterOutputs['workItem']['list']>;
export type PortalWorkItemDetail = Portal<RouterOutputs['workItem']['get']>;
export type WorkItemMessage = WorkItemDetail['messages'][number] | PortalWorkItemDetail['messages'][number];
export type WorkItemEvent = WorkItemDetail['history'][number];
export type Assignee = RouterOutputs['workItem']['assignees'][number];
export type CannedReply = RouterOutputs['workItem']['cannedReply']['list'][number];
export type StationChoice = RouterOutputs['station']['list'][number];
export type EnterpriseHit = RouterOutputs['enterprise']['search'][number];
export type AgencyTypeChoice = RouterOutputs['agencyType']['list'][number];

/** The consultation categories (the API's list) and the two counter channels of quick entry. */
export const categories = ['policy', 'tax', 'hr', 'registration', 'property', 'other'] as const;
export type Category = (typeof categories)[number];
export const counterChannels = ['walk_in', 'phone'] as const;

export const queuePageSize = 50;

// ——— the queue's filters, kept in the URL ———

export interface QueueParams {
  view: 'queue' | 'all';
  station: string;
  kind: string;
  status: string;
  priority: string;
  assignee: '' | 'me' | 'none';
  overdue: boolean;
  /** Number or title fragment; passed on only from two characters. */
  q: string;
}

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function readQueueParams(sp: URLSearchParams): QueueParams {
  const get = (k: string) => (sp.get(k) ?? '').trim();
  const assignee = get('assignee');
  return {
    view: get('view') === 'all' ? 'all' : 'queue',
    station: uuid.test(get('station')) ? get('station') : '',
    kind: (workItemKinds as readonly string[]).includes(get('kind')) ? get('kind') : '',
    status: (workItemStatuses as readonly string[]).includes(get('status')) ? get('status') : '',
    priority: (priorities as readonly string[]).includes(get('priority')) ? get('priority') : '',
    assignee: assignee === 'me' || assignee === 'none' ? assignee : '',
    overdue: get('overdue') === '1',
    q: get('q').slice(0, 50),
  };
}

export interface QueueListInput {
  view: 'queue' | 'all';
  stationId?: string;
  kind?: WorkItemKind;
  status?: WorkItemStatus;
  priority?: Priority;
  assigneeId?: 'me' | 'none';
  overdue?: boolean;
  q?: string;
}

/** The procedure's input for these filters (anything malformed in the URL was dropped on reading). */
export function toListInput(p: QueueParams): QueueListInput {
  return {
    view: p.view,
    ...(p.station ? { stationId: p.station } : {}),
    ...(p.kind ? { kind: p.kind as WorkItemKind } : {}),
    ...(p.status ? { status: p.status as WorkItemStatus } : {}),
    ...(p.priority ? { priority: p.priority as Priority } : {}),
    ...(p.assignee ? { assigneeId: p.assignee } : {}),
    ...(p.overdue ? { overdue: true } : {}),
    ...(p.q.length >= 2 ? { q: p.q } : {}),
  };
}

/** The query string of these filters (only what is set), plus extras such as a cursor. */
export function queueQuery(p: QueueParams, extra: Record<string, string> = {}): string {
  const sp = new URLSearchParams();
  if (p.view === 'all') sp.set('view', 'all');
  for (const k of ['station', 'kind', 'status', 'priority', 'assignee'] as const) if (p[k]) sp.set(k, p[k]);
  if (p.overdue) sp.set('overdue', '1');
  if (p.q) sp.set('q', p.q);
  for (const [k, v] of Object.entries(extra)) sp.set(k, v);
  const s = sp.toString();
  return s ? `?${s}` : '';
}

export function activeQueueFilters(p: QueueParams): number {
  return [p.station, p.kind, p.status, p.priority, p.assignee, p.overdue ? '1' : '', p.q].filter(Boolean).length;
}

// ——— time left ———

const MINUTE = 60_000;

/** Now, to the minute (what the countdowns show; the same on server and client within a minute). */
export const minuteNow = () => Math.floor(Date.now() / MINUTE) * MINUTE;
/**
 * "Within a day" for the countdown's amber. The list carries no working calendar, so a day here is
 * 24 hours of the clock — close enough for a colour; the due time itself is the server's.
 */
const DAY_MINUTES = 24 * 60;
/** A first contact due within this many minutes is flagged before it is late. */
const CONTACT_WARNING_MINUTES = 120;

export type SlaTone = 'ok' | 'soon' | 'overdue' | 'paused' | 'stopped' | 'none';

export interface SlaView {
  tone: SlaTone;
  /** Minutes until the due time (negative once past); null without a running clock. */
  minutes: number | null;
}

/** The resolution countdown: green more than a day left, amber within a day, red past. */
export function slaView(item: { status: WorkItemStatus; resolutionDueAt: string | null }, now: number): SlaView {
  if (item.status === 'waiting') return { tone: 'paused', minutes: null };
  if (!clockRunning(item.status)) return { tone: 'stopped', minutes: null };
  if (!item.resolutionDueAt) return { tone: 'none', minutes: null };
  const minutes = Math.floor((Date.parse(item.resolutionDueAt) - now) / MINUTE);
  return { tone: minutes < 0 ? 'overdue' : minutes <= DAY_MINUTES ? 'soon' : 'ok', minutes };
}

/** 待联系: nobody has contacted the requester yet and the first-contact time is near or past. */
export function contactDue(item: { status: WorkItemStatus; firstContactAt: string | null; firstContactDueAt: string | null }, now: number): 'soon' | 'overdue' | null {
  if (item.firstContactAt || !item.firstContactDueAt || !clockRunning(item.status)) return null;
  const minutes = (Date.parse(item.firstContactDueAt) - now) / MINUTE;
  if (minutes < 0) return 'overdue';
  return minutes <= CONTACT_WARNING_MINUTES ? 'soon' : null;
}

/** A span of minutes as days / hours / minutes, the two largest parts. */
export function durationParts(totalMinutes: number): { d: number; h: number; m: number } {
  const abs = Math.abs(totalMinutes);
  return { d: Math.floor(abs / DAY_MINUTES), h: Math.floor((abs % DAY_MINUTES) / 60), m: Math.floor(abs % 60) };
}

// ——— dates in the tenant's zone ———

function zoneOffsetMinutes(instant: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(instant);
  const n = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const asUtc = Date.UTC(n('year'), n('month') - 1, n('day'), n('hour'), n('minute'), n('second'));
  return Math.round((asUtc - instant.getTime()) / MINUTE);
}

function offsetText(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/** A `datetime-local` value read as wall time in the tenant's zone → ISO 8601 with its offset. */
export function localInputToIso(value: string, timeZone: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(value.trim());
  if (!m) return null;
  const [, y, mo, d, h, mi] = m.map(Number) as [number, number, number, number, number, number];
  const guess = new Date(Date.UTC(y, mo - 1, d, h, mi));
  const offset = zoneOffsetMinutes(new Date(guess.getTime() - zoneOffsetMinutes(guess, timeZone) * MINUTE), timeZone);
  return `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:00${offsetText(offset)}`;
}

/** An instant as a `datetime-local` value in the tenant's zone. */
export function isoToLocalInput(iso: string, timeZone: string): string {
  const instant = new Date(iso);
  const local = new Date(instant.getTime() + zoneOffsetMinutes(instant, timeZone) * MINUTE);
  return local.toISOString().slice(0, 16);
}

export type DeskRole = 'manager' | 'staff';

/** The redo note the service writes for a rating without a comment (`rating:dissatisfied`). */
export function ratingFromNote(note: string | null): Rating | null {
  const m = /^rating:(\w+)$/.exec(note ?? '');
  return m && (ratings as readonly string[]).includes(m[1]!) ? (m[1] as Rating) : null;
}
