import type { AppLoadContext } from 'react-router';
import { agencySteps, localDate, portalView, staffView, type AgencyResult, type AgencyStepName } from '@stationdesk/core';
import { translator, type Language } from '@stationdesk/i18n';
import type { AgencyCaseView, PortalAgencyCaseView } from './agency-case.ts';
import { formFailure, notFoundOr } from './action-result.server.ts';
import { itemFailure, orNull, text, type ItemStepResult } from './work-items.server.ts';

type Trpc = AppLoadContext['trpc'];

/** The case behind an agency item, as staff see it (the item page). */
export async function loadAgencyCase(trpc: Trpc, itemId: string, timezone: string): Promise<AgencyCaseView> {
  const agency = staffView(await trpc.agencyCase.get({ id: itemId }).catch(notFoundOr));
  return { ...agency, today: localDate(new Date(), timezone) };
}

/** The case behind an agency item, as its enterprise admin sees it (the portal). */
export async function loadPortalAgencyCase(trpc: Trpc, itemId: string): Promise<PortalAgencyCaseView> {
  return portalView(await trpc.agencyCase.get({ id: itemId }).catch(notFoundOr));
}

/** Refusals of the case's use cases that concern one field of an agency form: shown next to it. */
const refusalFields = {
  'errors.agency.refRequired': 'departmentRef',
  'errors.agency.resultRequired': 'result',
  'errors.agency.rejectReasonRequired': 'reason',
  'errors.workItem.badAttachment': 'fileId',
};

const fields = ['departmentRef', 'submittedOn', 'result', 'resultFileId', 'note', 'reason', 'fileId', 'checklistKey'];

/**
 * The agency forms of the item page and the portal post here with an `intent` (see
 * agencyIntents); the procedures decide who may and what each step needs — a missing reference
 * number, result or reason comes back next to its field.
 */
export async function runAgencyAction(trpc: Trpc, lang: Language, itemId: string, form: FormData): Promise<ItemStepResult> {
  const t = translator(lang);
  const intent = text(form, 'intent');
  const a = trpc.agencyCase;
  try {
    switch (intent) {
      case 'agencyUpload':
        await a.uploadMaterial({ id: itemId, checklistKey: text(form, 'checklistKey'), fileId: text(form, 'fileId') });
        return { ok: true, intent, message: t('agencyCase.result.uploaded', { name: text(form, 'entryName') || text(form, 'checklistKey') }) };
      case 'agencyReview': {
        const decision = text(form, 'decision') === 'reject' ? 'reject' : 'accept';
        await a.reviewMaterial({ materialId: text(form, 'materialId'), decision, reason: decision === 'reject' ? orNull(text(form, 'reason')) : null });
        return { ok: true, intent, message: t(decision === 'reject' ? 'agencyCase.result.rejected' : 'agencyCase.result.accepted') };
      }
      case 'agencyAdvance': {
        const step = text(form, 'step') as AgencyStepName;
        if (!agencySteps.includes(step)) return formFailure({ lang, intent }, 'errors.invalidInput');
        const result = orNull(text(form, 'result')) as AgencyResult | null;
        await a.advance({
          id: itemId,
          step,
          note: orNull(text(form, 'note')),
          ...(step === 'submitted' ? { departmentRef: orNull(text(form, 'departmentRef')), submittedOn: orNull(text(form, 'submittedOn')) } : {}),
          ...(step === 'done' ? { result, resultFileId: orNull(text(form, 'resultFileId')) } : {}),
        });
        const message = step === 'done' ? t('agencyCase.result.done', { result: t(`vocab.agencyResult.${result}`) }) : t('agencyCase.result.advanced', { step: t(`vocab.agencyStep.${step}`) });
        return { ok: true, intent, message };
      }
      case 'agencyPickedUp':
        await a.markPickedUp({ id: itemId });
        return { ok: true, intent, message: t('agencyCase.result.pickedUp') };
      default:
        return formFailure({ lang, intent }, 'errors.invalidInput');
    }
  } catch (e) {
    // The result's document is the advance form's file.
    return itemFailure(e, { lang, intent, fields, posted: form, refusalFields: intent === 'agencyAdvance' ? { ...refusalFields, 'errors.workItem.badAttachment': 'resultFileId' } : refusalFields });
  }
}
