import { Form, useActionData, useLoaderData, useNavigation } from 'react-router';
import { useTranslation } from 'react-i18next';
import { translator } from '@stationdesk/i18n';
import { FormErrors } from '../components/form.tsx';
import { Card, Page } from '../components/page.tsx';
import { buttonClass, Notice } from '../components/ui.tsx';
import { failureOf, type ActionFailure } from '../lib/action-result.ts';
import { actionFailure, notFoundOr } from '../lib/action-result.server.ts';
import { redirectWithFlash } from '../lib/flash.server.ts';
import { formatDateTime } from '../lib/format.ts';
import { loadForRoles, requireRole } from '../lib/loader.server.ts';
import { pageTitle } from '../lib/meta.ts';
import type { Route } from './+types/portal.activities.check-in.$token';

export function meta({ matches }: Route.MetaArgs) {
  return pageTitle(matches, 'activities.checkIn.title');
}

/** The activity's QR code opened by the enterprise admin at the venue: its own confirmed people, ticked present at once. */
export async function loader({ request, context, params }: Route.LoaderArgs) {
  const { timezone, data } = await loadForRoles(request, context, ['enterprise_admin'], () => context.trpc.activity.scan({ code: params.token }).catch(notFoundOr));
  return { scanned: data, timezone };
}

export async function action({ request, context, params }: Route.ActionArgs): Promise<ActionFailure | Response> {
  await requireRole(request, context, ['enterprise_admin']);
  const form = await request.formData();
  const participantIds = form.getAll('participantId').map(String);
  try {
    const done = await context.trpc.activity.checkInByCode({ code: params.token, participantIds });
    return redirectWithFlash(request, context, translator(context.lang)('activities.checkIn.done', { count: done.updated }), { to: `/portal/activities/${done.activityId}` });
  } catch (e) {
    return actionFailure(e, { lang: context.lang, intent: 'checkIn', fields: ['participantIds'], posted: form });
  }
}

export default function ActivityCheckIn() {
  const { scanned, timezone } = useLoaderData<typeof loader>();
  const failure = failureOf(useActionData<ActionFailure>());
  const { t } = useTranslation();
  const busy = useNavigation().state === 'submitting';
  const waiting = scanned.participants.filter((p) => !p.checkedInAt);
  return (
    <Page title={t('activities.checkIn.title')} subtitle={`${scanned.title} · ${formatDateTime(scanned.startsAt, timezone)}`}>
      <Card className="max-w-xl p-4">
        <FormErrors failure={failure} />
        {scanned.participants.length === 0 ? (
          <Notice>{t('activities.checkIn.nobody')}</Notice>
        ) : (
          <Form method="post" className="space-y-2" data-testid="check-in-form">
            {scanned.participants.map((p) => (
              <label key={p.id} className="flex items-center gap-2 text-sm">
                <input type="checkbox" name="participantId" value={p.id} defaultChecked={!p.checkedInAt} disabled={Boolean(p.checkedInAt)} />
                {p.name}
                {p.checkedInAt ? <span className="text-green-700">{t('activities.participant.present', { at: formatDateTime(p.checkedInAt, timezone).slice(11) })}</span> : null}
              </label>
            ))}
            {waiting.length > 0 ? (
              <button type="submit" className={buttonClass.primary} disabled={busy} data-testid="check-in-submit">
                {t('activities.checkIn.submit')}
              </button>
            ) : null}
          </Form>
        )}
      </Card>
    </Page>
  );
}
