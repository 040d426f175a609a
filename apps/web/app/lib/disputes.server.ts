import { toAppError } from '@stationdesk/api/errors';
import { translator, type Language } from '@stationdesk/i18n';
import { inputFailure } from './action-failure.server.ts';
import type { DisputeActionResult, RevealedParty } from './disputes.ts';

/** Service errors that concern one field of a dispute form rather than the whole of it. */
const fieldOfMessage: Record<string, string> = {
  'errors.dispute.peopleAtLeastOne': 'peopleInvolved',
  'errors.dispute.negativeAmount': 'amountYuan',
  'errors.dispute.partiesRequired': 'parties',
  'errors.dispute.sessionInFuture': 'heldAt',
  'errors.dispute.referredToRequired': 'referredTo',
  'errors.dispute.agreementRequired': 'agreementNumber',
  'errors.workItem.badAttachment': 'fileId',
};

/** Party errors name the party: they sit next to that party's field. */
const partyFieldOfMessage: Record<string, string> = {
  'errors.dispute.badPhone': 'phone',
  'errors.dispute.idNumber.length': 'idNumber',
  'errors.dispute.idNumber.characters': 'idNumber',
  'errors.dispute.idNumber.birthDate': 'idNumber',
  'errors.dispute.idNumber.checkDigit': 'idNumber',
};

export interface FailureContext {
  lang: Language;
  intent: string;
  /** Which form on the page (an intent may be offered once per party or warning). */
  key?: string;
  /** Field names of the form; issues on other paths become the general sentence. */
  fields: readonly string[];
  /** What was typed, handed back so the form shows it again. */
  values: Record<string, string>;
  /** The parties as sent, to find which one an error names. */
  parties?: readonly { name: string; kind: string; idNumber?: string | null }[];
}

/**
 * A failed procedure call as the form shows it: input issues next to their fields (a party's
 * `parties.2.phone` → `party.2.phone`), errors naming a party next to that party's field, the rest
 * as one sentence; a conflict (someone moved the case first) flagged.
 */
export function disputeFailure(e: unknown, c: FailureContext): DisputeActionResult {
  const t = translator(c.lang);
  const key = c.key ?? c.intent;
  const base = { ok: false as const, intent: c.intent, key, values: c.values };
  const invalid = inputFailure(
    e,
    c.lang,
    (path) => {
      const partyIndex = path[0] === 'parties' && typeof path[1] === 'number' ? path[1] : null;
      const named = [...path].reverse().find((p) => typeof p === 'string' && p !== 'parties') as string | undefined;
      return partyIndex !== null && named ? `party.${partyIndex}.${named}` : named && c.fields.includes(named) ? named : undefined;
    },
    t('workItems.common.separator'),
  );
  if (invalid) return { ...base, ...invalid };
  const appError = toAppError(e);
  const message = t(appError.messageKey, appError.params);
  const partyField = partyFieldOfMessage[appError.messageKey];
  if (partyField && c.parties) {
    const name = String(appError.params?.name ?? '');
    const index = c.parties.findIndex((p) => p.name.trim() === name.trim());
    if (index >= 0) return { ...base, error: null, fieldErrors: { [`party.${index}.${partyField}`]: message } };
  }
  if (appError.messageKey === 'errors.dispute.idForPersonsOnly' && c.parties) {
    const index = c.parties.findIndex((p) => p.kind !== 'person' && p.idNumber);
    if (index >= 0) return { ...base, error: null, fieldErrors: { [`party.${index}.idNumber`]: message } };
  }
  const field = fieldOfMessage[appError.messageKey];
  if (field && c.fields.includes(field)) return { ...base, error: null, fieldErrors: { [field]: message } };
  const conflict = appError.code === 'CONFLICT' && (appError.messageKey === 'errors.concurrentEdit' || appError.messageKey === 'errors.workItem.transitionNotAllowed');
  return { ...base, error: message, fieldErrors: {}, ...(conflict ? { conflict: true } : {}) };
}

/** A required field left empty, refused before calling the procedure. */
export function disputeMissing(lang: Language, c: Omit<FailureContext, 'lang' | 'fields'>, field: string, messageKey: string): DisputeActionResult {
  return { ok: false, intent: c.intent, key: c.key ?? c.intent, error: null, fieldErrors: { [field]: translator(lang)(messageKey) }, values: c.values };
}

export function disputeDone(intent: string, message: string, extra: { key?: string; revealed?: RevealedParty; fileId?: string } = {}): DisputeActionResult {
  return { ok: true, intent, key: extra.key ?? intent, message, at: Date.now(), ...(extra.revealed ? { revealed: extra.revealed } : {}), ...(extra.fileId ? { fileId: extra.fileId } : {}) };
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
