import type { AppLoadContext } from 'react-router';
import type { RouterInputs } from '@stationdesk/api';
import { needsRectification, noteRequired, type Rating } from '@stationdesk/core';
import { translator, type Language } from '@stationdesk/i18n';
import { actionFailure, fieldFailure, formFailure, type FailureContext } from './action-result.server.ts';
import type { ActionFailure, ActionResult } from './action-result.ts';
import type { Flash } from './flash.ts';
import { formatDateTime } from './format.ts';
import { idempotencyKeyOf } from './idempotency.ts';
import { localInputToIso } from './work-items.ts';

export { portalView, staffView } from '@stationdesk/core';

/**
 * An item step as the page action gets it: done with its flash sentence (and, for a conversion,
 * a link to the new case), or refused (see lib/action-result.ts).
 */
export type ItemStepResult = ActionResult<{ link?: Flash['link'] }>;

/**
 * A refused item step: the one failure shape, and when someone moved the item first (a conflict)
 * the sentence says the page now shows it as it is.
 */
export function itemFailure(e: unknown, c: FailureContext): ActionFailure {
  const failure = actionFailure(e, c);
  return failure.conflict ? { ...failure, error: `${failure.error} ${translator(c.lang)('workItems.item.reloaded')}` } : failure;
}

export function text(form: FormData, key: string): string {
  const v = form.get(key);
  return typeof v === 'string' ? v.trim() : '';
}

export function orNull(s: string): string | null {
  return s === '' ? null : s;
}

/** Calls `fn` over `items` with at most `limit` calls in flight (keeps the pool free for others). */
export async function mapLimited<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

type Trpc = AppLoadContext['trpc'];

/** The item forms' fields, as the procedures' issue paths name them. */
const itemFields = ['note', 'body', 'assigneeId', 'rating', 'reopen', 'comment', 'dueAt', 'reason', 'stationId'];

/**
 * Every change of one item posts here with an `intent` (the item page's and the portal's forms);
 * the procedures decide who may and check what was typed. The page checks only what no schema
 * can: the note a step needs, the person picked, the 重办 question answered, a date it could read.
 */
export async function runItemAction(trpc: Trpc, lang: Language, id: string, form: FormData): Promise<ItemStepResult> {
  // The tenant's zone only matters for dates typed or shown in the answer: asked for when needed.
  const timezone = async () => {
    const me = await trpc.auth.me();
    return me.memberships.find((m) => m.tenantId === me.activeTenantId)?.timezone ?? 'Asia/Shanghai';
  };
  const t = translator(lang);
  const intent = text(form, 'intent');
  const c = { lang, intent };
  const note = text(form, 'note');
  const w = trpc.workItem;
  try {
    switch (intent) {
      case 'transition': {
        // The form names the step; the procedure refuses one it does not know.
        const action = text(form, 'action') as RouterInputs['workItem']['transition']['action'];
        if (noteRequired(action) && !note) return fieldFailure(c, { note: `workItems.actions.noteRequired.${action}` });
        const version = Number(text(form, 'version'));
        const stationId = text(form, 'stationId');
        await w.transition({
          id,
          action,
          note: orNull(note),
          version,
          ...(action === 'return' && stationId ? { stationId } : {}),
          ...(action === 'resolve' ? { resolvedOk: text(form, 'resolvedOk') === '1' } : {}),
        });
        return { ok: true, intent, message: t(`workItems.result.${action}`) };
      }
      case 'assign': {
        const version = Number(text(form, 'version'));
        if (text(form, 'roundRobin') === '1') {
          await w.assign({ id, roundRobin: true, note: orNull(note), version });
        } else {
          // Either a person or the round robin: the schema's union cannot say which one is missing.
          const assigneeId = text(form, 'assigneeId');
          if (!assigneeId) return fieldFailure(c, { assigneeId: 'errors.workItem.assigneeRequired' });
          await w.assign({ id, assigneeId, note: orNull(note), version });
        }
        return { ok: true, intent, message: t('workItems.result.assign') };
      }
      case 'reply': {
        const attachmentIds = form.getAll('attachmentId').map(String).filter(Boolean);
        const visibility = text(form, 'visibility') === 'internal' ? 'internal' : 'public';
        await w.reply({ id, body: text(form, 'body'), visibility, ...(attachmentIds.length ? { attachmentIds } : {}), ...idempotencyKeyOf(form) });
        return { ok: true, intent, message: visibility === 'internal' ? t('workItems.result.note') : t('workItems.result.reply') };
      }
      case 'contact':
        await w.recordContact({ id, note: orNull(note) });
        return { ok: true, intent, message: t('workItems.result.contact') };
      case 'visit':
      case 'rate': {
        // The schema knows the ratings; the page must have asked whether 不满意 or worse is handled again (重办).
        const rating = text(form, 'rating') as Rating;
        const reopen = text(form, 'reopen');
        if (needsRectification(rating) && reopen !== 'yes' && reopen !== 'no') return fieldFailure(c, { reopen: 'workItems.rating.reopenRequired' });
        const input = { id, rating, comment: orNull(text(form, 'comment')), reopen: reopen === 'yes' };
        const result = intent === 'rate' ? await w.rate(input) : await w.recordVisit(input);
        const message = result.rectificationDueAt
          ? t(result.status === 'visited' ? 'workItems.result.rectifyRated' : 'workItems.result.redoRated', { due: formatDateTime(result.rectificationDueAt, await timezone()) })
          : t(intent === 'rate' ? 'workItems.result.rated' : 'workItems.result.visit');
        return { ok: true, intent, message };
      }
      case 'chase': {
        const level = text(form, 'level') === 'supervised' ? 'supervised' : 'chased';
        await w.chase({ id, level, note: orNull(note) });
        return { ok: true, intent, message: t(`workItems.result.${level}`) };
      }
      case 'extend': {
        // A wall time in the tenant's zone, read here: an unreadable one never reaches the schema.
        const dueAt = localInputToIso(text(form, 'dueAt'), await timezone());
        if (!dueAt) return fieldFailure(c, { dueAt: 'workItems.actions.extend.dueRequired' });
        await w.requestExtension({ id, dueAt, reason: text(form, 'reason') });
        return { ok: true, intent, message: t('workItems.result.extend') };
      }
      case 'decideExtension': {
        const approve = text(form, 'approve') === '1';
        await w.decideExtension({ id, approve, note: orNull(note) });
        return { ok: true, intent, message: t(approve ? 'workItems.result.extensionApproved' : 'workItems.result.extensionRejected') };
      }
      case 'convert': {
        const agency = await w.convertToAgency({ id, typeId: orNull(text(form, 'typeId')), note: orNull(note) });
        return { ok: true, intent, message: t('workItems.result.converted', { number: agency.number }), link: { href: `/items/${agency.id}`, label: agency.number } };
      }
      default:
        return formFailure(c, 'errors.invalidInput');
    }
  } catch (e) {
    return itemFailure(e, { ...c, fields: itemFields, posted: form });
  }
}
