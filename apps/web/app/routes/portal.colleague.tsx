import { Form, useActionData } from 'react-router';
import { useTranslation } from 'react-i18next';
import { translator } from '@stationdesk/i18n';
import { Page } from '../components/page.tsx';
import { FormErrors } from '../components/form.tsx';
import { buttonClass, Field, inputClass } from '../components/ui.tsx';
import type { ActionFailure } from '../lib/action-result.ts';
import { actionFailure } from '../lib/action-result.server.ts';
import { formString } from '../lib/enterprise-form.server.ts';
import { loadForRoles } from '../lib/loader.server.ts';
import { redirectWithFlash } from '../lib/flash.server.ts';
import { pageTitle } from '../lib/meta.ts';
import type { Route } from './+types/portal.colleague';

export function meta({ matches }: Route.MetaArgs) {
  return pageTitle(matches, 'members.colleague.title');
}

export async function loader({ request, context }: Route.LoaderArgs) {
  await loadForRoles(request, context, ['enterprise_admin'], async () => null);
  return null;
}

/** An enterprise admin asks for a colleague as a second admin of the company; a manager approves (issue 21). */
export async function action({ request, context }: Route.ActionArgs): Promise<ActionFailure | Response> {
  const form = await request.formData();
  const displayName = formString(form, 'displayName');
  try {
    await context.trpc.member.inviteColleague({ email: formString(form, 'email'), ...(displayName ? { displayName } : {}) });
    return redirectWithFlash(request, context, translator(context.lang)('members.colleague.sent'));
  } catch (e) {
    return actionFailure(e, { lang: context.lang, intent: 'colleague', fields: ['email', 'displayName'], posted: form });
  }
}

export default function InviteColleague() {
  const { t } = useTranslation();
  const failure = useActionData<typeof action>();
  return (
    <Page title={t('members.colleague.title')} subtitle={t('members.colleague.hint')}>
      <Form method="post" className="max-w-lg space-y-3 rounded-lg border border-slate-200 bg-white p-4" data-testid="colleague-form" noValidate>
        <Field label={t('members.email')} required error={failure?.fieldErrors.email}>
          {(p) => <input {...p} name="email" type="email" autoComplete="off" required className={inputClass} />}
        </Field>
        <Field label={t('members.name')} error={failure?.fieldErrors.displayName}>
          {(p) => <input {...p} name="displayName" maxLength={100} autoComplete="off" className={inputClass} />}
        </Field>
        <FormErrors failure={failure} testId="colleague-error" />
        <button type="submit" className={buttonClass.primary}>
          {t('members.colleague.submit')}
        </button>
      </Form>
    </Page>
  );
}
