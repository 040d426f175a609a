import { z } from 'zod';
import { tagOutput } from './tags.schema.ts';

/** A row of the registry. */
export const enterpriseSummaryOutput = z.object({
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
export type EnterpriseSummary = z.infer<typeof enterpriseSummaryOutput>;

const contactOutput = z.object({ id: z.uuid(), name: z.string(), title: z.string().nullable(), phone: z.string().nullable(), email: z.string().nullable(), isPrimary: z.boolean() });
export type ContactView = z.infer<typeof contactOutput>;

const documentOutput = z.object({
  id: z.uuid(),
  docType: z.string(),
  number: z.string().nullable(),
  issuer: z.string().nullable(),
  issuedOn: z.string().nullable(),
  expiresOn: z.string().nullable(),
  file: z.object({ id: z.uuid(), name: z.string(), contentType: z.string(), size: z.number() }).nullable(),
  updatedAt: z.string(),
});
export type DocumentView = z.infer<typeof documentOutput>;

/** The whole file. */
export const enterpriseDetailOutput = z.object({
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
  /** Internal notes of the station; absent for enterprise admins. */
  notes: z.string().nullable().optional(),
  version: z.number().int(),
  contacts: z.array(contactOutput),
  documents: z.array(documentOutput),
  tags: z.array(tagOutput),
  pendingChanges: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type EnterpriseDetail = z.infer<typeof enterpriseDetailOutput>;
