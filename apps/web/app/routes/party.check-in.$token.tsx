import { Form, Link, useActionData, useLoaderData, useNavigation } from 'react-router';
import { useTranslation } from 'react-i18next';
import { translator } from '@stationdesk/i18n';
import { FormErrors } from '../components/form.tsx';
import { Card, Page } from '../components/page.tsx';
import { buttonClass, FormError, Notice } from '../components/ui.tsx';
import type { ActionFailure } from '../lib/action-result.ts';
import { actionFailure } from '../lib/action-result.server.ts';
import { errorMessage } from '../lib/errors.server.ts';
import { redirectWithFlash } from '../lib/flash.server.ts';
import { formatDateTime } from '../lib/format.ts';
import { loadForRoles, requireRole, type DeskRole } from '../lib/loader.server.ts';
import { pageTitle } from '../lib/meta.ts';
import { shiftTime } from '../lib/party.ts';
import { text } from '../lib/work-items.server.ts';
import type { Route } from './+types/party.check-in.$token';

export function meta({ matches }: Route.MetaArgs) {
  return pageTitle(matches, 'party.checkIn.title');
}

const everyone: DeskRole[] = ['manager', 'staff', 'enterprise_admin'];

/**
 * 扫码签到: what a post's QR code opens for the signed-in member now (dutyShift.scan writes
 * nothing); an expired code, or another subdistrict's, is said so in the member's language.
 */
export async function loader({ request, context, params }: Route.LoaderArgs) {
  const { role, timezone, data } = await loadForRoles(request, context, everyone, () =>
    context.trpc.dutyShift.scan({ code: params.token }).then(
      (scan) => ({ scan, error: null }),
      (e: unknown) => ({ scan: null, error: errorMessage(e, context.lang) }),
    ),
  );
  return { role, timezone, ...data };
}

/** Checks the member's branch's batch in or out by the code. */
export async function action({ request, context, params }: Route.ActionArgs): Promise<ActionFailure | Response> {
  await requireRole(request, context, everyone);
  const form = await request.formData();
  const intent = text(form, 'intent') === 'check_out' ? 'check_out' : 'check_in';
  const t = translator(context.lang);
  try {
    const done = intent === 'check_in' ? await context.trpc.dutyShift.checkInByCode({ code: params.token }) : await context.trpc.dutyShift.checkOutByCode({ code: params.token });
    return redirectWithFlash(request, context, t(intent === 'check_in' ? 'party.checkIn.checkedIn' : 'party.checkIn.checkedOut', { name: done.organisationName, post: done.postName }));
  } catch (e) {
    return actionFailure(e, { lang: context.lang, intent });
  }
}

export default function CheckIn() {
  const { role, timezone, scan, error } = useLoaderData<typeof loader>();
  const failure = useActionData<ActionFailure>();
  const { t } = useTranslation();
  const busy = useNavigation().state === 'submitting';
  return (
    <Page title={t('party.checkIn.title')}>
      <Card className="mx-auto max-w-md space-y-3 p-5 text-center" data-testid="check-in">
        {error ? (
          <div data-testid="check-in-refused">
            <FormError>{error}</FormError>
          </div>
        ) : scan ? (
          <>
            <h2 className="text-lg font-semibold">{t('party.checkIn.post', { name: scan.post.name })}</h2>
            <p className="text-sm text-slate-600">{scan.post.location}</p>
            <p className="text-xs text-slate-500">{t('party.checkIn.validUntil', { at: formatDateTime(scan.expiresAt, timezone) })}</p>
            {scan.shift ? <p>{t('party.checkIn.shift', { time: shiftTime(scan.shift, timezone) })}</p> : <Notice>{t('party.checkIn.noShift')}</Notice>}
            {role === 'enterprise_admin' ? (
              scan.signUp ? (
                <>
                  <p className="font-medium" data-testid="check-in-batch">
                    {t('party.checkIn.batch', { name: scan.signUp.organisationName, members: scan.signUp.members, status: t(`party.signUpStatus.${scan.signUp.status}`) })}
                  </p>
                  {scan.step ? (
                    <Form method="post">
                      <input type="hidden" name="intent" value={scan.step} />
                      <button type="submit" className={`${buttonClass.primary} min-h-12 w-full text-base`} disabled={busy} data-testid="scan-step">
                        {t(scan.step === 'check_in' ? 'party.checkIn.doCheckIn' : 'party.checkIn.doCheckOut')}
                      </button>
                    </Form>
                  ) : null}
                </>
              ) : scan.shift ? (
                <Notice tone="warning">{t('party.checkIn.noBatch')}</Notice>
              ) : null
            ) : (
              <>
                <Notice>{t('party.checkIn.staffHint')}</Notice>
                {scan.shift ? (
                  <Link to={`/party/shifts/${scan.shift.id}`} className={buttonClass.secondary}>
                    {t('party.checkIn.openShift')}
                  </Link>
                ) : null}
              </>
            )}
            <FormErrors failure={failure} testId="check-in-error" />
          </>
        ) : null}
      </Card>
    </Page>
  );
}
