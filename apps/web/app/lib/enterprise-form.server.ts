import type { DocumentType } from '@stationdesk/core';
import type { EnterpriseDetail } from './enterprise-types.ts';

/** Refusals of the enterprise use cases that concern one field of a form (see lib/action-result.server.ts). */
export const enterpriseRefusalFields = {
  'errors.enterprise.duplicateCreditCode': 'creditCode',
  'errors.creditCode.length': 'creditCode',
  'errors.creditCode.characters': 'creditCode',
  'errors.creditCode.checkCharacter': 'creditCode',
  'errors.enterprise.unknownBuilding': 'buildingId',
  'errors.enterprise.buildingNotYours': 'buildingId',
  'errors.enterprise.expiryBeforeIssue': 'expiresOn',
  'errors.enterprise.badPhone': 'phone',
  'errors.enterprise.fileNotForEnterprise': 'fileId',
  'errors.enterprise.rejectReasonRequired': 'reason',
};

// ——— the enterprise form ———

export const enterpriseFormFields = [
  'name',
  'nameEn',
  'creditCode',
  'legalRepresentative',
  'registeredCapitalWan',
  'industry',
  'establishedOn',
  'employees',
  'buildingId',
  'floor',
  'room',
  'status',
  'movedInOn',
  'movingOutOn',
  'movedOutOn',
  'deregisteredOn',
  'hasPartyBranch',
  'partyBranchName',
  'partyMembers',
  'partySecretary',
  'notes',
] as const;
export type EnterpriseFormField = (typeof enterpriseFormFields)[number];

const numberFields: Partial<Record<EnterpriseFormField, 'int' | 'decimal'>> = {
  registeredCapitalWan: 'decimal',
  employees: 'int',
  partyMembers: 'int',
};

export type EnterpriseFormValues = Partial<Record<EnterpriseFormField, string>>;

/** What the user typed, as strings — handed back so the form shows it again after an error. */
export function readEnterpriseForm(form: FormData): EnterpriseFormValues {
  const values: EnterpriseFormValues = {};
  for (const f of enterpriseFormFields) {
    const all = form.getAll(f);
    // A checkbox comes after its hidden "false": the last value wins.
    const v = all[all.length - 1];
    if (typeof v === 'string') values[f] = v;
  }
  return values;
}

/**
 * The typed values as the API's fields; only the fields the form actually sent (a status date
 * the page did not show stays untouched). Numbers are read here so "12a" is an error next to
 * its field rather than a silent null; everything else is the schema's to refuse.
 */
export function toEnterpriseFields(values: EnterpriseFormValues): { fields: Record<string, unknown>; unreadable: Record<string, string> } {
  const fields: Record<string, unknown> = {};
  /** Field → the locale key of why its number could not be read. */
  const unreadable: Record<string, string> = {};
  for (const f of enterpriseFormFields) {
    const raw = values[f];
    if (raw === undefined) continue;
    const v = raw.trim();
    const kind = numberFields[f];
    if (f === 'hasPartyBranch') fields[f] = v === 'true' || v === 'on';
    else if (kind) {
      const n = Number(v.replace(/[,，\s]/g, ''));
      if (v === '') fields[f] = null;
      else if (!Number.isFinite(n) || (kind === 'int' && !Number.isInteger(n))) unreadable[f] = kind === 'int' ? 'enterprise.form.notAWholeNumber' : 'enterprise.form.notANumber';
      else fields[f] = n;
    } else if (f === 'name' || f === 'creditCode' || f === 'buildingId' || f === 'status') fields[f] = v;
    else fields[f] = v === '' ? null : v;
  }
  return { fields, unreadable };
}

/** Only what differs from the file as it is now: an edit sends the changed fields and the version. */
export function changedFields(fields: Record<string, unknown>, current: EnterpriseDetail): Record<string, unknown> {
  const patch: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(fields)) {
    const before = (current as unknown as Record<string, unknown>)[k] ?? null;
    const after = k === 'creditCode' && typeof v === 'string' ? v.replace(/\s+/g, '').toUpperCase() : v;
    if (JSON.stringify(before) !== JSON.stringify(after ?? null)) patch[k] = v;
  }
  return patch;
}

// ——— contacts and documents ———

export const contactFields = ['name', 'title', 'phone', 'email', 'isPrimary'] as const;
export const documentFields = ['docType', 'number', 'issuer', 'issuedOn', 'expiresOn', 'fileId'] as const;

const str = (form: FormData, k: string) => {
  const v = form.get(k);
  return typeof v === 'string' ? v.trim() : '';
};
const orNull = (v: string) => (v === '' ? null : v);

export function readContact(form: FormData) {
  return {
    name: str(form, 'name'),
    title: orNull(str(form, 'title')),
    phone: orNull(str(form, 'phone')),
    email: orNull(str(form, 'email')),
    isPrimary: form.getAll('isPrimary').includes('true'),
  };
}

export function readDocument(form: FormData) {
  return {
    // Checked by the procedure's schema; an unknown type comes back as a field error.
    docType: str(form, 'docType') as DocumentType,
    number: orNull(str(form, 'number')),
    issuer: orNull(str(form, 'issuer')),
    issuedOn: orNull(str(form, 'issuedOn')),
    expiresOn: orNull(str(form, 'expiresOn')),
    fileId: orNull(str(form, 'fileId')),
  };
}

export function formString(form: FormData, key: string): string {
  return str(form, key);
}
