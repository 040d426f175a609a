import { changeRequestKinds, creditCodeProblem, documentTypes, enterpriseStatuses, industries, normalizeCode, parsePhone } from '@stationdesk/core';
import { z } from 'zod';
import { line, tagOutput, text } from '@stationdesk/services';

/** Optional text on one line: empty becomes null. */
const optLine = (max: number) =>
  line(max)
    .nullable()
    .transform((v) => (v === '' ? null : v));
/** Optional text over several lines: empty becomes null. */
const optText = (max: number) =>
  text(max)
    .nullable()
    .transform((v) => (v === '' ? null : v));
const optDate = z.iso.date().nullable();

export const creditCodeInput = line(40).transform(normalizeCode)
  .superRefine((v, ctx) => {
    const problem = creditCodeProblem(v);
    if (problem) ctx.addIssue({ code: 'custom', message: `errors.creditCode.${problem}` });
  });

const phoneInput = optLine(40).superRefine((v, ctx) => {
  if (v !== null && !parsePhone(v)) ctx.addIssue({ code: 'custom', message: 'errors.enterprise.badPhone' });
});

export const enterpriseFieldsInput = z.object({
  name: line(200, { min: 2 }),
  nameEn: optLine(300).default(null),
  creditCode: creditCodeInput,
  legalRepresentative: optLine(100).default(null),
  registeredCapitalWan: z.number().min(0).max(1e10).nullable().default(null),
  industry: z.enum(industries).nullable().default(null),
  establishedOn: optDate.default(null),
  employees: z.number().int().min(0).max(1_000_000).nullable().default(null),
  buildingId: z.uuid(),
  floor: optLine(20).default(null),
  room: optLine(40).default(null),
  status: z.enum(enterpriseStatuses).default('active'),
  movedInOn: optDate.default(null),
  movingOutOn: optDate.default(null),
  movedOutOn: optDate.default(null),
  deregisteredOn: optDate.default(null),
  hasPartyBranch: z.boolean().default(false),
  partyBranchName: optLine(200).default(null),
  partyMembers: z.number().int().min(0).max(100_000).nullable().default(null),
  partySecretary: optLine(100).default(null),
  notes: optText(10_000).default(null),
});

/** An update sends only what changed; absent means unchanged. */
export const enterprisePatchInput = z
  .object({
    name: line(200, { min: 2 }),
    nameEn: optLine(300),
    creditCode: creditCodeInput,
    legalRepresentative: optLine(100),
    registeredCapitalWan: z.number().min(0).max(1e10).nullable(),
    industry: z.enum(industries).nullable(),
    establishedOn: optDate,
    employees: z.number().int().min(0).max(1_000_000).nullable(),
    buildingId: z.uuid(),
    floor: optLine(20),
    room: optLine(40),
    status: z.enum(enterpriseStatuses),
    movedInOn: optDate,
    movingOutOn: optDate,
    movedOutOn: optDate,
    deregisteredOn: optDate,
    hasPartyBranch: z.boolean(),
    partyBranchName: optLine(200),
    partyMembers: z.number().int().min(0).max(100_000).nullable(),
    partySecretary: optLine(100),
    notes: optText(10_000),
  })
  .partial()
  .strict();

export const contactInput = z.object({
  name: line(100, { min: 1 }),
  title: optLine(100).default(null),
  phone: phoneInput.default(null),
  email: z
    .email()
    .max(254)
    .nullable()
    .or(z.literal('').transform(() => null))
    .default(null),
  isPrimary: z.boolean().default(false),
});

export const documentInput = z.object({
  docType: z.enum(documentTypes),
  number: optLine(100).default(null),
  issuer: optLine(200).default(null),
  issuedOn: optDate.default(null),
  expiresOn: optDate.default(null),
  fileId: z.uuid().nullable().default(null),
});

export const summaryOutput = z.object({
  id: z.uuid(),
  name: z.string(),
  nameEn: z.string().nullable(),
  creditCode: z.string(),
  stationId: z.uuid(),
  stationName: z.string(),
  stationNameEn: z.string().nullable(),
  buildingId: z.uuid(),
  buildingName: z.string(),
  buildingNameEn: z.string().nullable(),
  floor: z.string().nullable(),
  room: z.string().nullable(),
  status: z.string(),
  industry: z.string().nullable(),
  employees: z.number().nullable(),
  primaryContact: z.object({ name: z.string(), phone: z.string().nullable() }).nullable(),
  nextExpiry: z.string().nullable(),
  tags: z.array(tagOutput),
  updatedAt: z.string(),
});

export const detailOutput = z.object({
  id: z.uuid(),
  name: z.string(),
  nameEn: z.string().nullable(),
  creditCode: z.string(),
  legalRepresentative: z.string().nullable(),
  registeredCapitalWan: z.number().nullable(),
  industry: z.string().nullable(),
  establishedOn: z.string().nullable(),
  employees: z.number().nullable(),
  stationId: z.uuid(),
  stationName: z.string(),
  stationNameEn: z.string().nullable(),
  buildingId: z.uuid(),
  buildingName: z.string(),
  buildingNameEn: z.string().nullable(),
  floor: z.string().nullable(),
  room: z.string().nullable(),
  status: z.string(),
  movedInOn: z.string().nullable(),
  movingOutOn: z.string().nullable(),
  movedOutOn: z.string().nullable(),
  deregisteredOn: z.string().nullable(),
  hasPartyBranch: z.boolean(),
  partyBranchName: z.string().nullable(),
  partyMembers: z.number().nullable(),
  partySecretary: z.string().nullable(),
  notes: z.string().nullable().optional(),
  version: z.number().int(),
  contacts: z.array(
    z.object({ id: z.uuid(), name: z.string(), title: z.string().nullable(), phone: z.string().nullable(), email: z.string().nullable(), isPrimary: z.boolean() }),
  ),
  documents: z.array(
    z.object({
      id: z.uuid(),
      docType: z.string(),
      number: z.string().nullable(),
      issuer: z.string().nullable(),
      issuedOn: z.string().nullable(),
      expiresOn: z.string().nullable(),
      file: z.object({ id: z.uuid(), name: z.string(), contentType: z.string(), size: z.number() }).nullable(),
      updatedAt: z.string(),
    }),
  ),
  tags: z.array(tagOutput),
  pendingChanges: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const changeOutput = z.object({
  id: z.uuid(),
  enterpriseId: z.uuid(),
  enterpriseName: z.string(),
  kind: z.enum(changeRequestKinds),
  targetId: z.uuid().nullable(),
  payload: z.record(z.string(), z.unknown()),
  status: z.enum(['pending', 'approved', 'rejected']),
  proposedBy: z.uuid(),
  proposedByName: z.string().nullable(),
  proposedAt: z.string(),
  reviewedAt: z.string().nullable(),
  reviewReason: z.string().nullable(),
});

export const listFilterInput = z
  .object({
    stationId: z.uuid().optional(),
    buildingId: z.uuid().optional(),
    status: z.enum(enterpriseStatuses).optional(),
    tagId: z.uuid().optional(),
    industry: z.enum(industries).optional(),
    expiringWithinDays: z.number().int().min(0).max(366).optional(),
    q: line(100).optional(),
    sort: z.enum(['name', 'updated']).optional(),
  })
  .strict();

