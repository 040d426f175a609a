import { Form, Link, useActionData, useLoaderData, useNavigation } from 'react-router';
import { useTranslation } from 'react-i18next';
import { translator } from '@stationdesk/i18n';
import { ConfirmAction, FormErrors } from '../components/form.tsx';
import { IdempotencyKeyInput, useIdempotencyKey } from '../components/idempotency-key.tsx';
import { Card, Page } from '../components/page.tsx';
import { buttonClass, Empty, Field, inputClass, Section, selectClass } from '../components/ui.tsx';
import { failureOf, type ActionFailure } from '../lib/action-result.ts';
import { actionFailure, notFoundOr } from '../lib/action-result.server.ts';
import { redirectWithFlash } from '../lib/flash.server.ts';
import { formatDateTime } from '../lib/format.ts';
import { freshIdempotencyKey, idempotencyKeyOf } from '../lib/idempotency.ts';
import { loadForRoles, requireRole, staffRoles } from '../lib/loader.server.ts';
import { pageTitle } from '../lib/meta.ts';
import { localName } from '../lib/names.ts';
import { badgeClass, placesTone, serviceName, shiftTime, splitNames } from '../lib/party.ts';
import { text } from '../lib/work-items.server.ts';
import type { Route } from './+types/party.shifts.$id';

export function meta({ matches, loaderData }: Route.MetaArgs) {
  return pageTitle(matches, 'party.shifts.detail', loaderData ? `${loaderData.shift.postName} ${loaderData.shift.shiftDate}` : null);
}

export async function loader({ request, context, params }: Route.LoaderArgs) {
  const { timezone, data } = await loadForRoles(request, context, staffRoles, () =>
    Promise.all([context.trpc.dutyShift.get({ id: params.id }).catch(notFoundOr), context.trpc.partyOrg.options(), context.trpc.servicePost.services()]),
  );
  const [shift, orgs, services] = data;
  return { shift, orgs, services, timezone, now: Date.now(), idempotencyKey: freshIdempotencyKey() };
}

/** The shift's forms: a batch signed up, checked in or out, cancelled; served person-times; places; the shift cancelled. */
export async function action({ request, context, params }: Route.ActionArgs): Promise<ActionFailure | Response> {
  await requireRole(request, context, staffRoles);
  const form = await request.formData();
  const intent = text(form, 'intent');
  const t = translator(context.lang);
  const signUpId = text(form, 'signUpId');
  try {
    let message: string;
    if (intent === 'signUp') {
      const names = splitNames(text(form, 'memberNames'));
      const made = await context.trpc.dutyShift.signUp({
        id: params.id,
        organisationId: text(form, 'organisationId'),
        members: Number(text(form, 'members')),
        ...(names.length ? { memberNames: names } : {}),
        ...idempotencyKeyOf(form),
      });
      const batch = (await context.trpc.dutyShift.get({ id: params.id })).signUps.find((b) => b.id === made.id);
      message = t('party.shifts.signedUp', { name: batch?.organisationName ?? '' });
    } else if (intent === 'checkIn') {
      message = t('party.shifts.checkedIn', { name: (await context.trpc.dutyShift.checkIn({ signUpId })).organisationName });
    } else if (intent === 'checkOut') {
      message = t('party.shifts.checkedOut', { name: (await context.trpc.dutyShift.checkOut({ signUpId })).organisationName });
    } else if (intent === 'cancelSignUp') {
      await context.trpc.dutyShift.cancel({ signUpId });
      message = t('party.shifts.signUpCancelled');
    } else if (intent === 'served') {
      const served = form
        .getAll('service')
        .filter((s): s is string => typeof s === 'string')
        .map((service) => ({ service, count: Number(text(form, `count_${service}`)) || 0 }));
      await context.trpc.dutyShift.recordServed({ id: params.id, served });
      message = t('party.shifts.servedSaved');
    } else if (intent === 'places') {
      await context.trpc.dutyShift.update({ id: params.id, places: Number(text(form, 'places')) });
      message = t('party.shifts.placesSaved');
    } else {
      await context.trpc.dutyShift.update({ id: params.id, cancel: true });
      message = t('party.shifts.shiftCancelled');
    }
    return redirectWithFlash(request, context, message, { form: intent });
  } catch (e) {
    return actionFailure(e, { lang: context.lang, intent, form: signUpId ? `${intent}:${signUpId}` : intent, fields: ['organisationId', 'members', 'memberNames', 'places'], posted: form });
  }
}

