import { Form, Link, useActionData, useLoaderData, useNavigation } from 'react-router';
import { useTranslation } from 'react-i18next';
import { translator } from '@stationdesk/i18n';
import { FormErrors } from '../components/form.tsx';
import { Card, Page, Stat } from '../components/page.tsx';
import { ActivityFields } from '../components/party/activity-fields.tsx';
import { posterUrl } from '../components/party/poster-picker.tsx';
import { buttonClass, DefinitionList, Empty, inputClass } from '../components/ui.tsx';
import { failureOf, type ActionDone, type ActionFailure } from '../lib/action-result.ts';
import { actionFailure, fieldFailure, notFoundOr } from '../lib/action-result.server.ts';
import { activityFormFields, activityRefusalFields, activityTimeFields, localInputOf, readActivityForm } from '../lib/activity-form.ts';
import { redirectWithFlash } from '../lib/flash.server.ts';
import { formatDateTime } from '../lib/format.ts';
import { loadForRoles, requireRole, staffRoles } from '../lib/loader.server.ts';
import { pageTitle } from '../lib/meta.ts';
import { qrSvg } from '../lib/qr.server.ts';
import { text } from '../lib/work-items.server.ts';
import type { Route } from './+types/activities.$id';

export function meta({ matches, loaderData }: Route.MetaArgs) {
  return pageTitle(matches, 'activities.detail.title', loaderData?.activity.title);
}

export async function loader({ request, context, params }: Route.LoaderArgs) {
  const { timezone, data } = await loadForRoles(request, context, staffRoles, () =>
    Promise.all([
      context.trpc.activity.get({ id: params.id }),
      context.trpc.activity.participants({ id: params.id }),
      context.trpc.station.list(),
      context.trpc.tag.list(),
      context.trpc.servicePost.list(),
    ]).catch(notFoundOr),
  );
  const [activity, { participants }, stations, tags, posts] = data;
  return {
    activity,
    participants,
    timezone,
    stations: stations.map((s) => ({ id: s.id, name: s.name })),
    tags: tags.map((tg) => ({ id: tg.id, name: tg.name })),
    // The activity's own station's posts (the one it is at stays listed even when closed since).
    posts: posts.filter((p) => p.stationId === activity.stationId && (p.active || p.id === activity.postId)).map((p) => ({ id: p.id, name: p.name })),
  };
}

type CodeShown = ActionDone<{ svg: string; url: string; expiresAt: string }>;

/** Publish, cancel, edit (times, place, capacity, audience, sign-up window, text, poster), mark attendance, or show the activity's check-in QR code. */
export async function action({ request, context, params }: Route.ActionArgs): Promise<ActionFailure | CodeShown | Response> {
  const me = await requireRole(request, context, staffRoles);
  const timezone = me.memberships.find((m) => m.tenantId === me.activeTenantId)?.timezone ?? 'Asia/Shanghai';
  const form = await request.formData();
  const intent = text(form, 'intent');
  const t = translator(context.lang);
  const version = Number(text(form, 'version'));
  try {
    switch (intent) {
      case 'publish':
        await context.trpc.activity.publish({ id: params.id, version });
        return redirectWithFlash(request, context, t('activities.detail.published'));
      case 'cancel':
        await context.trpc.activity.cancel({ id: params.id, version, reason: text(form, 'reason') });
        return redirectWithFlash(request, context, t('activities.detail.cancelledDone'));
      case 'update': {
        const { fields, unreadable } = readActivityForm(form, timezone);
        if (unreadable) return fieldFailure({ lang: context.lang, intent }, unreadable);
        // A time is sent only when it moved (to the minute the form shows): an activity's time that
        // moves tells the enterprises with confirmed people (their inbox), and the flash says so.
        const minute = (iso: string) => Math.floor(new Date(iso).getTime() / 60_000);
        const moved = activityTimeFields.filter((f) => minute(fields[f]) !== minute(text(form, `was.${f}`)));
        const { startsAt, endsAt, signUpOpensAt, signUpClosesAt, cancelDeadline, ...rest } = fields;
        const times = { startsAt, endsAt, signUpOpensAt, signUpClosesAt, cancelDeadline };
        await context.trpc.activity.update({ id: params.id, version, ...rest, ...Object.fromEntries(moved.map((f) => [f, times[f]])) });
        const told = text(form, 'wasStatus') === 'published' && (moved.includes('startsAt') || moved.includes('endsAt')) && text(form, 'confirmed') !== '0';
        return redirectWithFlash(request, context, t(told ? 'activities.edit.savedMoved' : 'activities.detail.saved'));
      }
      case 'attend':
        await context.trpc.activity.checkIn({ participantIds: [text(form, 'participantId')], present: text(form, 'present') === 'yes' });
        return redirectWithFlash(request, context, t('activities.detail.attendanceSaved'));
      case 'code': {
        const code = await context.trpc.activity.checkInCode({ id: params.id });
        const url = new URL(code.path, request.url).toString();
        return { ok: true, intent, message: '', svg: await qrSvg(url), url, expiresAt: code.expiresAt };
      }
      default:
        throw new Response(null, { status: 400 });
    }
  } catch (e) {
    if (e instanceof Response) throw e;
    return actionFailure(e, { lang: context.lang, intent, fields: [...activityFormFields, 'reason'], refusalFields: activityRefusalFields, posted: form });
  }
}

