import { z } from 'zod';
import { line, text } from '../schema.ts';

const checklistItemInput = z
  .object({
    key: z.string().regex(/^[a-z0-9_]{1,40}$/),
    name: line(60, { min: 1 }),
    nameEn: line(100).nullable().optional(),
    required: z.boolean(),
    templateFileId: z.uuid().nullable().optional(),
    notes: text(300).nullable().optional(),
  })
  .strict();

const typeFields = {
  name: line(60, { min: 1 }),
  nameEn: line(100).nullable(),
  department: line(100, { min: 1 }),
  statutoryDays: z.number().int().min(1).max(365),
  promisedDays: z.number().int().min(1).max(365),
  checklist: z.array(checklistItemInput).min(1).max(40),
};

/** agencyType.list: the active types, or all. */
export const listAgencyTypesInput = z.object({ includeInactive: z.boolean().optional() }).strict().optional();
export type ListAgencyTypesInput = z.infer<typeof listAgencyTypesInput>;
export const agencyTypeOutput = z.object({
  id: z.uuid(),
  code: z.string(),
  name: z.string(),
  nameEn: z.string().nullable(),
  department: z.string(),
  statutoryDays: z.number().int(),
  promisedDays: z.number().int(),
  active: z.boolean(),
  checklistId: z.uuid(),
  checklistVersion: z.number().int(),
  checklist: z.array(
    z.object({ key: z.string(), name: z.string(), nameEn: z.string().nullable().optional(), required: z.boolean(), templateFileId: z.uuid().nullable().optional(), notes: z.string().nullable().optional() }),
  ),
});
export const listAgencyTypesOutput = z.array(agencyTypeOutput);

/**
 * What an enterprise admin receives (portal-view.ts): its own allow-lists, strict so a field the
 * view did not name is an error rather than passed on.
 */
export const portalChecklistEntryOutput = z
  .object({ key: z.string(), name: z.string(), nameEn: z.string().nullable(), required: z.boolean(), templateFileId: z.uuid().nullable(), notes: z.string().nullable() })
  .strict();

/** agencyType.portalList: the catalogue an enterprise admin reads — the active types, what each takes and how long. */
export const listPortalAgencyTypesOutput = z
  .object({
    audience: z.literal('portal'),
    types: z.array(
      z
        .object({
          id: z.uuid(),
          name: z.string(),
          nameEn: z.string().nullable(),
          department: z.string(),
          statutoryDays: z.number().int(),
          promisedDays: z.number().int(),
          checklist: z.array(portalChecklistEntryOutput),
        })
        .strict(),
    ),
  })
  .strict();

/** agencyType.create */
export const createAgencyTypeInput = z.object({ code: z.string().regex(/^[a-z0-9_-]{2,40}$/), ...typeFields }).strict();
export type CreateAgencyTypeInput = z.infer<typeof createAgencyTypeInput>;
export const createAgencyTypeOutput = z.object({ id: z.uuid() });

/** agencyType.update: what is sent changes; a changed checklist becomes a new version. */
export const updateAgencyTypeInput = z
  .object({
    id: z.uuid(),
    name: typeFields.name.optional(),
    nameEn: typeFields.nameEn.optional(),
    department: typeFields.department.optional(),
    statutoryDays: typeFields.statutoryDays.optional(),
    promisedDays: typeFields.promisedDays.optional(),
    checklist: typeFields.checklist.optional(),
    active: z.boolean().optional(),
  })
  .strict();
export type UpdateAgencyTypeInput = z.infer<typeof updateAgencyTypeInput>;
export const updateAgencyTypeOutput = z.object({ checklistVersion: z.number().int() });
