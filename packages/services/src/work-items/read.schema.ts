import { closedReasons, itemActions, priorities, ratings, workItemKinds, workItemStatuses } from '@stationdesk/core';
import { z } from 'zod';
import { line } from '../schema.ts';
import { channels } from './create-work-item.schema.ts';

/** workItem.get */
export const getWorkItemInput = z.object({ id: z.uuid() }).strict();
export type GetWorkItemInput = z.infer<typeof getWorkItemInput>;

/** workItem.list: the queue (what is due first) or the whole list (newest first). */
export const listWorkItemsInput = z
  .object({
    view: z.enum(['queue', 'all']).optional(),
    stationId: z.uuid().optional(),
    kind: z.enum(workItemKinds).optional(),
    status: z.enum(workItemStatuses).optional(),
    priority: z.enum(priorities).optional(),
    assigneeId: z.union([z.uuid(), z.literal('me'), z.literal('none')]).optional(),
    overdue: z.boolean().optional(),
    enterpriseId: z.uuid().optional(),
    /** A whole number (ZX-2026-000123, any case) or a fragment of the title: two characters, as a Chinese fragment's grams are indexed. */
    q: line(50, { min: 2 }).optional(),
    cursor: line(500).optional(),
    limit: z.number().int().min(1).max(100).optional(),
  })
  .strict();
export type ListWorkItemsInput = z.infer<typeof listWorkItemsInput>;

const attachment = z.object({ id: z.uuid(), name: z.string(), size: z.number() });
const event = z.object({
  id: z.uuid(),
  at: z.string(),
  action: z.string(),
  from: z.string().nullable(),
  to: z.string().nullable(),
  note: z.string().nullable(),
  actorName: z.string().nullable(),
  data: z.record(z.string(), z.unknown()),
});

export const workItemSummaryOutput = z.object({
  id: z.uuid(),
  number: z.string(),
  kind: z.enum(workItemKinds),
  title: z.string(),
  status: z.enum(workItemStatuses),
  priority: z.enum(priorities),
  channel: z.enum(channels),
  category: z.string().nullable(),
  stationId: z.uuid(),
  stationName: z.string(),
  enterpriseId: z.uuid().nullable(),
  enterpriseName: z.string().nullable(),
  assigneeId: z.uuid().nullable(),
  assigneeName: z.string().nullable(),
  createdAt: z.string(),
  firstContactDueAt: z.string().nullable(),
  firstContactAt: z.string().nullable(),
  resolutionDueAt: z.string().nullable(),
  resolvedAt: z.string().nullable(),
  chaseLevel: z.enum(['chased', 'supervised']).nullable(),
  extensionRequested: z.boolean(),
  version: z.number().int(),
  /** Years without a holiday schedule the due times were counted across (weekends only): estimates. */
  calendarMissingYears: z.array(z.number().int()),
});
export type WorkItemSummary = z.infer<typeof workItemSummaryOutput>;

export const workItemDetailOutput = workItemSummaryOutput.extend({
  description: z.string(),
  requesterName: z.string().nullable(),
  requesterPhone: z.string().nullable(),
  answer: z.string().nullable(),
  resolvedOk: z.boolean().nullable(),
  requesterConfirmed: z.boolean().nullable(),
  rating: z.enum(ratings).nullable(),
  ratingComment: z.string().nullable(),
  ratedAt: z.string().nullable(),
  ratingSource: z.enum(['portal', 'phone']).nullable(),
  rectificationDueAt: z.string().nullable(),
  /** 整改完成: when the rectification was done (null while owed, or none). */
  rectifiedAt: z.string().nullable(),
  redoCount: z.number().int(),
  waitingSince: z.string().nullable(),
  pausedMinutes: z.number().int(),
  acceptedAt: z.string().nullable(),
  closedAt: z.string().nullable(),
  /** 转办: closed as converted into the linked item, neither resolved nor rated. */
  closedReason: z.enum(closedReasons).nullable(),
  chaseCount: z.number().int(),
  extension: z.object({ reason: z.string().nullable(), requestedAt: z.string(), requestedBy: z.uuid().nullable() }).nullable(),
  linkedItem: z.object({ id: z.uuid(), number: z.string() }).nullable(),
  /** The lifecycle steps and the extra actions (recordContact, requestExtension, decideExtension, chase, convertToAgency) this member may take now. */
  allowedActions: z.array(z.enum(itemActions)),
  history: z.array(event),
  messages: z.array(
    z.object({
      id: z.uuid(),
      at: z.string(),
      visibility: z.enum(['public', 'internal']),
      body: z.string(),
      authorId: z.uuid(),
      authorName: z.string().nullable(),
      fromEnterprise: z.boolean(),
      attachments: z.array(attachment),
    }),
  ),
});
export type WorkItemDetail = z.infer<typeof workItemDetailOutput>;

