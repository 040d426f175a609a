import { z } from 'zod';
import { isRealDate, partyOrgSources, partyOrgStatuses, partyOrgTypes, signUpStatuses } from '@stationdesk/core';
import { idempotencyKey, line, text } from '../schema.ts';

const localDay = z.string().refine(isRealDate, { message: 'YYYY-MM-DD' });

/** A registry row as everyone sees it: the contact masked (王** / 138****5678) until revealed. */
export const partyOrgView = z.object({
  id: z.uuid(),
  /** registry: the organisation's own record; enterprise: a branch read from the enterprise file (edited there). */
  source: z.enum(partyOrgSources),
  type: z.enum(partyOrgTypes),
  name: z.string(),
  contactName: z.string().nullable(),
  contactPhone: z.string().nullable(),
  members: z.number().int().nullable(),
  joinedOn: z.string().nullable(),
  status: z.enum(partyOrgStatuses),
  leftOn: z.string().nullable(),
  stationId: z.uuid(),
  stationName: z.string(),
  stationNameEn: z.string().nullable(),
  enterpriseId: z.uuid().nullable(),
  notes: z.string().nullable(),
  version: z.number().int(),
});
export type PartyOrgView = z.infer<typeof partyOrgView>;

const filters = {
  type: z.enum(partyOrgTypes).optional(),
  stationId: z.uuid().optional(),
  status: z.enum(partyOrgStatuses).optional(),
  /** Part of the name. */
  q: line(50).optional(),
};

/** partyOrg.list: the registry (managers: the tenant's; staff: their stations'), by type and name, a keyset page at a time. */
export const listPartyOrgsInput = z
  .object({
    ...filters,
    /** The previous page's nextCursor: the page after it, same filters. */
    cursor: line(1000, { min: 1 }).optional(),
    limit: z.number().int().min(1).max(200).optional(),
  })
  .strict()
  .optional();
export type ListPartyOrgsInput = z.infer<typeof listPartyOrgsInput>;

const typeCounts = z.object(Object.fromEntries(partyOrgTypes.map((t) => [t, z.number().int()])) as Record<(typeof partyOrgTypes)[number], z.ZodNumber>);
export type PartyOrgTypeCounts = z.infer<typeof typeCounts>;

export const listPartyOrgsOutput = z.object({
  items: z.array(partyOrgView),
  /** The cursor of the page after this one; null on the last page. */
  nextCursor: z.string().nullable(),
  /** Counts of the rows matching the station, status and name filters, per type and per station and type. */
  counts: z.object({
    total: z.number().int(),
    byType: typeCounts,
    byStation: z.array(z.object({ stationId: z.uuid(), stationName: z.string(), stationNameEn: z.string().nullable(), total: z.number().int(), byType: typeCounts })),
  }),
});
export type PartyOrgList = z.infer<typeof listPartyOrgsOutput>;

export const getPartyOrgInput = z.object({ id: z.uuid() }).strict();
export type GetPartyOrgInput = z.infer<typeof getPartyOrgInput>;
/** partyOrg.get: the row and its batches on duty, latest first. */
export const getPartyOrgOutput = partyOrgView.extend({
  batches: z.array(
    z.object({
      id: z.uuid(),
      shiftId: z.uuid(),
      postName: z.string(),
      shiftDate: z.string(),
      startsAt: z.string(),
      endsAt: z.string(),
      members: z.number().int(),
      status: z.enum(signUpStatuses),
    }),
  ),
});
export type PartyOrgDetail = z.infer<typeof getPartyOrgOutput>;

const contactName = line(100, { min: 1 });
/** A mainland phone (mobile, landline with its area code, 400/800); stored normalised. */
const contactPhone = line(40, { min: 3 });

/** partyOrg.create: an organisation that is not an enterprise of the buildings (those come from their files). */
export const createPartyOrgInput = z
  .object({
    type: z.enum(partyOrgTypes),
    name: line(200, { min: 1 }),
    contactName: contactName.nullable().optional(),
    contactPhone: contactPhone.nullable().optional(),
    members: z.number().int().min(0).max(100000).nullable().optional(),
    joinedOn: localDay.nullable().optional(),
    stationId: z.uuid(),
    notes: text(1000).nullable().optional(),
    idempotencyKey: idempotencyKey.optional(),
  })
  .strict();
export type CreatePartyOrgInput = z.infer<typeof createPartyOrgInput>;
export const createPartyOrgOutput = z.object({ id: z.uuid() });

/** partyOrg.update: what is given replaces what the record had; `version` is the one the form read. */
export const updatePartyOrgInput = z
  .object({
    id: z.uuid(),
    version: z.number().int().min(1),
    type: z.enum(partyOrgTypes).optional(),
    name: line(200, { min: 1 }).optional(),
    contactName: contactName.nullable().optional(),
    contactPhone: contactPhone.nullable().optional(),
    members: z.number().int().min(0).max(100000).nullable().optional(),
    joinedOn: localDay.nullable().optional(),
    status: z.enum(partyOrgStatuses).optional(),
    leftOn: localDay.nullable().optional(),
    stationId: z.uuid().optional(),
    notes: text(1000).nullable().optional(),
  })
  .strict();
export type UpdatePartyOrgInput = z.infer<typeof updatePartyOrgInput>;
export const updatePartyOrgOutput = partyOrgView;

/** partyOrg.revealContact: the contact unmasked, with the reason kept in the audit log. */
export const revealPartyOrgContactInput = z.object({ id: z.uuid(), reason: text(500, { min: 2 }) }).strict();
export type RevealPartyOrgContactInput = z.infer<typeof revealPartyOrgContactInput>;
export const revealPartyOrgContactOutput = z.object({ id: z.uuid(), contactName: z.string().nullable(), contactPhone: z.string().nullable() });

/** partyOrg.export: the registry as filtered, as .xlsx (contacts masked). */
export const exportPartyOrgsInput = z.object(filters).strict().optional();
export type ExportPartyOrgsInput = z.infer<typeof exportPartyOrgsInput>;
export const exportPartyOrgsOutput = z.object({ fileId: z.uuid(), fileName: z.string(), rows: z.number().int() });

/** partyOrg.options: the active organisations a batch can be signed up for (no contacts). */
export const partyOrgOptionsOutput = z.array(z.object({ id: z.uuid(), name: z.string(), type: z.enum(partyOrgTypes), source: z.enum(partyOrgSources), stationId: z.uuid() }));
export type PartyOrgOptions = z.infer<typeof partyOrgOptionsOutput>;
