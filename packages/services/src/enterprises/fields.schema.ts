import { creditCodeProblem, enterpriseStatuses, industries, normalizeCode, parsePhone } from '@stationdesk/core';
import { z } from 'zod';
import { line, text } from '../schema.ts';

/** Optional text on one line: empty becomes null. */
export const optLine = (max: number) =>
  line(max)
    .nullable()
    .transform((v) => (v === '' ? null : v));
/** Optional text over several lines: empty becomes null. */
const optText = (max: number) =>
  text(max)
    .nullable()
    .transform((v) => (v === '' ? null : v));
export const optDate = z.iso.date().nullable();

/** 统一社会信用代码, normalised (upper case, no spaces) and its check character verified. */
export const creditCodeInput = line(40)
  .transform(normalizeCode)
  .superRefine((v, ctx) => {
    const problem = creditCodeProblem(v);
    if (problem) ctx.addIssue({ code: 'custom', message: `errors.creditCode.${problem}` });
  });

export const phoneInput = optLine(40).superRefine((v, ctx) => {
  if (v !== null && !parsePhone(v)) ctx.addIssue({ code: 'custom', message: 'errors.enterprise.badPhone' });
});

/** The editable fields of an enterprise file, in the API's words (what is left out takes its default). */
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
export type EnterpriseFields = z.infer<typeof enterpriseFieldsInput>;

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
