import type { AppLoadContext } from 'react-router';
import { toAppError } from '@stationdesk/api/errors';
import { translator, type Language } from '@stationdesk/i18n';
import { actionFailure, fieldFailure, formFailure, lastNamedField, zodIssuesOf } from './action-result.server.ts';
import type { ActionDone, ActionFailure } from './action-result.ts';
import { isUuid } from './agency.ts';
import { mapLimited, text } from './work-items.server.ts';

type Trpc = AppLoadContext['trpc'];

/** A refusal as one sentence, led by the case it concerns when known ("DB-2026-000123：…"). */
export function caseMessage(e: unknown, lang: Language, number?: string | null): string {
  const t = translator(lang);
  const appError = toAppError(e);
  const message = t(appError.messageKey, appError.params);
  const named = number ?? (typeof appError.params.caseNumber === 'string' ? appError.params.caseNumber : null);
  return named ? t('agency.queue.caseError', { number: named, message }) : message;
}

/** The picked cases as posted: `ids`, each with its number in `number.<id>` (for the messages). */
function pickedCases(form: FormData): { id: string; number: string }[] {
  const ids = [...new Set(form.getAll('ids').filter((v): v is string => typeof v === 'string' && isUuid(v)))];
  return ids.map((id) => ({ id, number: text(form, `number.${id}`) || id.slice(0, 8) }));
}

/**
 * 派单 for several cases: each is its own assignment (one that cannot be assigned — already
 * signed for, say — leaves the others done). All done: the flash says so. Otherwise the answer
 * says how many were done and lists the ones that were not, each with its reason.
 */
export async function assignCases(trpc: Trpc, lang: Language, form: FormData): Promise<ActionDone | ActionFailure> {
  const t = translator(lang);
  const c = { lang, intent: 'assign' };
  const cases = pickedCases(form);
  const assigneeId = text(form, 'assigneeId');
  const name = text(form, 'assigneeName');
  // Each case is assigned on its own: without a person, there is no call to refuse it.
  if (!isUuid(assigneeId)) return fieldFailure(c, { assigneeId: 'errors.workItem.assigneeRequired' });
  if (cases.length === 0) return formFailure(c, 'errors.invalidInput');
  const failures = (
    await mapLimited(cases, 4, (one) =>
      trpc.workItem.assign({ id: one.id, assigneeId }).then(
        () => null,
        (e: unknown) => caseMessage(e, lang, one.number),
      ),
    )
  ).filter((f): f is string => f !== null);
  const done = cases.length - failures.length;
  if (failures.length === 0) return { ok: true, intent: c.intent, message: t('agency.queue.assign.done', { count: done, name }) };
  return { ok: false, intent: c.intent, error: done > 0 ? t('agency.queue.assign.partial', { count: done, name }) : t('agency.queue.assign.none'), fieldErrors: {}, failures };
}

/**
 * 标记已递交 for several cases carried to one department: each case's reference number, one
 * date for all. The procedure moves all of them or none; its schema asks for every reference
 * number and the date, and a refusal names its case.
 */
export async function submitCases(trpc: Trpc, lang: Language, form: FormData): Promise<ActionDone | ActionFailure> {
  const t = translator(lang);
  const c = { lang, intent: 'submit' };
  const cases = pickedCases(form);
  if (cases.length === 0) return formFailure(c, 'errors.invalidInput');
  const items = cases.map((one) => ({ id: one.id, departmentRef: text(form, `ref.${one.id}`) }));
  try {
    const { submitted } = await trpc.agencyCase.batchSubmit({ items, submittedOn: text(form, 'submittedOn') });
    return { ok: true, intent: c.intent, message: t('agency.queue.submit.done', { count: submitted, department: text(form, 'department') }) };
  } catch (e) {
    if (zodIssuesOf(e)) {
      // items.2.departmentRef → the third case's reference number.
      const fieldOf = (path: readonly PropertyKey[]) => (path[0] === 'items' && typeof path[1] === 'number' && items[path[1]] ? `ref.${items[path[1]]!.id}` : lastNamedField(['submittedOn'])(path));
      return actionFailure(e, { ...c, posted: form, fieldOf });
    }
    const appError = toAppError(e);
    const caseNumber = typeof appError.params.caseNumber === 'string' ? appError.params.caseNumber : null;
    const named = caseNumber ? cases.find((one) => one.number === caseNumber) : undefined;
    // A missing reference number sits next to its case's field; anything else leads the panel, naming the case.
    if (named && appError.messageKey === 'errors.agency.refRequired') return fieldFailure(c, { [`ref.${named.id}`]: appError.messageKey });
    return { ...actionFailure(e, c), error: `${caseMessage(e, lang)} ${t('agency.queue.submit.noneMarked')}` };
  }
}