export default function ActivityPage() {
  const { activity: a, participants, timezone, stations, tags, posts } = useLoaderData<typeof loader>();
  const answer = useActionData<ActionFailure | CodeShown>();
  const failure = failureOf(answer && !answer.ok ? answer : undefined);
  const errors = failure?.fieldErrors ?? {};
  const code = answer && answer.ok && answer.intent === 'code' ? answer : null;
  const { t } = useTranslation();
  const busy = useNavigation().state === 'submitting';
  const live = participants.filter((p) => p.status !== 'cancelled');
  return (
    <Page title={a.title} subtitle={`${t(`activities.kind.${a.kind}`)} · ${t(`activities.status.${a.status}`)}`} actions={<Link to="/activities" className={buttonClass.secondary}>{t('activities.detail.back')}</Link>}>
      <div className="mb-4 grid grid-cols-2 gap-3 sm:grid-cols-4">
        <Stat label={t('activities.detail.confirmed')} value={`${a.confirmed} / ${a.capacity}`} testId="stat-confirmed" />
        <Stat label={t('activities.detail.waitlisted')} value={a.waitlisted} testId="stat-waitlisted" />
        <Stat label={t('activities.detail.attended')} value={a.attended} />
        <Stat label={t('activities.detail.rating')} value={a.feedback.average === null ? '—' : t('activities.detail.ratingValue', { average: a.feedback.average, count: a.feedback.count })} />
      </div>
      <div className="grid gap-4 lg:grid-cols-3">
        <Card className="p-4 lg:col-span-2">
          <DefinitionList
            items={[
              { label: t('activities.field.startsAt'), value: `${formatDateTime(a.startsAt, timezone)} – ${formatDateTime(a.endsAt, timezone).slice(11)}` },
              { label: t('activities.field.place'), value: a.postName ?? a.place },
              { label: t('activities.field.station'), value: a.stationName },
              { label: t('activities.field.audience'), value: t(`activities.audience.${a.audience}`) },
              { label: t('activities.field.signUpWindow'), value: `${formatDateTime(a.signUpOpensAt, timezone)} – ${formatDateTime(a.signUpClosesAt, timezone)}` },
              { label: t('activities.field.cancelDeadline'), value: formatDateTime(a.cancelDeadline, timezone) },
              { label: t('activities.field.description'), value: <span className="whitespace-pre-line">{a.description}</span>, wide: true },
            ]}
          />
          {a.posterFileId ? <img src={posterUrl(a.posterFileId)} alt={t('activities.poster.alt')} className="mt-4 max-h-96 rounded-md border border-slate-200 object-contain" data-testid="activity-poster" /> : null}
        </Card>
        <Card className="space-y-4 p-4">
          {failure?.intent !== 'update' ? <FormErrors failure={failure} /> : null}
          {a.status === 'draft' ? (
            <Form method="post">
              <input type="hidden" name="version" value={a.version} />
              <button type="submit" name="intent" value="publish" className={buttonClass.primary} disabled={busy} data-testid="publish">
                {t('activities.detail.publish')}
              </button>
            </Form>
          ) : null}
          {a.status === 'published' ? (
            <>
              <Form method="post">
                <button type="submit" name="intent" value="code" className={buttonClass.secondary} disabled={busy} data-testid="show-code">
                  {t('activities.detail.showCode')}
                </button>
              </Form>
              {code ? (
                <div data-testid="check-in-code">
                  <div className="w-48" dangerouslySetInnerHTML={{ __html: code.svg }} />
                  <p className="text-xs break-all text-slate-500">{code.url}</p>
                  <p className="text-xs text-slate-500">{t('activities.detail.codeExpires', { at: formatDateTime(code.expiresAt, timezone) })}</p>
                </div>
              ) : null}
              <Form method="post" className="space-y-2">
                <input type="hidden" name="version" value={a.version} />
                <input name="reason" placeholder={t('activities.detail.cancelReason')} className={inputClass} maxLength={500} />
                <button type="submit" name="intent" value="cancel" className={buttonClass.danger} disabled={busy}>
                  {t('activities.detail.cancel')}
                </button>
              </Form>
            </>
          ) : null}
        </Card>
      </div>
      {a.status !== 'cancelled' ? (
        <details className="mt-4 rounded-lg border border-slate-200 bg-white" open={failure?.intent === 'update' || undefined} data-testid="edit">
          <summary className="cursor-pointer px-4 py-3 text-sm font-medium text-slate-800">{t('activities.edit.title')}</summary>
          <Form method="post" className="grid grid-cols-1 gap-4 border-t border-slate-100 p-4 sm:grid-cols-2" data-testid="edit-form" noValidate>
            <input type="hidden" name="version" value={a.version} />
            {activityTimeFields.map((f) => (
              <input key={f} type="hidden" name={`was.${f}`} value={a[f]} />
            ))}
            <input type="hidden" name="wasStatus" value={a.status} />
            <input type="hidden" name="confirmed" value={a.confirmed} />
            <ActivityFields
              values={{
                title: a.title,
                kind: a.kind,
                stationId: a.stationId,
                startsAt: localInputOf(a.startsAt, timezone),
                endsAt: localInputOf(a.endsAt, timezone),
                postId: a.postId ?? '',
                place: a.place ?? '',
                capacity: a.capacity,
                audience: a.audience,
                audienceStationId: a.audienceStationId ?? a.stationId,
                audienceTagId: a.audienceTagId ?? '',
                signUpOpensAt: localInputOf(a.signUpOpensAt, timezone),
                signUpClosesAt: localInputOf(a.signUpClosesAt, timezone),
                cancelDeadline: localInputOf(a.cancelDeadline, timezone),
                description: a.description,
                posterFileId: a.posterFileId,
              }}
              errors={failure?.intent === 'update' ? errors : {}}
              stations={stations}
              tags={tags}
              posts={posts}
              withStation={false}
              confirmed={a.confirmed}
            />
            {failure?.intent === 'update' ? (
              <div className="sm:col-span-2">
                <FormErrors failure={failure} />
              </div>
            ) : null}
            <div className="flex justify-end sm:col-span-2">
              <button type="submit" name="intent" value="update" className={buttonClass.primary} disabled={busy} data-testid="save">
                {t('activities.detail.save')}
              </button>
            </div>
          </Form>
        </details>
      ) : null}
      <h2 className="mt-6 mb-2 text-base font-semibold">{t('activities.detail.participants', { count: live.length })}</h2>
      <p className="mb-2 text-xs text-slate-500">{t('activities.detail.phonesMasked')}</p>
      {live.length === 0 ? (
        <Empty>{t('activities.detail.noParticipants')}</Empty>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
          <table className="min-w-full divide-y divide-slate-200 text-sm" data-testid="participants">
            <thead className="bg-slate-50 text-left text-xs text-slate-500">
              <tr>
                <th className="px-3 py-2">{t('activities.participant.name')}</th>
                <th className="px-3 py-2">{t('activities.participant.enterprise')}</th>
                <th className="px-3 py-2">{t('activities.participant.phone')}</th>
                <th className="px-3 py-2">{t('activities.participant.partyMember')}</th>
                <th className="px-3 py-2">{t('activities.participant.status')}</th>
                <th className="px-3 py-2">{t('activities.participant.attendance')}</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {live.map((p) => (
                <tr key={p.id} data-testid="participant-row">
                  <td className="px-3 py-2">{p.name}</td>
                  <td className="px-3 py-2">{p.enterpriseName}</td>
                  <td className="px-3 py-2 font-mono">{p.phone}</td>
                  <td className="px-3 py-2">{p.partyMember ? t('activities.participant.yes') : t('activities.participant.no')}</td>
                  <td className="px-3 py-2">
                    {p.status === 'waitlisted' ? t('activities.participant.waitlistPosition', { position: p.waitlistPosition }) : t(`activities.participantStatus.${p.status}`)}
                  </td>
                  <td className="px-3 py-2">
                    {p.status === 'confirmed' ? (
                      <Form method="post" className="flex items-center gap-2">
                        <input type="hidden" name="participantId" value={p.id} />
                        <input type="hidden" name="present" value={p.checkedInAt ? 'no' : 'yes'} />
                        {p.checkedInAt ? <span className="text-green-700">{t('activities.participant.present', { at: formatDateTime(p.checkedInAt, timezone).slice(11) })}</span> : null}
                        <button type="submit" name="intent" value="attend" className={buttonClass.smallSecondary} disabled={busy} data-testid="mark-attendance">
                          {p.checkedInAt ? t('activities.participant.unmark') : t('activities.participant.mark')}
                        </button>
                      </Form>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Page>
  );
}
