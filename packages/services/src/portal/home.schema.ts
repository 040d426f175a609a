import { agencyResults, agencySteps, documentTypes, workItemKinds, workItemStatuses } from '@stationdesk/core';
import { z } from 'zod';

/** portal.home: what waits on the company, its cases in progress, its file's expiring papers, new notices, upcoming activities. */
export const portalHomeOutput = z
  .object({
    waiting: z.array(
      z
        .object({
          id: z.uuid(),
          number: z.string(),
          kind: z.enum(workItemKinds),
          title: z.string(),
          /** 待您补充 (the station asked for information), materials sent back, 待您评价. */
          reason: z.enum(['info_requested', 'materials_rejected', 'to_rate']),
          since: z.string().nullable(),
          /** For materials sent back: how many checklist points. */
          rejected: z.number().int(),
        })
        .strict(),
    ),
    inProgress: z.array(
      z
        .object({
          id: z.uuid(),
          number: z.string(),
          kind: z.enum(workItemKinds),
          title: z.string(),
          status: z.enum(workItemStatuses),
          /** An agency case's step and the one after it; null for other kinds. */
          step: z.enum(agencySteps).nullable(),
          nextStep: z.enum(agencySteps).nullable(),
          result: z.enum(agencyResults).nullable(),
          /** The expected answer or completion. */
          dueAt: z.string().nullable(),
        })
        .strict(),
    ),
    expiring: z.array(
      z.object({ id: z.uuid(), docType: z.enum(documentTypes), number: z.string().nullable(), expiresOn: z.string(), daysLeft: z.number().int() }).strict(),
    ),
    /** null when the notices are not part of this installation (see home.ts). */
    notices: z.array(z.object({ id: z.uuid(), title: z.string(), effectiveOn: z.string().nullable(), publishedAt: z.string() }).strict()).nullable(),
    activities: z.array(z.object({ id: z.uuid(), title: z.string(), startsAt: z.string(), place: z.string().nullable(), stationName: z.string(), signedUp: z.boolean() }).strict()),
    counts: z.object({ waiting: z.number().int(), inProgress: z.number().int(), expiring: z.number().int(), unreadNotices: z.number().int() }).strict(),
  })
  .strict();
export type PortalHome = z.infer<typeof portalHomeOutput>;
