import { agencyResults, agencySteps } from '@stationdesk/core';
import { z } from 'zod';
import { idempotencyKey, line, text } from '../schema.ts';
import { portalChecklistEntryOutput } from './types.schema.ts';

/**
 * Permit requests from the portal (issue 22): an enterprise admin prepares a case as a draft,
 * uploads the materials against its checklist points and submits it.
 */

/** agencyCase.createDraft: a type chosen; its checklist as shown then is the draft's. */
export const createAgencyDraftInput = z.object({ typeId: z.uuid(), description: text(20_000).optional(), idempotencyKey: idempotencyKey.optional() }).strict();
export type CreateAgencyDraftInput = z.infer<typeof createAgencyDraftInput>;
export const createAgencyDraftOutput = z.object({ id: z.uuid() });

/** agencyCase.saveDraft: what the company writes about its request. */
export const saveAgencyDraftInput = z.object({ id: z.uuid(), description: text(20_000) }).strict();
export type SaveAgencyDraftInput = z.infer<typeof saveAgencyDraftInput>;

/** agencyCase.getDraft */
export const getAgencyDraftInput = z.object({ id: z.uuid() }).strict();
export type GetAgencyDraftInput = z.infer<typeof getAgencyDraftInput>;

const draftFile = z.object({ id: z.uuid(), fileId: z.uuid(), name: z.string(), size: z.number(), uploadedAt: z.string() }).strict();

export const agencyDraftOutput = z
  .object({
    id: z.uuid(),
    status: z.enum(['draft', 'submitted']),
    /** The case it became once submitted. */
    itemId: z.uuid().nullable(),
    typeId: z.uuid(),
    typeName: z.string(),
    typeNameEn: z.string().nullable(),
    department: z.string(),
    statutoryDays: z.number().int(),
    promisedDays: z.number().int(),
    description: z.string(),
    createdAt: z.string(),
    updatedAt: z.string(),
    checklist: z.array(portalChecklistEntryOutput.extend({ files: z.array(draftFile) }).strict()),
    /** Required checklist points without a file yet (keys). */
    missingRequired: z.array(z.string()),
  })
  .strict();

/** agencyCase.uploadDraftMaterial: a file (uploaded through /api/files) for one checklist point. */
export const uploadDraftMaterialInput = z.object({ id: z.uuid(), checklistKey: line(40, { min: 1 }), fileId: z.uuid() }).strict();
export type UploadDraftMaterialInput = z.infer<typeof uploadDraftMaterialInput>;
export const uploadDraftMaterialOutput = z.object({ id: z.uuid() });

/** agencyCase.removeDraftMaterial: a file taken off a draft before it is submitted. */
export const removeDraftMaterialInput = z.object({ materialId: z.uuid() }).strict();
export type RemoveDraftMaterialInput = z.infer<typeof removeDraftMaterialInput>;

/** agencyCase.submit: the draft becomes a case on the station's agency queue. */
export const submitAgencyDraftInput = z.object({ id: z.uuid(), idempotencyKey: idempotencyKey.optional() }).strict();
export type SubmitAgencyDraftInput = z.infer<typeof submitAgencyDraftInput>;
export const submitAgencyDraftOutput = z.object({ id: z.uuid(), number: z.string() });

/** agencyCase.portalList: the company's drafts and its cases, newest first. */
export const portalPermitListOutput = z
  .object({
    drafts: z.array(
      z
        .object({
          id: z.uuid(),
          typeName: z.string(),
          typeNameEn: z.string().nullable(),
          updatedAt: z.string(),
          filesUploaded: z.number().int(),
          missingRequired: z.number().int(),
        })
        .strict(),
    ),
    cases: z.array(
      z
        .object({
          id: z.uuid(),
          number: z.string(),
          title: z.string(),
          status: z.string(),
          typeName: z.string(),
          typeNameEn: z.string().nullable(),
          step: z.enum(agencySteps),
          result: z.enum(agencyResults).nullable(),
          dueAt: z.string(),
          createdAt: z.string(),
          doneAt: z.string().nullable(),
          pickedUpAt: z.string().nullable(),
          /** Checklist points whose latest file was sent back. */
          rejected: z.number().int(),
        })
        .strict(),
    ),
  })
  .strict();
