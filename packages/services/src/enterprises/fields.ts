import type { EnterpriseStatus, Industry } from '@stationdesk/core';

/** The editable fields of an enterprise file, in the API's words. */
export interface EnterpriseFields {
  name: string;
  nameEn: string | null;
  creditCode: string;
  legalRepresentative: string | null;
  registeredCapitalWan: number | null;
  industry: Industry | null;
  establishedOn: string | null;
  employees: number | null;
  buildingId: string;
  floor: string | null;
  room: string | null;
  status: EnterpriseStatus;
  movedInOn: string | null;
  movingOutOn: string | null;
  movedOutOn: string | null;
  deregisteredOn: string | null;
  hasPartyBranch: boolean;
  partyBranchName: string | null;
  partyMembers: number | null;
  partySecretary: string | null;
  notes: string | null;
}

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
