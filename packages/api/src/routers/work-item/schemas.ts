import { priorities, ratings, workItemActions, workItemKinds, workItemStatuses } from '@stationdesk/core';
import { z } from 'zod';
import { idempotencyKey, line, text } from '@stationdesk/services';

export const channels = ['walk_in', 'phone', 'portal', 'wechat', 'patrol', 'referral'] as const;
export const consultationCategories = ['policy', 'tax', 'hr', 'registration', 'property', 'other'] as const;

export const createInput = z
  .object({
    kind: z.enum(workItemKinds),
    enterpriseId: z.uuid().nullable().optional(),
    stationId: z.uuid().nullable().optional(),
    title: line(200, { min: 2 }),
    description: text(20_000).optional(),
    priority: z.enum(priorities).optional(),
    channel: z.enum(channels),
    category: z.enum(consultationCategories).nullable().optional(),
    requesterName: line(100).nullable().optional(),
    requesterPhone: line(40).nullable().optional(),
    assign: z
      .discriminatedUnion('mode', [
        z.object({ mode: z.literal('self') }),
        z.object({ mode: z.literal('round_robin') }),
        z.object({ mode: z.literal('user'), userId: z.uuid() }),
      ])
      .optional(),
    idempotencyKey: idempotencyKey.optional(),
  })
  .strict();

/** Steps taken through `transition`; assignment and follow-up ratings have their own procedures. */
export const transitionActions = workItemActions.filter((a) => a !== 'assign' && a !== 'visit');

export const summaryOutput = z.object({
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

export const detailOutput = summaryOutput.extend({
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
  redoCount: z.number().int(),
  waitingSince: z.string().nullable(),
  pausedMinutes: z.number().int(),
  acceptedAt: z.string().nullable(),
  closedAt: z.string().nullable(),
  chaseCount: z.number().int(),
  extension: z.object({ reason: z.string().nullable(), requestedAt: z.string(), requestedBy: z.uuid().nullable() }).nullable(),
  linkedItem: z.object({ id: z.uuid(), number: z.string() }).nullable(),
  allowedActions: z.array(z.enum(workItemActions)),
  history: z.array(
    z.object({
      id: z.uuid(),
      at: z.string(),
      action: z.string(),
      from: z.string().nullable(),
      to: z.string().nullable(),
      note: z.string().nullable(),
      actorName: z.string().nullable(),
      data: z.record(z.string(), z.unknown()),
    }),
  ),
  messages: z.array(
    z.object({
      id: z.uuid(),
      at: z.string(),
      visibility: z.enum(['public', 'internal']),
      body: z.string(),
      authorId: z.uuid(),
      authorName: z.string().nullable(),
      fromEnterprise: z.boolean(),
      attachments: z.array(z.object({ id: z.uuid(), name: z.string(), size: z.number() })),
    }),
  ),
});

/**
 * What an enterprise admin receives (services' portal views): its own allow-list, strict so a
 * field the view did not name is an error rather than passed on.
 */
export const portalSummaryOutput = z
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

export const portalPageOutput = z.object({ audience: z.literal('portal'), items: z.array(portalSummaryOutput), nextCursor: z.string().nullable() }).strict();

export const portalDetailOutput = portalSummaryOutput
  .extend({
    audience: z.literal('portal'),
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
    linkedItem: z.object({ number: z.string() }).strict().nullable(),
    allowedActions: z.array(z.enum(workItemActions)),
    version: z.number().int(),
    history: z.array(
      z
        .object({
          id: z.uuid(),
          at: z.string(),
          action: z.string(),
          from: z.string().nullable(),
          to: z.string().nullable(),
          note: z.string().nullable(),
          actorName: z.string().nullable(),
          data: z.record(z.string(), z.unknown()),
        })
        .strict(),
    ),
    messages: z.array(
      z
        .object({
          id: z.uuid(),
          at: z.string(),
          body: z.string(),
          authorName: z.string().nullable(),
          fromEnterprise: z.boolean(),
          attachments: z.array(z.object({ id: z.uuid(), name: z.string(), size: z.number() }).strict()),
        })
        .strict(),
    ),
  })
  .strict();

export const listInput = z
  .object({
    view: z.enum(['queue', 'all']).optional(),
    stationId: z.uuid().optional(),
    kind: z.enum(workItemKinds).optional(),
    status: z.enum(workItemStatuses).optional(),
    priority: z.enum(priorities).optional(),
    assigneeId: z.union([z.uuid(), z.literal('me'), z.literal('none')]).optional(),
    overdue: z.boolean().optional(),
    enterpriseId: z.uuid().optional(),
    // Two characters: a two-character Chinese fragment is a real search (the title's grams are indexed).
    q: line(50, { min: 2 }).optional(),
    cursor: line(500).optional(),
    limit: z.number().int().min(1).max(100).optional(),
  })
  .strict();
