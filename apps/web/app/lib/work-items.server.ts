import type { AppLoadContext } from 'react-router';
import type { RouterInputs } from '@stationdesk/api';
import { toAppError } from '@stationdesk/api/errors';
import { needsRectification, noteRequired, ratings, type Rating } from '@stationdesk/core';
import { translator, type Language } from '@stationdesk/i18n';
import { inputFailure, lastNamedField } from './action-failure.server.ts';
import { formatDateTime } from './format.ts';
import { idempotencyKeyOf } from './idempotency.ts';
import { localInputToIso, type ItemActionResult } from './work-items.ts';

export type { ItemActionResult };
export { portalView, staffView } from '@stationdesk/core';

/** A failed procedure call: input issues next to their fields (last named path segment), the rest as one sentence. */
export function itemFailure(e: unknown, lang: Language, intent: string, fields: readonly string[] = []): ItemActionResult {
  const t = translator(lang);
  const invalid = inputFailure(e, lang, lastNamedField(fields), '；');
  if (invalid) return { ok: false, intent, ...invalid };
  const appError = toAppError(e);
  const message = t(appError.messageKey, appError.params);
  if (appError.code === 'CONFLICT' && (appError.messageKey === 'errors.concurrentEdit' || appError.messageKey === 'errors.workItem.transitionNotAllowed')) {
    return { ok: false, intent, error: `${message} ${t('workItems.item.reloaded')}`, fieldErrors: {}, conflict: true };
  }
  return { ok: false, intent, error: message, fieldErrors: {} };
}

/** A required field left empty, refused before calling the procedure. */
export function missing(lang: Language, intent: string, field: string, key: string): ItemActionResult {
  return { ok: false, intent, error: null, fieldErrors: { [field]: translator(lang)(key) } };
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

/**
 * Every change of one item posts here with an `intent` (the item page's and the portal's forms);
 * the procedures decide who may. Required notes are checked first so the message sits next to the
 * field rather than coming back as a general error.
 */
export async function runItemAction(trpc: Trpc, lang: Language, id: string, form: FormData): Promise<ItemActionResult> {
  // The tenant's zone only matters for dates typed or shown in the answer: asked for when needed.
  const timezone = async () => {
    const me = await trpc.auth.me();
    return me.memberships.find((m) => m.tenantId === me.activeTenantId)?.timezone ?? 'Asia/Shanghai';
  };
  const t = translator(lang);
  const intent = text(form, 'intent');
  const note = text(form, 'note');
  const w = trpc.workItem;
  try {
    switch (intent) {
      case 'transition': {
        // The form names the step; the procedure refuses one it does not know.
        const action = text(form, 'action') as RouterInputs['workItem']['transition']['action'];
        if (noteRequired(action) && !note) return missing(lang, intent, 'note', `workItems.actions.noteRequired.${action}`);
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
          const assigneeId = text(form, 'assigneeId');
          if (!assigneeId) return missing(lang, intent, 'assigneeId', 'errors.workItem.assigneeRequired');
          await w.assign({ id, assigneeId, note: orNull(note), version });
        }
        return { ok: true, intent, message: t('workItems.result.assign') };
      }
      case 'reply': {
        const body = text(form, 'body');
        if (!body) return missing(lang, intent, 'body', 'workItems.conversation.bodyRequired');
        const attachmentIds = form.getAll('attachmentId').map(String).filter(Boolean);
        const visibility = text(form, 'visibility') === 'internal' ? 'internal' : 'public';
        await w.reply({ id, body, visibility, ...(attachmentIds.length ? { attachmentIds } : {}), ...idempotencyKeyOf(form) });
        return { ok: true, intent, message: visibility === 'internal' ? t('workItems.result.note') : t('workItems.result.reply') };
      }
      case 'contact':
        await w.recordContact({ id, note: orNull(note) });
        return { ok: true, intent, message: t('workItems.result.contact') };
      case 'visit':
      case 'rate': {
        const rating = text(form, 'rating');
        if (!(ratings as readonly string[]).includes(rating)) return missing(lang, intent, 'rating', 'workItems.rating.required');
        // 不满意 or worse asks whether to handle it again (重办): reopened only on a yes.
        const reopen = text(form, 'reopen');
        if (needsRectification(rating) && reopen !== 'yes' && reopen !== 'no') return missing(lang, intent, 'reopen', 'workItems.rating.reopenRequired');
        const input = { id, rating: rating as Rating, comment: orNull(text(form, 'comment')), reopen: reopen === 'yes' };
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
        const reason = text(form, 'reason');
        const dueAt = localInputToIso(text(form, 'dueAt'), await timezone());
        if (!dueAt) return missing(lang, intent, 'dueAt', 'workItems.actions.extend.dueRequired');
        if (!reason) return missing(lang, intent, 'reason', 'workItems.actions.extend.reasonRequired');
        await w.requestExtension({ id, dueAt, reason });
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
        return { ok: false, intent, error: t('errors.invalidInput'), fieldErrors: {} };
    }
  } catch (e) {
    return itemFailure(e, lang, intent, ['note', 'body', 'assigneeId', 'rating', 'comment', 'dueAt', 'reason', 'stationId']);
  }
}
