import { Form, Link, useActionData, useLoaderData, useNavigation } from 'react-router';
import { useTranslation } from 'react-i18next';
import { translator } from '@stationdesk/i18n';
import { FormErrors } from '../components/form.tsx';
import { IdempotencyKeyInput, useIdempotencyKey } from '../components/idempotency-key.tsx';
import { Card, Page } from '../components/page.tsx';
import { posterUrl } from '../components/party/poster-picker.tsx';
import { buttonClass, DefinitionList, inputClass, selectClass } from '../components/ui.tsx';
import { failureOf, type ActionFailure } from '../lib/action-result.ts';
import { actionFailure, formFailure, notFoundOr } from '../lib/action-result.server.ts';
import { redirectWithFlash } from '../lib/flash.server.ts';
import { formatDateTime } from '../lib/format.ts';
import { freshIdempotencyKey, idempotencyKeyOf } from '../lib/idempotency.ts';
import { loadForRoles, requireRole } from '../lib/loader.server.ts';
import { pageTitle } from '../lib/meta.ts';
import { text } from '../lib/work-items.server.ts';
import type { Route } from './+types/portal.activities.$id';

export function meta({ matches, loaderData }: Route.MetaArgs) {
  return pageTitle(matches, 'activities.detail.title', loaderData?.activity.title);
}

/** Rows of the sign-up form; the empty ones are left out. */
const ROWS = 5;

export async function loader({ request, context, params }: Route.LoaderArgs) {
  const { timezone, data } = await loadForRoles(request, context, ['enterprise_admin'], () =>
    Promise.all([context.trpc.activity.get({ id: params.id }), context.trpc.activity.participants({ id: params.id })]).catch(notFoundOr),
  );
  const [activity, mine] = data;
  return { activity, participants: mine.participants, feedback: mine.feedback, timezone, now: Date.now(), idempotencyKey: freshIdempotencyKey() };
}

/** Sign people up (the answer says who is confirmed and who waits, at which place), take one off, or rate the activity. */
export async function action({ request, context, params }: Route.ActionArgs): Promise<ActionFailure | Response> {
  await requireRole(request, context, ['enterprise_admin']);
  const form = await request.formData();
  const intent = text(form, 'intent');
  const t = translator(context.lang);
  try {
    if (intent === 'signUp') {
      const participants = Array.from({ length: ROWS }, (_, i) => ({ name: text(form, `name.${i}`), phone: text(form, `phone.${i}`), partyMember: form.get(`party.${i}`) === 'yes' })).filter(
        (p) => p.name || p.phone,
      );
      if (participants.length === 0) return formFailure({ lang: context.lang, intent }, 'activities.portal.nobody');
      const answer = await context.trpc.activity.signUp({ id: params.id, participants, ...idempotencyKeyOf(form) });
      const waiting = answer.participants.filter((p) => p.status === 'waitlisted');
      const message =
        waiting.length === 0
          ? t('activities.portal.signedUp', { count: answer.confirmed })
          : t('activities.portal.signedUpWaiting', { confirmed: answer.confirmed, waiting: waiting.length, positions: waiting.map((p) => p.waitlistPosition).join('、') });
      return redirectWithFlash(request, context, message);
    }
    if (intent === 'cancelSignUp') {
      const answer = await context.trpc.activity.cancelSignUp({ participantId: text(form, 'participantId') });
      return redirectWithFlash(request, context, t(answer.promotedId ? 'activities.portal.cancelledPromoted' : 'activities.portal.cancelledSignUp'));
    }
    if (intent === 'feedback') {
      await context.trpc.activity.feedback({ id: params.id, rating: Number(text(form, 'rating')), comment: text(form, 'comment') });
      return redirectWithFlash(request, context, t('activities.portal.thanks'));
    }
    throw new Response(null, { status: 400 });
  } catch (e) {
    if (e instanceof Response) throw e;
    return actionFailure(e, {
      lang: context.lang,
      intent,
      fieldOf: (path) => (path[0] === 'participants' && typeof path[1] === 'number' ? `${path[2] === 'phone' ? 'phone' : 'name'}.${path[1]}` : undefined),
      posted: form,
    });
  }
}