export default function ShiftPage() {
  const { shift, orgs, services, timezone, now, idempotencyKey } = useLoaderData<typeof loader>();
  const answer = useActionData<ActionFailure>();
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const busy = useNavigation().state === 'submitting';
  const key = useIdempotencyKey(idempotencyKey, 'signUp');
  const signUpFailure = failureOf(answer, 'signUp');
  const started = now >= new Date(shift.startsAt).getTime();
  const live = shift.signUps.filter((s) => s.status !== 'cancelled');
  const taken = new Set(live.map((s) => s.organisationId));
  const served = new Map(shift.served.map((s) => [s.service, s.served]));
  return (
    <Page
      title={`${shift.postName} · ${shift.shiftDate} ${shiftTime(shift, timezone)}`}
      subtitle={`${localName(lang, shift.stationName, shift.stationNameEn)} · ${shift.postLocation}`}
      actions={
        <Link to={`/party/shifts?postId=${shift.postId}`} className={buttonClass.secondary}>
          {t('party.common.back')}
        </Link>
      }
    >
      <div className="mb-4 flex flex-wrap items-center gap-2">
        {shift.status === 'cancelled' ? (
          <span className={`${badgeClass} bg-slate-50 text-slate-500 ring-slate-500/20`}>{t('party.shifts.cancelled')}</span>
        ) : (
          <span className={`${badgeClass} ${placesTone(shift)}`} data-testid="shift-places">
            {t('party.shifts.booked', { booked: shift.booked, places: shift.places })} · {shift.left > 0 ? t('party.shifts.short', { left: shift.left }) : t('party.shifts.full')}
          </span>
        )}
        {shift.note ? <span className="text-sm text-slate-600">{shift.note}</span> : null}
      </div>

      <div className="grid gap-4 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
        <Section title={t('party.shifts.signUps')} count={live.length} testId="sign-ups">
          {shift.signUps.length === 0 ? (
            <Empty>{t('party.shifts.noSignUps')}</Empty>
          ) : (
            <ul className="divide-y divide-slate-100">
              {shift.signUps.map((b) => {
                const failure = failureOf(answer, `checkIn:${b.id}`) ?? failureOf(answer, `checkOut:${b.id}`);
                return (
                  <li key={b.id} className="px-4 py-3" data-testid="sign-up-row">
                    <div className="flex flex-wrap items-center justify-between gap-2">
                      <div className="min-w-0">
                        <Link to={`/party/orgs/${b.organisationId}`} className="font-medium hover:underline">
                          {b.organisationName}
                        </Link>
                        <span className="ml-2 text-sm text-slate-600">{t('party.common.members', { count: b.members })}</span>
                        {b.memberNames.length ? <div className="text-xs text-slate-500">{b.memberNames.join('、')}</div> : null}
                        <div className="mt-0.5 text-xs text-slate-500">
                          {b.checkedInAt ? `${t('party.signUpStatus.checked_in')} ${formatDateTime(b.checkedInAt, timezone)}（${t(`party.via.${b.checkedInVia!}`)}）` : ''}
                          {b.checkedOutAt ? ` · ${t('party.signUpStatus.checked_out')} ${formatDateTime(b.checkedOutAt, timezone)}（${t(`party.via.${b.checkedOutVia!}`)}）` : ''}
                        </div>
                      </div>
                      <div className="flex flex-wrap items-center gap-2">
                        <span className={`${badgeClass} bg-slate-50 text-slate-700 ring-slate-500/20`} data-testid="sign-up-status">
                          {t(`party.signUpStatus.${b.status}`)}
                        </span>
                        {b.status === 'signed_up' || b.status === 'checked_in' ? (
                          <Form method="post">
                            <input type="hidden" name="intent" value={b.status === 'signed_up' ? 'checkIn' : 'checkOut'} />
                            <input type="hidden" name="signUpId" value={b.id} />
                            <button type="submit" className={buttonClass.smallPrimary} disabled={busy} data-testid={b.status === 'signed_up' ? 'check-in' : 'check-out'}>
                              {t(b.status === 'signed_up' ? 'party.shifts.checkIn' : 'party.shifts.checkOut')}
                            </button>
                          </Form>
                        ) : null}
                        {b.status === 'signed_up' ? (
                          <ConfirmAction
                            intent="cancelSignUp"
                            hidden={{ signUpId: b.id }}
                            label={t('party.shifts.cancelSignUp')}
                            confirmLabel={t('party.shifts.cancelSignUp')}
                            question={t('party.shifts.cancelQuestion', { name: b.organisationName })}
                          />
                        ) : null}
                      </div>
                    </div>
                    <FormErrors failure={failure} />
                  </li>
                );
              })}
            </ul>
          )}
        </Section>

        <div className="space-y-4">
          {shift.status === 'open' && !started ? (
            <Card className="p-4">
              <h2 className="mb-3 font-medium">{t('party.shifts.signUpTitle')}</h2>
              <Form method="post" className="grid gap-3" data-testid="staff-sign-up" noValidate>
                <input type="hidden" name="intent" value="signUp" />
                <IdempotencyKeyInput value={key} />
                <Field label={t('party.shifts.organisation')} required error={signUpFailure?.fieldErrors.organisationId}>
                  {(p) => (
                    <select {...p} name="organisationId" defaultValue="" className={selectClass} data-testid="sign-up-org">
                      <option value="" disabled>
                        {t('party.shifts.chooseOrganisation')}
                      </option>
                      {orgs
                        .filter((o) => !taken.has(o.id))
                        .map((o) => (
                          <option key={o.id} value={o.id}>
                            {`${o.name}（${t(`party.orgTypeShort.${o.type}`)}）`}
                          </option>
                        ))}
                    </select>
                  )}
                </Field>
                <Field label={t('party.shifts.members')} required error={signUpFailure?.fieldErrors.members}>
                  {(p) => <input {...p} type="number" name="members" min={1} max={200} defaultValue={Math.min(2, Math.max(1, shift.left))} className={inputClass} />}
                </Field>
                <Field label={t('party.shifts.memberNames')} error={signUpFailure?.fieldErrors.memberNames}>
                  {(p) => <textarea {...p} name="memberNames" rows={2} className={inputClass} />}
                </Field>
                <FormErrors failure={signUpFailure} testId="sign-up-error" />
                <button type="submit" className={buttonClass.primary} disabled={busy}>
                  {t('party.shifts.signUp')}
                </button>
              </Form>
            </Card>
          ) : null}

          {shift.services.length ? (
            <Card className="p-4">
              <h2 className="mb-1 font-medium">{t('party.shifts.served')}</h2>
              <p className="mb-3 text-sm text-slate-600" data-testid="served-total">
                {t('party.shifts.servedTotal', { total: shift.servedTotal })}
              </p>
              {started && shift.status === 'open' ? (
                <Form method="post" className="grid gap-2" data-testid="served-form">
                  <input type="hidden" name="intent" value="served" />
                  {shift.services.map((s) => (
                    <label key={s} className="flex items-center justify-between gap-2 text-sm">
                      <input type="hidden" name="service" value={s} />
                      <span>{serviceName(t, lang, services, s)}</span>
                      <input type="number" name={`count_${s}`} min={0} max={100000} defaultValue={served.get(s) ?? 0} className={`${inputClass} w-28`} />
                    </label>
                  ))}
                  <FormErrors failure={failureOf(answer, 'served')} />
                  <button type="submit" className={buttonClass.secondary} disabled={busy}>
                    {t('party.shifts.recordServed')}
                  </button>
                </Form>
              ) : null}
            </Card>
          ) : null}

          {shift.status === 'open' ? (
            <Card className="space-y-3 p-4">
              <Form method="post" className="flex flex-wrap items-end gap-2">
                <input type="hidden" name="intent" value="places" />
                <Field label={t('party.shifts.places')} error={failureOf(answer, 'places')?.fieldErrors.places}>
                  {(p) => <input {...p} type="number" name="places" min={1} max={500} defaultValue={shift.places} className={`${inputClass} w-28`} />}
                </Field>
                <button type="submit" className={buttonClass.secondary} disabled={busy}>
                  {t('party.shifts.changePlaces')}
                </button>
              </Form>
              <FormErrors failure={failureOf(answer, 'places')} />
              {live.length === 0 ? (
                <ConfirmAction intent="cancelShift" hidden={{}} label={t('party.shifts.cancelShift')} confirmLabel={t('party.shifts.cancelShift')} question={t('party.shifts.cancelShift')} />
              ) : null}
            </Card>
          ) : null}
        </div>
      </div>
    </Page>
  );
}
