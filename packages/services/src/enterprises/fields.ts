import type { EnterpriseStatus } from '@stationdesk/core';
import type { EnterpriseFields } from './fields.schema.ts';

/** API field → column. Station follows the building and is not set directly. */
export const columnOf = {
  name: 'name',
  nameEn: 'name_en',
  creditCode: 'credit_code',
  legalRepresentative: 'legal_representative',
  registeredCapitalWan: 'registered_capital_wan',
  industry: 'industry',
  establishedOn: 'established_on',
  employees: 'employees',
  buildingId: 'building_id',
  floor: 'floor',
  room: 'room',
  status: 'status',
  movedInOn: 'moved_in_on',
  movingOutOn: 'moving_out_on',
  movedOutOn: 'moved_out_on',
  deregisteredOn: 'deregistered_on',
  hasPartyBranch: 'has_party_branch',
  partyBranchName: 'party_branch_name',
  partyMembers: 'party_members',
  partySecretary: 'party_secretary',
  notes: 'notes',
} as const satisfies Record<keyof EnterpriseFields, string>;

export type EnterpriseField = keyof EnterpriseFields;

/** Columns → API fields, for the history's field names. */
export const fieldOf = Object.fromEntries(Object.entries(columnOf).map(([f, c]) => [c, f])) as Record<string, EnterpriseField>;

/** The date that goes with a status, filled with today when the user did not give one. */
export const statusDateField: Partial<Record<EnterpriseStatus, EnterpriseField>> = {
  moving_out: 'movingOutOn',
  moved_out: 'movedOutOn',
  deregistered: 'deregisteredOn',
};
