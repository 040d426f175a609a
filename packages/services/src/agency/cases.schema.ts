import { agencyResults, agencySteps, priorities } from '@stationdesk/core';
import { z } from 'zod';
import { idempotencyKey, line, text } from '../schema.ts';
import { assignOnCreate, channels } from '../work-items/create-work-item.schema.ts';
import { portalChecklistEntryOutput } from './types.schema.ts';

/** agencyCase.create */
export const createAgencyCaseInput = z
  .object({
    typeId: z.uuid(),
    enterpriseId: z.uuid(),
    title: line(200).optional(),
    description: text(20_000).optional(),
    priority: z.enum(priorities).optional(),
    channel: z.enum(channels),
    requesterName: line(100).nullable().optional(),
    requesterPhone: line(40).nullable().optional(),
    assign: assignOnCreate.optional(),
    idempotencyKey: idempotencyKey.optional(),
  })
  .strict();
export type CreateAgencyCaseInput = z.infer<typeof createAgencyCaseInput>;
export const createAgencyCaseOutput = z.object({ id: z.uuid(), number: z.string() });

/** agencyCase.get */
export const getAgencyCaseInput = z.object({ id: z.uuid() }).strict();
export type GetAgencyCaseInput = z.infer<typeof getAgencyCaseInput>;

const fileRef = z.object({ id: z.uuid(), name: z.string() });
const materialState = z.enum(['missing', 'pending', 'accepted', 'rejected']);
const material = z.object({
  id: z.uuid(),
  fileId: z.uuid(),
  name: z.string(),
  size: z.number(),
  status: z.string(),
  reviewReason: z.string().nullable(),
  uploadedAt: z.string(),
  uploadedBy: z.string().nullable(),
});

export const agencyCaseOutput = z.object({
  id: z.uuid(),
  typeId: z.uuid(),
  typeName: z.string(),
  typeNameEn: z.string().nullable(),
  step: z.enum(agencySteps),
  department: z.string(),
  departmentRef: z.string().nullable(),
  submittedOn: z.string().nullable(),
  statutoryDueAt: z.string(),
  promisedDueAt: z.string(),
  workingDaysLeft: z.number(),
  atRisk: z.boolean(),
  result: z.enum(agencyResults).nullable(),
  resultFile: fileRef.nullable(),
  doneAt: z.string().nullable(),
  pickedUpAt: z.string().nullable(),
  checklistVersion: z.number().int(),
  checklist: z.array(
    z.object({
      key: z.string(),
      name: z.string(),
      nameEn: z.string().nullable().optional(),
      required: z.boolean(),
      templateFileId: z.uuid().nullable().optional(),
      notes: z.string().nullable().optional(),
      state: materialState,
      files: z.array(material),
    }),
  ),
  missingRequired: z.array(z.string()),
});

export const portalAgencyCaseOutput = z
  .object({
    audience: z.literal('portal'),
    id: z.uuid(),
    typeName: z.string(),
    typeNameEn: z.string().nullable(),
    step: z.enum(agencySteps),
    department: z.string(),
    departmentRef: z.string().nullable(),
    submittedOn: z.string().nullable(),
    statutoryDueAt: z.string(),
    promisedDueAt: z.string(),
    workingDaysLeft: z.number(),
    result: z.enum(agencyResults).nullable(),
    resultFile: fileRef.strict().nullable(),
    doneAt: z.string().nullable(),
    pickedUpAt: z.string().nullable(),
    checklist: z.array(portalChecklistEntryOutput.extend({ state: materialState, files: z.array(material.strict()) })),
  })
  .strict();

/** Staff and managers get the staff view; an enterprise admin the portal's (audience: 'portal'). */
export const getAgencyCaseOutput = z.union([portalAgencyCaseOutput, agencyCaseOutput]);

/** agencyCase.uploadMaterial: a file for one checklist entry of the case. */
export const uploadMaterialInput = z.object({ id: z.uuid(), checklistKey: line(40), fileId: z.uuid() }).strict();
export type UploadMaterialInput = z.infer<typeof uploadMaterialInput>;
export const uploadMaterialOutput = z.object({ id: z.uuid() });

/** agencyCase.reviewMaterial */
export const reviewMaterialInput = z.object({ materialId: z.uuid(), decision: z.enum(['accept', 'reject']), reason: text(1000).nullable().optional() }).strict();
export type ReviewMaterialInput = z.infer<typeof reviewMaterialInput>;

/** agencyCase.advance */
export const advanceAgencyCaseInput = z
  .object({
    id: z.uuid(),
    step: z.enum(agencySteps),
    departmentRef: line(60).nullable().optional(),
    submittedOn: z.iso.date().nullable().optional(),
    result: z.enum(agencyResults).nullable().optional(),
    resultFileId: z.uuid().nullable().optional(),
    note: text(5000).nullable().optional(),
  })
  .strict();
export type AdvanceAgencyCaseInput = z.infer<typeof advanceAgencyCaseInput>;
export const advanceAgencyCaseOutput = z.object({ step: z.enum(agencySteps) });

/** agencyCase.batchSubmit: several cases carried to one department together. */
export const batchSubmitInput = z.object({ items: z.array(z.object({ id: z.uuid(), departmentRef: line(60, { min: 1 }) }).strict()).min(1).max(50), submittedOn: z.iso.date() }).strict();
export type BatchSubmitInput = z.infer<typeof batchSubmitInput>;
export const batchSubmitOutput = z.object({ submitted: z.number().int() });

/** agencyCase.markPickedUp */
export const markPickedUpInput = z.object({ id: z.uuid() }).strict();
export type MarkPickedUpInput = z.infer<typeof markPickedUpInput>;
