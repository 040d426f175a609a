import type { AppLoadContext } from 'react-router';
import { translator, type Language } from '@stationdesk/i18n';
import { actionFailure } from './action-result.server.ts';
import type { ActionDone, ActionFailure } from './action-result.ts';
import { text } from './work-items.server.ts';

type Trpc = AppLoadContext['trpc'];

const typeFields = ['name', 'nameEn', 'code', 'department', 'statutoryDays', 'promisedDays'] as const;

/** Refusals of the case-type use cases that concern one field of the form. */
const refusalFields = {
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
export async function saveAgencyType(trpc: Trpc, lang: Language, form: FormData): Promise<ActionDone | ActionFailure> {
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
    // The checklist comes as one JSON field: what was sent, by the names the form shows its errors under.
    const sent = {
      ...Object.fromEntries(typeFields.map((f) => [f, text(form, f)])),
      ...Object.fromEntries(fields.checklist.flatMap((entry, i) => [[`checklist.${i}.name`, entry.name], [`checklist.${i}.nameEn`, entry.nameEn ?? ''], [`checklist.${i}.notes`, entry.notes ?? '']])),
    };
    return actionFailure(e, {
      lang,
      intent,
      posted: sent,
      refusalFields,
      // A checklist row's issue sits at that row's field (`checklist.2.name`), the list's own at the list.
      fieldOf: (path) =>
        path[0] === 'checklist' && typeof path[1] === 'number' && typeof path[2] === 'string'
          ? `checklist.${path[1]}.${path[2]}`
          : path[0] === 'checklist'
            ? 'checklist'
            : typeof path[0] === 'string' && (typeFields as readonly string[]).includes(path[0])
              ? path[0]
              : undefined,
    });
  }
}
