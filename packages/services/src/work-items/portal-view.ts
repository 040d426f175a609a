import type { Rating, WorkItemAction, WorkItemKind, WorkItemStatus } from '@stationdesk/core';
import type { Channel } from './create-work-item.ts';

/**
 * What an enterprise admin receives of a work item: each view is built field by field from the
 * row (an allow-list), never the staff shape with fields taken out, so a field added for staff
 * stays theirs. Internal marks (催办/督办, extensions, the handler's verdict), assignment between
 * staff and a dispute's facts are not here. `audience` tells a portal answer from a staff one.
 */
export interface PortalWorkItemSummary {
  id: string;
  number: string;
  kind: WorkItemKind;
  title: string;
  status: WorkItemStatus;
  channel: Channel;
  stationId: string;
  stationName: string;
  createdAt: string;
  resolutionDueAt: string | null;
  resolvedAt: string | null;
}

export interface PortalWorkItemMessage {
  id: string;
  at: string;
  body: string;
  authorName: string | null;
  fromEnterprise: boolean;
  attachments: { id: string; name: string; size: number }[];
}

export interface PortalWorkItemEvent {
  id: string;
  at: string;
  action: string;
  from: string | null;
  to: string | null;
  note: string | null;
  actorName: string | null;
  data: Record<string, unknown>;
}

export interface PortalWorkItemPage {
  audience: 'portal';
  items: PortalWorkItemSummary[];
  nextCursor: string | null;
}

export interface PortalWorkItemDetail extends PortalWorkItemSummary {
  audience: 'portal';
  /** The request as described; absent on a dispute, whose facts are the station's record. */
  description?: string;
  category: string | null;
  requesterName: string | null;
  answer: string | null;
  requesterConfirmed: boolean | null;
  rating: Rating | null;
  ratingComment: string | null;
  ratedAt: string | null;
  ratingSource: 'portal' | 'phone' | null;
  firstContactDueAt: string | null;
  waitingSince: string | null;
  closedAt: string | null;
  linkedItem: { number: string } | null;
  allowedActions: WorkItemAction[];
  version: number;
  history: PortalWorkItemEvent[];
  messages: PortalWorkItemMessage[];
}

/** The columns of a work item both the list's rows and the item's own row carry. */
interface ItemRow {
  id: string;
  number: string;
  kind: WorkItemKind;
  title: string;
  status: string;
  channel: Channel;
  station_id: string;
  created_at: string;
  resolution_due_at: string | null;
  resolved_at: string | null;
}

export function portalWorkItemSummary(row: ItemRow, stationName: string): PortalWorkItemSummary {
  return {
    id: row.id,
    number: row.number,
    kind: row.kind,
    title: row.title,
    status: row.status as WorkItemStatus,
    channel: row.channel,
    stationId: row.station_id,
    stationName,
    createdAt: row.created_at,
    resolutionDueAt: row.resolution_due_at,
    resolvedAt: row.resolved_at,
  };
}

export function portalWorkItemDetail(
  row: ItemRow & {
    description: string;
    category: string | null;
    requester_name: string | null;
    answer: string | null;
    requester_confirmed: boolean | null;
    rating: Rating | null;
    rating_comment: string | null;
    rated_at: string | null;
    rating_source: 'portal' | 'phone' | null;
    first_contact_due_at: string | null;
    waiting_since: string | null;
    closed_at: string | null;
    version: number;
  },
  more: {
    stationName: string;
    linkedNumber: string | null;
    allowedActions: WorkItemAction[];
    history: PortalWorkItemEvent[];
    messages: PortalWorkItemMessage[];
  },
): PortalWorkItemDetail {
  return {
    audience: 'portal',
    ...portalWorkItemSummary(row, more.stationName),
    ...(row.kind === 'dispute' ? {} : { description: row.description }),
    category: row.category,
    requesterName: row.requester_name,
    answer: row.answer,
    requesterConfirmed: row.requester_confirmed,
    rating: row.rating,
    ratingComment: row.rating_comment,
    ratedAt: row.rated_at,
    ratingSource: row.rating_source,
    firstContactDueAt: row.first_contact_due_at,
    waitingSince: row.waiting_since,
    closedAt: row.closed_at,
    linkedItem: more.linkedNumber ? { number: more.linkedNumber } : null,
    allowedActions: more.allowedActions,
    version: row.version,
    history: more.history,
    messages: more.messages,
  };
}
