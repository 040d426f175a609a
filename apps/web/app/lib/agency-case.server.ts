import type { AppLoadContext } from 'react-router';
import { toAppError } from '@stationdesk/api/errors';
import { agencyResults, agencySteps, localDate, portalView, staffView, type AgencyResult, type AgencyStepName } from '@stationdesk/core';
import { translator, type Language } from '@stationdesk/i18n';
import type { AgencyCaseView, PortalAgencyCaseView } from './agency-case.ts';
import { notFoundOr } from './action-failure.server.ts';
import { itemFailure, missing, orNull, text, type ItemActionResult } from './work-items.server.ts';

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

/** Service refusals that concern one field of an agency form: shown next to it. */
const fieldOfMessage: Record<string, string> = {
  'errors.agency.refRequired': 'departmentRef',
  'errors.agency.resultRequired': 'result',
  'errors.agency.rejectReasonRequired': 'reason',
  'errors.workItem.badAttachment': 'fileId',
};

const fields = ['departmentRef', 'submittedOn', 'result', 'resultFileId', 'note', 'reason', 'fileId', 'checklistKey'];

/**
 * The agency forms of the item page and the portal post here with an `intent` (see
 * agencyIntents); the procedures decide who may. Required fields are checked first so the
 * message sits next to the field.
 */
export async function runAgencyAction(trpc: Trpc, lang: Language, itemId: string, form: FormData): Promise<ItemActionResult> {
  const t = translator(lang);
  const intent = text(form, 'intent');
  const a = trpc.agencyCase;
  try {
    switch (intent) {
      case 'agencyUpload': {
        const fileId = text(form, 'fileId');
        if (!fileId) return missing(lang, intent, 'fileId', 'agencyCase.upload.fileRequired');
        await a.uploadMaterial({ id: itemId, checklistKey: text(form, 'checklistKey'), fileId });
        return { ok: true, intent, message: t('agencyCase.result.uploaded', { name: text(form, 'entryName') || text(form, 'checklistKey') }) };
      }
      case 'agencyReview': {
        const decision = text(form, 'decision') === 'reject' ? 'reject' : 'accept';
        const reason = text(form, 'reason');
        if (decision === 'reject' && !reason) return missing(lang, intent, 'reason', 'errors.agency.rejectReasonRequired');
        await a.reviewMaterial({ materialId: text(form, 'materialId'), decision, reason: decision === 'reject' ? reason : null });
        return { ok: true, intent, message: t(decision === 'reject' ? 'agencyCase.result.rejected' : 'agencyCase.result.accepted') };
      }
      case 'agencyAdvance': {
        const step = text(form, 'step') as AgencyStepName;
        if (!agencySteps.includes(step)) return { ok: false, intent, error: t('errors.invalidInput'), fieldErrors: {} };
        const departmentRef = text(form, 'departmentRef');
        const result = text(form, 'result') as AgencyResult;
        if (step === 'submitted' && !departmentRef) return missing(lang, intent, 'departmentRef', 'errors.agency.refRequired');
        if (step === 'done' && !agencyResults.includes(result)) return missing(lang, intent, 'result', 'errors.agency.resultRequired');
        await a.advance({
          id: itemId,
          step,
          note: orNull(text(form, 'note')),
          ...(step === 'submitted' ? { departmentRef, submittedOn: orNull(text(form, 'submittedOn')) } : {}),
          ...(step === 'done' ? { result, resultFileId: orNull(text(form, 'resultFileId')) } : {}),
        });
        const message = step === 'done' ? t('agencyCase.result.done', { result: t(`vocab.agencyResult.${result}`) }) : t('agencyCase.result.advanced', { step: t(`vocab.agencyStep.${step}`) });
        return { ok: true, intent, message };
      }
      case 'agencyPickedUp':
        await a.markPickedUp({ id: itemId });
        return { ok: true, intent, message: t('agencyCase.result.pickedUp') };
      default:
        return { ok: false, intent, error: t('errors.invalidInput'), fieldErrors: {} };
    }
  } catch (e) {
    const appError = toAppError(e);
    const field = fieldOfMessage[appError.messageKey];
    if (field) return { ok: false, intent, error: null, fieldErrors: { [field === 'fileId' && intent === 'agencyAdvance' ? 'resultFileId' : field]: t(appError.messageKey, appError.params) } };
    return itemFailure(e, lang, intent, fields);
  }
}