export default function PortalActivity() {
  const { activity: a, participants, feedback, timezone, now, idempotencyKey } = useLoaderData<typeof loader>();
  const failure = failureOf(useActionData<ActionFailure>());
  const errors = failure?.fieldErrors ?? {};
  const { t } = useTranslation();
  const busy = useNavigation().state === 'submitting';
  const key = useIdempotencyKey(idempotencyKey, 'signUp');
  const open = a.status === 'published' && new Date(a.signUpOpensAt).getTime() <= now && now < new Date(a.signUpClosesAt).getTime();
  const canCancel = (status: string) => now < new Date(status === 'waitlisted' ? a.startsAt : a.cancelDeadline).getTime();
  const started = now >= new Date(a.startsAt).getTime();
  const live = participants.filter((p) => p.status !== 'cancelled');
  return (
    <Page title={a.title} subtitle={t(`activities.kind.${a.kind}`)} actions={<Link to="/portal/activities" className={buttonClass.secondary}>{t('activities.detail.back')}</Link>}>
      <Card className="mb-4 p-4">
        <DefinitionList
          items={[
            { label: t('activities.field.startsAt'), value: `${formatDateTime(a.startsAt, timezone)} – ${formatDateTime(a.endsAt, timezone).slice(11)}` },
            { label: t('activities.field.place'), value: a.postName ?? a.place },
            { label: t('activities.portal.placesLabel'), value: t('activities.portal.places', { left: Math.max(0, a.capacity - a.confirmed), capacity: a.capacity }) },
            { label: t('activities.field.signUpWindow'), value: `${formatDateTime(a.signUpOpensAt, timezone)} – ${formatDateTime(a.signUpClosesAt, timezone)}` },
            { label: t('activities.field.cancelDeadline'), value: formatDateTime(a.cancelDeadline, timezone) },
            { label: t('activities.field.description'), value: <span className="whitespace-pre-line">{a.description}</span>, wide: true },
          ]}
        />
        {a.posterFileId ? <img src={posterUrl(a.posterFileId)} alt={t('activities.poster.alt')} className="mt-4 max-h-96 rounded-md border border-slate-200 object-contain" data-testid="activity-poster" /> : null}
      </Card>
      <FormErrors failure={failure} />
      {open ? (
        <Card className="mb-4 p-4">
          <h2 className="mb-2 font-semibold">{t('activities.portal.signUpTitle')}</h2>
          <p className="mb-3 text-xs text-slate-500">{t('activities.portal.signUpHint')}</p>
          <Form method="post" className="space-y-2" data-testid="sign-up-form">
            <IdempotencyKeyInput value={key} />
            {Array.from({ length: ROWS }, (_, i) => (
              <div key={i} className="grid grid-cols-1 gap-2 sm:grid-cols-[1fr_1fr_auto]">
                <input name={`name.${i}`} placeholder={t('activities.participant.name')} aria-label={`${t('activities.participant.name')} ${i + 1}`} maxLength={50} className={inputClass} aria-invalid={Boolean(errors[`name.${i}`])} />
                <input name={`phone.${i}`} placeholder={t('activities.participant.phone')} aria-label={`${t('activities.participant.phone')} ${i + 1}`} inputMode="tel" maxLength={40} className={inputClass} aria-invalid={Boolean(errors[`phone.${i}`])} />
                <select name={`party.${i}`} aria-label={`${t('activities.participant.partyMember')} ${i + 1}`} className={selectClass} defaultValue="no">
                  <option value="no">{t('activities.participant.notMember')}</option>
                  <option value="yes">{t('activities.participant.member')}</option>
                </select>
                {errors[`name.${i}`] || errors[`phone.${i}`] ? <p className="text-xs text-red-600 sm:col-span-3">{errors[`name.${i}`] ?? errors[`phone.${i}`]}</p> : null}
              </div>
            ))}
            <button type="submit" name="intent" value="signUp" className={buttonClass.primary} disabled={busy} data-testid="submit-sign-up">
              {t('activities.portal.submit')}
            </button>
          </Form>
        </Card>
      ) : (
        <p className="mb-4 text-sm text-slate-600">{a.status === 'cancelled' ? t('activities.status.cancelled') : t('activities.portal.closed')}</p>
      )}
      <h2 className="mb-2 font-semibold">{t('activities.portal.mySignUps', { count: live.length })}</h2>
      <ul className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white" data-testid="my-sign-ups">
        {live.map((p) => (
          <li key={p.id} className="flex flex-wrap items-center justify-between gap-2 px-3 py-2 text-sm" data-testid="my-sign-up">
            <span>
              {p.name} · {p.phone} · {p.partyMember ? t('activities.participant.member') : t('activities.participant.notMember')}
            </span>
            <span className="flex items-center gap-2">
              <span className={p.status === 'confirmed' ? 'text-green-700' : 'text-amber-700'} data-testid="sign-up-status">
                {p.status === 'waitlisted' ? t('activities.participant.waitlistPosition', { position: p.waitlistPosition }) : t('activities.participantStatus.confirmed')}
                {p.checkedInAt ? ` · ${t('activities.participant.present', { at: formatDateTime(p.checkedInAt, timezone).slice(11) })}` : ''}
              </span>
              {canCancel(p.status) ? (
                <Form method="post">
                  <input type="hidden" name="participantId" value={p.id} />
                  <button type="submit" name="intent" value="cancelSignUp" className={buttonClass.smallDanger} disabled={busy}>
                    {t('activities.portal.cancelSignUp')}
                  </button>
                </Form>
              ) : null}
            </span>
          </li>
        ))}
        {live.length === 0 ? <li className="px-3 py-2 text-sm text-slate-500">{t('activities.portal.noSignUps')}</li> : null}
      </ul>
      {started && a.status === 'published' && live.some((p) => p.status === 'confirmed') ? (
        <Card className="mt-4 p-4">
          <h2 className="mb-2 font-semibold">{t('activities.portal.feedbackTitle')}</h2>
          <Form method="post" className="flex flex-wrap items-end gap-2" data-testid="feedback-form">
            <select name="rating" defaultValue={feedback?.rating ?? 5} className={`${selectClass} w-28`} aria-label={t('activities.portal.rating')}>
              {[5, 4, 3, 2, 1].map((n) => (
                <option key={n} value={n}>
                  {'★'.repeat(n)}
                </option>
              ))}
            </select>
            <input name="comment" defaultValue={feedback?.comment ?? ''} maxLength={1000} placeholder={t('activities.portal.comment')} className={`${inputClass} min-w-64 flex-1`} />
            <button type="submit" name="intent" value="feedback" className={buttonClass.secondary} disabled={busy}>
              {t('activities.portal.sendFeedback')}
            </button>
          </Form>
        </Card>
      ) : null}
    </Page>
  );
}
