import type { AppLoadContext } from 'react-router';
import { toAppError } from '@stationdesk/api/errors';
import { translator, type Language } from '@stationdesk/i18n';
import { inputFailure } from './action-failure.server.ts';
import { isUuid, type AgencyActionResult } from './agency.ts';
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

const result = (intent: string, r: Partial<AgencyActionResult>): AgencyActionResult => ({ ok: false, message: null, failures: [], fieldErrors: {}, ...r, intent });

/**
 * 派单 for several cases: each is its own assignment (one that cannot be assigned — already
 * signed for, say — leaves the others done), and the answer says which ones failed and why.
 */
export async function assignCases(trpc: Trpc, lang: Language, form: FormData): Promise<AgencyActionResult> {
  const t = translator(lang);
  const intent = 'assign';
  const cases = pickedCases(form);
  const assigneeId = text(form, 'assigneeId');
  const name = text(form, 'assigneeName');
  if (!isUuid(assigneeId)) return result(intent, { fieldErrors: { assigneeId: t('errors.workItem.assigneeRequired') } });
  if (cases.length === 0) return result(intent, { message: t('errors.invalidInput') });
  const failures = (
    await mapLimited(cases, 4, (c) =>
      trpc.workItem.assign({ id: c.id, assigneeId }).then(
        () => null,
        (e: unknown) => caseMessage(e, lang, c.number),
      ),
    )
  ).filter((f): f is string => f !== null);
  const done = cases.length - failures.length;
  if (failures.length === 0) return result(intent, { ok: true, message: t('agency.queue.assign.done', { count: done, name }) });
  return result(intent, {
    ok: done > 0,
    message: done > 0 ? t('agency.queue.assign.partial', { count: done, name }) : t('agency.queue.assign.none'),
    failures,
  });
}

/**
 * 标记已递交 for several cases carried to one department: each case's reference number, one
 * date for all. The procedure moves all of them or none; a refusal names its case.
 */
export async function submitCases(trpc: Trpc, lang: Language, form: FormData): Promise<AgencyActionResult> {
  const t = translator(lang);
  const intent = 'submit';
  const cases = pickedCases(form);
  const submittedOn = text(form, 'submittedOn');
  const fieldErrors: Record<string, string> = {};
  const items = cases.map((c) => ({ id: c.id, departmentRef: text(form, `ref.${c.id}`) }));
  for (const i of items) if (!i.departmentRef) fieldErrors[`ref.${i.id}`] = t('errors.agency.refRequired');
  if (!/^\d{4}-\d{2}-\d{2}$/.test(submittedOn)) fieldErrors.submittedOn = t('agency.queue.submit.dateRequired');
  if (Object.keys(fieldErrors).length > 0) return result(intent, { fieldErrors });
  if (items.length === 0) return result(intent, { message: t('errors.invalidInput') });
  try {
    const { submitted } = await trpc.agencyCase.batchSubmit({ items, submittedOn });
    return result(intent, { ok: true, message: t('agency.queue.submit.done', { count: submitted, department: text(form, 'department') }) });
  } catch (e) {
    const invalid = inputFailure(
      e,
      lang,
      (path) => {
        const item = path[0] === 'items' && typeof path[1] === 'number' ? items[path[1]] : undefined;
        return item ? `ref.${item.id}` : path[0] === 'submittedOn' ? 'submittedOn' : undefined;
      },
      t('workItems.common.separator'),
    );
    if (invalid) return result(intent, { fieldErrors: invalid.fieldErrors, message: invalid.error });
    const appError = toAppError(e);
    const caseNumber = typeof appError.params.caseNumber === 'string' ? appError.params.caseNumber : null;
    const item = caseNumber ? cases.find((c) => c.number === caseNumber) : undefined;
    // A missing reference number sits next to its field; anything else leads the panel, naming the case.
    if (item && appError.messageKey === 'errors.agency.refRequired') return result(intent, { fieldErrors: { [`ref.${item.id}`]: t(appError.messageKey) } });
    return result(intent, { message: `${caseMessage(e, lang)} ${t('agency.queue.submit.noneMarked')}` });
  }
}
