import type { AppLoadContext } from 'react-router';
import { toAppError } from '@stationdesk/api/errors';
import { translator, type Language } from '@stationdesk/i18n';
import type { AgencyTypeResult } from './agency.ts';
import { inputFailure } from './action-failure.server.ts';
import { text } from './work-items.server.ts';

type Trpc = AppLoadContext['trpc'];

const typeFields = ['name', 'nameEn', 'code', 'department', 'statutoryDays', 'promisedDays'] as const;

/** Service errors that concern one field of the form. */
const fieldOfMessage: Record<string, string> = {
  'errors.agency.promiseBeyondStatutory': 'promisedDays',
  'errors.agency.duplicateCode': 'code',
  'errors.agency.checklistNeedsRequired': 'checklist',
  'errors.agency.duplicateChecklistKey': 'checklist',
};

interface PostedEntry {
  key: string;
  name: string;
  nameEn: string | null;
  required: boolean;
  notes: string | null;
  templateFileId?: string;
}

/** The checklist as the form posts it (JSON of the editor's rows); anything malformed is left for the procedure to refuse. */
function readChecklist(form: FormData): PostedEntry[] {
  try {
    const raw: unknown = JSON.parse(text(form, 'checklist') || '[]');
    if (!Array.isArray(raw)) return [];
    return raw.map((e: Record<string, unknown>) => ({
      key: String(e.key ?? ''),
      name: String(e.name ?? ''),
      nameEn: typeof e.nameEn === 'string' && e.nameEn.trim() ? e.nameEn : null,
      required: e.required === true,
      notes: typeof e.notes === 'string' && e.notes.trim() ? e.notes : null,
      ...(typeof e.templateFileId === 'string' && e.templateFileId ? { templateFileId: e.templateFileId } : {}),
    }));
  } catch {
    return [];
  }
}

/** A code for a type whose manager left it blank: readable enough in an export, unique in practice. */
function generatedCode(): string {
  return `type_${Date.now().toString(36)}${Math.floor(Math.random() * 1296).toString(36)}`;
}

/**
 * Creates or updates a case type from the settings form. A changed checklist becomes a new
 * version (the procedure decides); the answer says which version the type now has.
 */
export async function saveAgencyType(trpc: Trpc, lang: Language, form: FormData): Promise<AgencyTypeResult> {
  const t = translator(lang);
  const intent = text(form, 'intent');
  const id = text(form, 'id');
  const fields = {
    name: text(form, 'name'),
    nameEn: text(form, 'nameEn') || null,
    department: text(form, 'department'),
    statutoryDays: Number(text(form, 'statutoryDays') || Number.NaN),
    promisedDays: Number(text(form, 'promisedDays') || Number.NaN),
    checklist: readChecklist(form),
  };
  try {
    if (intent === 'update') {
      const before = Number(text(form, 'version'));
      const { checklistVersion } = await trpc.agencyType.update({ id, ...fields, active: text(form, 'active') === '1' });
      const message = checklistVersion !== before ? t('agency.types.savedVersion', { name: fields.name, version: checklistVersion }) : t('agency.types.saved', { name: fields.name });
      return { ok: true, intent, message };
    }
    await trpc.agencyType.create({ code: text(form, 'code') || generatedCode(), ...fields });
    return { ok: true, intent, message: t('agency.types.created', { name: fields.name }) };
  } catch (e) {
    const invalid = inputFailure(
      e,
      lang,
      (path) =>
        path[0] === 'checklist' && typeof path[1] === 'number' && typeof path[2] === 'string'
          ? `checklist.${path[1]}.${path[2]}`
          : path[0] === 'checklist'
            ? 'checklist'
            : typeof path[0] === 'string' && (typeFields as readonly string[]).includes(path[0])
              ? path[0]
              : undefined,
      t('workItems.common.separator'),
    );
    if (invalid) return { ok: false, intent, ...invalid };
    const appError = toAppError(e);
    const message = t(appError.messageKey, appError.params);
    const field = fieldOfMessage[appError.messageKey];
    return field ? { ok: false, intent, error: null, fieldErrors: { [field]: message } } : { ok: false, intent, error: message, fieldErrors: {} };
  }
}