/**
 * What an enterprise admin receives (the portal views, portal-view.ts): its own allow-list, strict
 * so a field the view did not name is an error rather than passed on.
 */
export const portalWorkItemSummaryOutput = z
  .object({
    id: z.uuid(),
    number: z.string(),
    kind: z.enum(workItemKinds),
    title: z.string(),
    status: z.enum(workItemStatuses),
    channel: z.enum(channels),
    stationId: z.uuid(),
    stationName: z.string(),
    createdAt: z.string(),
    resolutionDueAt: z.string().nullable(),
    resolvedAt: z.string().nullable(),
  })
  .strict();
export type PortalWorkItemSummary = z.infer<typeof portalWorkItemSummaryOutput>;

export const portalWorkItemEventOutput = event.strict();
export type PortalWorkItemEvent = z.infer<typeof portalWorkItemEventOutput>;
export const portalWorkItemMessageOutput = z
  .object({
    id: z.uuid(),
    at: z.string(),
    body: z.string(),
    authorName: z.string().nullable(),
    fromEnterprise: z.boolean(),
    attachments: z.array(attachment.strict()),
  })
  .strict();
export type PortalWorkItemMessage = z.infer<typeof portalWorkItemMessageOutput>;

export const portalWorkItemDetailOutput = portalWorkItemSummaryOutput
  .extend({
    audience: z.literal('portal'),
    /** The request as described; absent on a dispute, whose facts are the station's record. */
    description: z.string().optional(),
    category: z.string().nullable(),
    requesterName: z.string().nullable(),
    answer: z.string().nullable(),
    requesterConfirmed: z.boolean().nullable(),
    rating: z.enum(ratings).nullable(),
    ratingComment: z.string().nullable(),
    ratedAt: z.string().nullable(),
    ratingSource: z.enum(['portal', 'phone']).nullable(),
    firstContactDueAt: z.string().nullable(),
    waitingSince: z.string().nullable(),
    closedAt: z.string().nullable(),
    /** 转办: closed as converted into the linked item (the page links to it). */
    closedReason: z.enum(closedReasons).nullable(),
    linkedItem: z.object({ id: z.uuid(), number: z.string() }).strict().nullable(),
    allowedActions: z.array(z.enum(itemActions)),
    version: z.number().int(),
    history: z.array(portalWorkItemEventOutput),
    messages: z.array(portalWorkItemMessageOutput),
  })
  .strict();
export type PortalWorkItemDetail = z.infer<typeof portalWorkItemDetailOutput>;

export const portalWorkItemPageOutput = z.object({ audience: z.literal('portal'), items: z.array(portalWorkItemSummaryOutput), nextCursor: z.string().nullable() }).strict();
export type PortalWorkItemPage = z.infer<typeof portalWorkItemPageOutput>;
export const workItemPageOutput = z.object({ items: z.array(workItemSummaryOutput), nextCursor: z.string().nullable() });
export type WorkItemPage = z.infer<typeof workItemPageOutput>;

/** Staff and managers get the staff view; an enterprise admin the portal's (audience: 'portal'). */
export const getWorkItemOutput = z.union([portalWorkItemDetailOutput, workItemDetailOutput]);
export const listWorkItemsOutput = z.union([portalWorkItemPageOutput, workItemPageOutput]);
