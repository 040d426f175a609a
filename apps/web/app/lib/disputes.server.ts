import { toAppError } from '@stationdesk/api/errors';
import { translator } from '@stationdesk/i18n';
import { actionFailure, lastNamedField, zodIssuesOf, type FailureContext } from './action-result.server.ts';
import type { ActionFailure } from './action-result.ts';

export type { DisputeDone } from './disputes.ts';

/** Refusals of the dispute use cases that concern one field of a dispute form rather than the whole of it. */
const refusalFields: Record<string, string> = {
  'errors.dispute.peopleAtLeastOne': 'peopleInvolved',
  'errors.dispute.negativeAmount': 'amountYuan',
  'errors.dispute.partiesRequired': 'parties',
  'errors.dispute.sessionInFuture': 'heldAt',
  'errors.dispute.referredToRequired': 'referredTo',
  'errors.dispute.agreementRequired': 'agreementNumber',
  'errors.workItem.badAttachment': 'fileId',
};

/** Party refusals name the party: they sit next to that party's field. */
const partyRefusalFields: Record<string, string> = {
  'errors.dispute.badPhone': 'phone',
  'errors.dispute.idNumber.length': 'idNumber',
  'errors.dispute.idNumber.characters': 'idNumber',
  'errors.dispute.idNumber.birthDate': 'idNumber',
  'errors.dispute.idNumber.checkDigit': 'idNumber',
};

/** The outcome form names the agreement's fields after the agreement (`agreement.number` → agreementNumber). */
const agreementFieldNames: Record<string, string> = { number: 'agreementNumber', amountYuan: 'agreementAmount' };

export interface DisputeFailureContext extends Omit<FailureContext, 'fieldOf' | 'refusalFields'> {
  /** The form's field names (the party fields aside); issues and refusals on other fields become the sentence. */
  fields: readonly string[];
  /** The parties as sent, to find which one a refusal names. */
  parties?: readonly { name: string; kind: string; idNumber?: string | null }[];
}

/**
 * Where an issue of a dispute procedure sits on its form: a party's `parties.2.phone` at
 * `party.2.phone`, the agreement's `agreement.number` at agreementNumber, the rest by the last
 * named segment.
 */
function disputeFieldOf(fields: readonly string[]) {
  const named = lastNamedField(fields);
  return (path: readonly PropertyKey[]): string | undefined => {
    if (path[0] === 'parties') {
      const field = typeof path[1] === 'number' ? path.slice(2).findLast((p): p is string => typeof p === 'string') : undefined;
      return field ? `party.${path[1] as number}.${field}` : fields.includes('parties') ? 'parties' : undefined;
    }
    if (path[0] === 'agreement' && typeof path[1] === 'string') {
      const field = agreementFieldNames[path[1]] ?? path[1];
      return fields.includes(field) ? field : undefined;
    }
    return named(path);
  };
}

/**
 * A refused dispute form (the one failure shape, lib/action-result.ts): input issues next to
 * their fields, a refusal naming a party next to that party's field, the rest as one sentence.
 */
export function disputeFailure(e: unknown, c: DisputeFailureContext): ActionFailure {
  const t = translator(c.lang);
  const base = { ok: false as const, intent: c.intent, ...(c.form && c.form !== c.intent ? { form: c.form } : {}), ...(c.values ? { values: c.values } : {}) };
  if (!zodIssuesOf(e) && c.parties) {
    const appError = toAppError(e);
    const message = t(appError.messageKey, appError.params);
    const partyField = partyRefusalFields[appError.messageKey];
    const name = String(appError.params.name ?? '').trim();
    const index = partyField
      ? c.parties.findIndex((p) => p.name.trim() === name)
      : appError.messageKey === 'errors.dispute.idForPersonsOnly'
        ? c.parties.findIndex((p) => p.kind !== 'person' && p.idNumber)
        : -1;
    if (index >= 0) return { ...base, error: null, fieldErrors: { [`party.${index}.${partyField ?? 'idNumber'}`]: message } };
  }
  return actionFailure(e, { ...c, fieldOf: disputeFieldOf(c.fields), refusalFields });
}

/** Every string field of the form, as typed (files and repeated fields aside). */
export function typedValues(form: FormData): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [k, v] of form.entries()) if (typeof v === 'string' && k !== 'intent') values[k] = v;
  return values;
}

export function field(form: FormData, key: string): string {
  const v = form.get(key);
  return typeof v === 'string' ? v.trim() : '';
}

/** A number typed by a person: '' → null, '1,200' / '１２００' → 1200, anything else → NaN. */
export function numberField(form: FormData, key: string): number | null {
  const raw = field(form, key)
    .replace(/[０-９．]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[,，\s]/g, '');
  if (raw === '') return null;
  return Number(raw);
}

export function checked(form: FormData, key: string): boolean {
  const all = form.getAll(key);
  return all.includes('1') || all.includes('on') || all.includes('true');
}
