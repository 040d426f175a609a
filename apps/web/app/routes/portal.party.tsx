import { Form, useActionData, useLoaderData, useNavigation } from 'react-router';
import { useTranslation } from 'react-i18next';
import { translator } from '@stationdesk/i18n';
import { ConfirmAction, FormErrors } from '../components/form.tsx';
import { Page } from '../components/page.tsx';
import { buttonClass, Empty, inputClass, Notice, Section } from '../components/ui.tsx';
import { failureOf, type ActionFailure } from '../lib/action-result.ts';
import { actionFailure } from '../lib/action-result.server.ts';
import { redirectWithFlash } from '../lib/flash.server.ts';
import { loadForRoles, requireRole } from '../lib/loader.server.ts';
import { pageTitle } from '../lib/meta.ts';
import { localName } from '../lib/names.ts';
import { badgeClass, shiftTime, splitNames } from '../lib/party.ts';
import { text } from '../lib/work-items.server.ts';
import type { Route } from './+types/portal.party';

export function meta({ matches }: Route.MetaArgs) {
  return pageTitle(matches, 'party.portal.title');
}

/** 党群站岗 (enterprise admins): the open shifts of the coming month, the places left, its own branch's batches. */
export async function loader({ request, context }: Route.LoaderArgs) {
  const { timezone, data: list } = await loadForRoles(request, context, ['enterprise_admin'], () => context.trpc.dutyShift.list());
  return { list, timezone };
}

/** Signs the branch up for a shift, or cancels its batch. */
export async function action({ request, context }: Route.ActionArgs): Promise<ActionFailure | Response> {
  await requireRole(request, context, ['enterprise_admin']);
  const form = await request.formData();
  const intent = text(form, 'intent');
  const shiftId = text(form, 'shiftId');
  const t = translator(context.lang);
  try {
    if (intent === 'cancel') {
      await context.trpc.dutyShift.cancel({ signUpId: text(form, 'signUpId') });
      return redirectWithFlash(request, context, t('party.portal.cancelled'), { form: intent });
    }
    const names = splitNames(text(form, 'memberNames'));
    await context.trpc.dutyShift.signUp({ id: shiftId, members: Number(text(form, 'members')), ...(names.length ? { memberNames: names } : {}) });
    return redirectWithFlash(request, context, t('party.portal.signedUp', { post: text(form, 'postName'), date: text(form, 'shiftDate') }), { form: `signUp:${shiftId}` });
  } catch (e) {
    return actionFailure(e, { lang: context.lang, intent, form: `${intent}:${shiftId}`, fields: ['members', 'memberNames'], posted: form });
  }
}

export default function PortalParty() {
  const { list, timezone } = useLoaderData<typeof loader>();
  const answer = useActionData<ActionFailure>();
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const busy = useNavigation().state === 'submitting';
  const mine = list.shifts.filter((s) => s.mine);
  const open = list.shifts.filter((s) => !s.mine && s.left > 0);
  return (
    <Page title={t('party.portal.title')} subtitle={t('party.portal.subtitle')}>
      <div className="mb-4">
        {list.branch ? <Notice>{t('party.portal.branch', { name: list.branch.name })}</Notice> : <Notice tone="warning">{t('party.portal.noBranch')}</Notice>}
      </div>
      <Section title={t('party.portal.mine')} count={mine.length} className="mb-4" testId="my-batches">
        {mine.length === 0 ? (
          <Empty>{t('party.portal.noMine')}</Empty>
        ) : (
          <ul className="divide-y divide-slate-100">
            {mine.map((s) => (
              <li key={s.id} className="flex flex-wrap items-center justify-between gap-2 px-4 py-3" data-testid="my-batch">
                <div>
                  <div className="font-medium">{`${s.shiftDate} ${shiftTime(s, timezone)} · ${s.postName}`}</div>
                  <div className="text-sm text-slate-600">{`${localName(lang, s.stationName, s.stationNameEn)} · ${s.postLocation}`}</div>
                </div>
                <div className="flex items-center gap-2">
                  <span className="text-sm">{t('party.common.members', { count: s.mine!.members })}</span>
                  <span className={`${badgeClass} bg-green-50 text-green-700 ring-green-600/20`} data-testid="my-batch-status">
                    {t(`party.signUpStatus.${s.mine!.status}`)}
                  </span>
                  {s.mine!.status === 'signed_up' ? (
                    <ConfirmAction intent="cancel" hidden={{ signUpId: s.mine!.id, shiftId: s.id }} label={t('party.portal.cancel')} confirmLabel={t('party.portal.cancel')} question={t('party.shifts.cancelQuestion', { name: list.branch?.name ?? '' })} />
                  ) : null}
                </div>
              </li>
            ))}
          </ul>
        )}
      </Section>
      <Section title={t('party.portal.open')} count={open.length} testId="open-shifts">
        {open.length === 0 ? (
          <Empty>{t('party.portal.none')}</Empty>
        ) : (
          <ul className="divide-y divide-slate-100">
            {open.map((s) => {
              const failure = failureOf(answer, `signUp:${s.id}`);
              return (
                <li key={s.id} className="px-4 py-3" data-testid="open-shift">
                  <div className="flex flex-wrap items-center justify-between gap-2">
                    <div>
                      <div className="font-medium">{`${s.shiftDate} ${shiftTime(s, timezone)} · ${s.postName}`}</div>
                      <div className="text-sm text-slate-600">{`${localName(lang, s.stationName, s.stationNameEn)} · ${s.postLocation}`}</div>
                    </div>
                    <span className={`${badgeClass} bg-amber-50 text-amber-800 ring-amber-600/20`}>{t('party.shifts.left', { left: s.left })}</span>
                  </div>
                  {list.branch ? (
                    <Form method="post" className="mt-2 flex flex-wrap items-end gap-2" data-testid="portal-sign-up">
                      <input type="hidden" name="intent" value="signUp" />
                      <input type="hidden" name="shiftId" value={s.id} />
                      <input type="hidden" name="postName" value={s.postName} />
                      <input type="hidden" name="shiftDate" value={s.shiftDate} />
                      <label className="text-sm">
                        <span className="mb-1 block text-xs text-slate-500">{t('party.portal.members')}</span>
                        <input type="number" name="members" min={1} max={s.left} defaultValue={1} className={`${inputClass} w-24`} />
                      </label>
                      <label className="min-w-48 flex-1 text-sm">
                        <span className="mb-1 block text-xs text-slate-500">{t('party.portal.names')}</span>
                        <input name="memberNames" className={inputClass} />
                      </label>
                      <button type="submit" className={buttonClass.primary} disabled={busy} data-testid="portal-sign-up-submit">
                        {t('party.portal.signUp')}
                      </button>
                      <div className="w-full">
                        <FormErrors failure={failure} />
                        {failure?.fieldErrors.members ? <p className="text-xs text-red-600">{failure.fieldErrors.members}</p> : null}
                      </div>
                    </Form>
                  ) : null}
                </li>
              );
            })}
          </ul>
        )}
      </Section>
    </Page>
  );
}
