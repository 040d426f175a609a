import { Form, useActionData, useLoaderData, useNavigation } from 'react-router';
import { useTranslation } from 'react-i18next';
import { addDays, isRealDate, weekdayOf } from '@stationdesk/core';
import { translator } from '@stationdesk/i18n';
import { FormErrors } from '../components/form.tsx';
import { IdempotencyKeyInput, useIdempotencyKey } from '../components/idempotency-key.tsx';
import { Page } from '../components/page.tsx';
import { weekOrder } from '../components/party/post-form.tsx';
import { buttonClass, Field, inputClass, selectClass } from '../components/ui.tsx';
import { failureOf, type ActionFailure } from '../lib/action-result.ts';
import { actionFailure, fieldFailure } from '../lib/action-result.server.ts';
import { redirectWithFlash } from '../lib/flash.server.ts';
import { freshIdempotencyKey, idempotencyKeyOf } from '../lib/idempotency.ts';
import { loadForRoles, requireRole, staffRoles } from '../lib/loader.server.ts';
import { pageTitle } from '../lib/meta.ts';
import { text } from '../lib/work-items.server.ts';
import type { Route } from './+types/party.shifts.new';

export function meta({ matches }: Route.MetaArgs) {
  return pageTitle(matches, 'party.shifts.newTitle');
}

export async function loader({ request, context }: Route.LoaderArgs) {
  const { today, data: posts } = await loadForRoles(request, context, staffRoles, () => context.trpc.servicePost.list());
  const postId = new URL(request.url).searchParams.get('postId') ?? '';
  return { posts: posts.filter((p) => p.active), postId, today, idempotencyKey: freshIdempotencyKey() };
}

/** The days from the first date to the last whose weekday is ticked (at most 62, as dutyShift.create takes). */
function datesOf(first: string, last: string, weekdays: number[]): string[] {
  const out: string[] = [];
  for (let d = first; d <= last && out.length <= 62; d = addDays(d, 1)) if (weekdays.includes(weekdayOf(d))) out.push(d);
  return out;
}

/** 新建站岗班次: the same time and places on every ticked weekday of a period. */
export async function action({ request, context }: Route.ActionArgs): Promise<ActionFailure | Response> {
  await requireRole(request, context, staffRoles);
  const form = await request.formData();
  const first = text(form, 'firstDate');
  const last = text(form, 'lastDate') || first;
  if (!isRealDate(first) || !isRealDate(last)) return fieldFailure({ lang: context.lang, intent: 'create' }, { firstDate: 'errors.validation.required' });
  const weekdays = form.getAll('weekdays').map(Number);
  const postId = text(form, 'postId');
  try {
    const { ids } = await context.trpc.dutyShift.create({
      postId,
      dates: datesOf(first, last, weekdays),
      start: text(form, 'start'),
      end: text(form, 'end'),
      places: Number(text(form, 'places')),
      ...(text(form, 'note') ? { note: text(form, 'note') } : {}),
      ...idempotencyKeyOf(form),
    });
    return redirectWithFlash(request, context, translator(context.lang)('party.shifts.created', { count: ids.length }), { to: `/party/shifts?postId=${postId}&from=${first}&to=${last}` });
  } catch (e) {
    return actionFailure(e, { lang: context.lang, intent: 'create', fields: ['postId', 'dates', 'start', 'end', 'places', 'note'], posted: form });
  }
}

export default function NewShifts() {
  const { posts, postId, today, idempotencyKey } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const failure = failureOf(useActionData<ActionFailure>());
  const errors = failure?.fieldErrors ?? {};
  const busy = useNavigation().state === 'submitting';
  const key = useIdempotencyKey(idempotencyKey, 'create');
  return (
    <Page title={t('party.shifts.newTitle')}>
      <Form method="post" className="grid max-w-3xl grid-cols-1 gap-4 rounded-lg border border-slate-200 bg-white p-4 sm:grid-cols-2" data-testid="shifts-form" noValidate>
        <IdempotencyKeyInput value={key} />
        <Field label={t('party.shifts.post')} required error={errors.postId} className="sm:col-span-2">
          {(p) => (
            <select {...p} name="postId" defaultValue={postId || posts[0]?.id} className={selectClass}>
              {posts.map((post) => (
                <option key={post.id} value={post.id}>
                  {post.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('party.shifts.firstDate')} required error={errors.firstDate ?? errors.dates} hint={t('party.shifts.datesHint')}>
          {(p) => <input {...p} type="date" name="firstDate" defaultValue={addDays(today, 1)} className={inputClass} />}
        </Field>
        <Field label={t('party.shifts.lastDate')}>{(p) => <input {...p} type="date" name="lastDate" defaultValue={addDays(today, 30)} className={inputClass} />}</Field>
        <fieldset className="sm:col-span-2">
          <legend className="mb-1 text-sm font-medium text-slate-700">{t('party.shifts.weekdays')}</legend>
          <div className="flex flex-wrap gap-3 text-sm">
            {weekOrder.map((d) => (
              <label key={d} className="flex items-center gap-1.5">
                <input type="checkbox" name="weekdays" value={d} defaultChecked />
                {t(`party.weekday.${d}`)}
              </label>
            ))}
          </div>
        </fieldset>
        <Field label={t('party.shifts.start')} required error={errors.start}>
          {(p) => <input {...p} type="time" name="start" defaultValue="08:00" className={inputClass} />}
        </Field>
        <Field label={t('party.shifts.end')} required error={errors.end}>
          {(p) => <input {...p} type="time" name="end" defaultValue="12:00" className={inputClass} />}
        </Field>
        <Field label={t('party.shifts.places')} required error={errors.places}>
          {(p) => <input {...p} type="number" name="places" min={1} max={500} defaultValue={6} className={inputClass} />}
        </Field>
        <Field label={t('party.shifts.note')} error={errors.note}>
          {(p) => <input {...p} name="note" maxLength={500} className={inputClass} />}
        </Field>
        <div className="sm:col-span-2">
          <FormErrors failure={failure} />
        </div>
        <div className="flex justify-end sm:col-span-2">
          <button type="submit" className={buttonClass.primary} disabled={busy} data-testid="create-shifts">
            {t('party.shifts.new')}
          </button>
        </div>
      </Form>
    </Page>
  );
}
