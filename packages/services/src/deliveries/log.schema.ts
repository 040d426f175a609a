import { z } from 'zod';
import { line } from '../schema.ts';
import { webhookProviders } from './robots.schema.ts';

export const deliveryStatuses = ['pending', 'sending', 'sent', 'failed', 'uncertain'] as const;
export type DeliveryStatus = (typeof deliveryStatuses)[number];
export const deliveryChannels = ['inbox', 'email', 'webhook'] as const;
export type DeliveryChannel = (typeof deliveryChannels)[number];

const pageLimit = z.number().int().min(1).max(100).optional();

/** delivery.list: the delivery log, newest first, filtered by status and channel. */
export const listDeliveriesInput = z
  .object({
    status: z.enum(deliveryStatuses).optional(),
    channel: z.enum(deliveryChannels).optional(),
    cursor: line(500).optional(),
    limit: pageLimit,
  })
  .strict()
  .optional();
export type ListDeliveriesInput = z.infer<typeof listDeliveriesInput>;

const deliveryOutput = z.object({
  id: z.uuid(),
  channel: z.enum(deliveryChannels),
  status: z.enum(deliveryStatuses),
  attempts: z.number().int(),
  lastError: z.string().nullable(),
  createdAt: z.string(),
  sentAt: z.string().nullable(),
  reminderKind: z.string(),
  dueAt: z.string(),
  firedAt: z.string().nullable(),
  /** What the reminder is about: a work item (number, title) or an enterprise (its licence). */
  subject: z
    .discriminatedUnion('type', [
      z.object({ type: z.literal('work_item'), id: z.uuid(), number: z.string(), title: z.string() }),
      z.object({ type: z.literal('enterprise'), id: z.uuid(), name: z.string() }),
    ])
    .nullable(),
  /** A person (inbox, e-mail) or a station robot; null when either has since been removed. */
  recipient: z
    .discriminatedUnion('type', [
      z.object({ type: z.literal('user'), name: z.string() }),
      z.object({ type: z.literal('robot'), provider: z.enum(webhookProviders), stationName: z.string(), stationNameEn: z.string().nullable() }),
    ])
    .nullable(),
});
export const listDeliveriesOutput = z.object({ items: z.array(deliveryOutput), nextCursor: z.string().nullable() });
export type ListDeliveriesOutput = z.infer<typeof listDeliveriesOutput>;

/** delivery.attention: what needs a manager's eye over the last 30 days. */
export const deliveryAttentionOutput = z.object({ failed: z.number().int(), uncertain: z.number().int(), pending: z.number().int() });
export type DeliveryAttentionOutput = z.infer<typeof deliveryAttentionOutput>;

/** delivery.retry: an uncertain delivery may have arrived already, so the caller says it knows before it goes again. */
export const retryDeliveryInput = z.object({ id: z.uuid(), acknowledgeUncertain: z.boolean().optional() }).strict();
export type RetryDeliveryInput = z.infer<typeof retryDeliveryInput>;
export const retryDeliveryOutput = z.object({ id: z.uuid(), status: z.literal('pending') });
export type RetryDeliveryOutput = z.infer<typeof retryDeliveryOutput>;

/** outbox.list: the e-mail kept in the app while no SMTP server is configured, newest first. */
export const listOutboxInput = z.object({ cursor: line(500).optional(), limit: pageLimit }).strict().optional();
export type ListOutboxInput = z.infer<typeof listOutboxInput>;
export const listOutboxOutput = z.object({
  items: z.array(z.object({ id: z.uuid(), to: z.string(), subject: z.string(), body: z.string(), createdAt: z.string() })),
  nextCursor: z.string().nullable(),
});
export type ListOutboxOutput = z.infer<typeof listOutboxOutput>;
