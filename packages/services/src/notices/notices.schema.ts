import { z } from 'zod';
import { noticeAudiences, noticeStatuses } from '@stationdesk/core';
import { idempotencyKey, line, text } from '../schema.ts';

const day = z.iso.date();
const cursor = line(1000, { min: 1 });

/** What a notice is sent to, as the desk chose it (the target its kind needs). */
const audienceFields = {
  audience: z.enum(noticeAudiences),
  audienceStationId: z.uuid().nullable().optional(),
  audienceIndustry: line(100).nullable().optional(),
  audienceTagId: z.uuid().nullable().optional(),
};

export const noticeAttachment = z.object({ fileId: z.uuid(), name: z.string(), contentType: z.string(), size: z.number().int() });

export const noticeSummary = z.object({
  id: z.uuid(),
  title: z.string(),
  effectiveOn: z.string().nullable(),
  audience: z.enum(noticeAudiences),
  /** The audience's station, industry or tag, readable (null: all enterprises). */
  audienceLabel: z.string().nullable(),
  status: z.enum(noticeStatuses),
  createdAt: z.string(),
  publishedAt: z.string().nullable(),
  /** Recipients and read receipts — for station-scoped staff, of their stations' enterprises. */
  recipients: z.number().int(),
  read: z.number().int(),
});
export type NoticeSummary = z.infer<typeof noticeSummary>;

/** The portal's row: a published notice its enterprise received, read or not. */
export const portalNoticeSummary = z.object({
  audience: z.literal('portal'),
  id: z.uuid(),
  title: z.string(),
  effectiveOn: z.string().nullable(),
  publishedAt: z.string(),
  readAt: z.string().nullable(),
});
export type PortalNoticeSummary = z.infer<typeof portalNoticeSummary>;

/** notice.list: newest first (published, else created), a keyset page at a time. */
export const listNoticesInput = z
  .object({
    status: z.enum(noticeStatuses).optional(),
    /** A fragment of the title. */
    q: line(60).optional(),
    /** Portal: only the notices not yet read by the enterprise. */
    unread: z.boolean().optional(),
    cursor: cursor.optional(),
    limit: z.number().int().min(1).max(100).optional(),
  })
  .strict()
  .optional();
export type ListNoticesInput = z.infer<typeof listNoticesInput>;
export const listNoticesOutput = z.union([
  z.object({ audience: z.literal('desk'), items: z.array(noticeSummary), nextCursor: z.string().nullable() }),
  z.object({ audience: z.literal('portal'), items: z.array(portalNoticeSummary), nextCursor: z.string().nullable(), unread: z.number().int() }),
]);
export type ListNoticesOutput = z.infer<typeof listNoticesOutput>;

export const getNoticeInput = z.object({ id: z.uuid() }).strict();
export type GetNoticeInput = z.infer<typeof getNoticeInput>;
const noticeBody = { body: z.string(), attachments: z.array(noticeAttachment) };
export const getNoticeOutput = z.union([
  noticeSummary.extend({
    ...noticeBody,
    version: z.number().int(),
    audienceStationId: z.uuid().nullable(),
    audienceIndustry: z.string().nullable(),
    audienceTagId: z.uuid().nullable(),
    publishedByName: z.string().nullable(),
  }),
  portalNoticeSummary.extend(noticeBody),
]);
export type GetNoticeOutput = z.infer<typeof getNoticeOutput>;

/** notice.create: a draft (managers). */
export const createNoticeInput = z
  .object({
    title: line(120, { min: 1 }),
    body: text(20000),
    effectiveOn: day.nullable().optional(),
    ...audienceFields,
    /** Uploaded files (purpose attachment), in order. */
    attachmentFileIds: z.array(z.uuid()).max(10).optional(),
    idempotencyKey: idempotencyKey.optional(),
  })
  .strict();
export type CreateNoticeInput = z.infer<typeof createNoticeInput>;
export const createNoticeOutput = z.object({ id: z.uuid(), version: z.number().int() });

/** notice.update: a draft's fields, at the version read. */
export const updateNoticeInput = z
  .object({
    id: z.uuid(),
    version: z.number().int().min(1),
    title: line(120, { min: 1 }).optional(),
    body: text(20000).optional(),
    effectiveOn: day.nullable().optional(),
    audience: z.enum(noticeAudiences).optional(),
    audienceStationId: audienceFields.audienceStationId,
    audienceIndustry: audienceFields.audienceIndustry,
    audienceTagId: audienceFields.audienceTagId,
    attachmentFileIds: z.array(z.uuid()).max(10).optional(),
  })
  .strict();
export type UpdateNoticeInput = z.infer<typeof updateNoticeInput>;

export const noticeVersionOutput = z.object({ id: z.uuid(), version: z.number().int(), status: z.enum(noticeStatuses), recipients: z.number().int() });
export type NoticeVersion = z.infer<typeof noticeVersionOutput>;

/** notice.publish / notice.archive: at the version read. */
export const publishNoticeInput = z.object({ id: z.uuid(), version: z.number().int().min(1) }).strict();
export type PublishNoticeInput = z.infer<typeof publishNoticeInput>;

/** notice.markRead: the admin's enterprise has read it (the first admin's read counts; again is a no-op). */
export const markNoticeReadInput = z.object({ id: z.uuid() }).strict();
export type MarkNoticeReadInput = z.infer<typeof markNoticeReadInput>;
export const markNoticeReadOutput = z.object({ readAt: z.string(), first: z.boolean() });
export type MarkNoticeReadOutput = z.infer<typeof markNoticeReadOutput>;

export const receiptFilters = ['all', 'read', 'unread'] as const;

/** notice.readReceipts: the recipients with their receipt, by enterprise name; "unread" is the follow-up list. */
export const noticeReceiptsInput = z
  .object({ id: z.uuid(), filter: z.enum(receiptFilters).optional(), cursor: cursor.optional(), limit: z.number().int().min(1).max(200).optional() })
  .strict();
export type NoticeReceiptsInput = z.infer<typeof noticeReceiptsInput>;
export const noticeReceiptRow = z.object({
  enterpriseId: z.uuid(),
  enterpriseName: z.string(),
  stationName: z.string(),
  contactName: z.string().nullable(),
  contactPhone: z.string().nullable(),
  readAt: z.string().nullable(),
  readByName: z.string().nullable(),
});
export const noticeReceiptsOutput = z.object({
  recipients: z.number().int(),
  read: z.number().int(),
  percent: z.number().int(),
  items: z.array(noticeReceiptRow),
  nextCursor: z.string().nullable(),
});
export type NoticeReceiptsOutput = z.infer<typeof noticeReceiptsOutput>;

/** notice.exportReceipts: the receipts as .xlsx (the filter as on the page). */
export const exportNoticeReceiptsInput = z.object({ id: z.uuid(), filter: z.enum(receiptFilters).optional() }).strict();
export type ExportNoticeReceiptsInput = z.infer<typeof exportNoticeReceiptsInput>;
export const exportNoticeReceiptsOutput = z.object({ fileId: z.uuid(), fileName: z.string(), rows: z.number().int() });
