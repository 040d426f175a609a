import type { ClosedReason, ItemAction, Rating, WorkItemKind, WorkItemStatus } from '@stationdesk/core';
import type { Channel } from './create-work-item.schema.ts';
import type { PortalWorkItemDetail, PortalWorkItemEvent, PortalWorkItemMessage, PortalWorkItemSummary } from './read.schema.ts';

/**
 * What an enterprise admin receives of a work item: each view is built field by field from the
 * row (an allow-list), never the staff shape with fields taken out, so a field added for staff
 * stays theirs. Internal marks (催办/督办, extensions, the handler's verdict), assignment between
 * staff and a dispute's facts are not here. `audience` tells a portal answer from a staff one. The shapes are read.schema.ts's.
 */

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
    closed_reason: ClosedReason | null;
    version: number;
  },
  more: {
    stationName: string;
    linkedItem: { id: string; number: string } | null;
    allowedActions: ItemAction[];
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
    closedReason: row.closed_reason,
    linkedItem: more.linkedItem,
    allowedActions: more.allowedActions,
    version: row.version,
    history: more.history,
    messages: more.messages,
  };
}
