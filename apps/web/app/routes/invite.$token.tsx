import { useState } from 'react';
import { Form, Link, redirect, useActionData, useLoaderData, useNavigation } from 'react-router';
import { useTranslation } from 'react-i18next';
import { LanguageSwitch } from '../components/language-switch.tsx';
import { FormErrors } from '../components/form.tsx';
import { Field, inputClass } from '../components/ui.tsx';
import type { ActionFailure } from '../lib/action-result.ts';
import { actionFailure } from '../lib/action-result.server.ts';
import { errorMessage } from '../lib/errors.server.ts';
import type { Route } from './+types/invite.$token';

export function meta() {
  // The token is in the path: no Referer carries it to another site.
  return [{ title: 'StationDesk · 接受邀请' }, { name: 'referrer', content: 'no-referrer' }];
}

/** What the link is for — or, when it no longer works, why (used, expired, revoked, suspended). */
export async function loader({ context, params }: Route.LoaderArgs) {
  try {
    return { invitation: await context.trpc.invitation.get({ token: params.token }), refused: null };
  } catch (e) {
    return { invitation: null, refused: errorMessage(e, context.lang) };
  }
}

/** The strength reasons passwordProblem answers sit under the password's field. */
const passwordReasons = ['errors.password.tooShort', 'errors.password.tooLong', 'errors.password.weak', 'errors.password.personal', 'errors.invalidCredentials'];

export async function action({ request, context, params }: Route.ActionArgs): Promise<ActionFailure | Response> {
  const form = await request.formData();
  const displayName = String(form.get('displayName') ?? '').trim();
  const password = String(form.get('password') ?? '');
  try {
    await context.trpc.invitation.accept({ token: params.token, password, ...(displayName ? { displayName } : {}) });
  } catch (e) {
    return actionFailure(e, {
      lang: context.lang,
      intent: 'accept',
      fields: ['displayName', 'password'],
      refusalFields: { ...Object.fromEntries(passwordReasons.map((k) => [k, 'password'])), 'errors.invitation.nameRequired': 'displayName' },
      posted: form,
    });
  }
  // Signed in (the session cookie is on the response): the desk, or the portal for an enterprise admin.
  return redirect('/', { headers: context.resHeaders });
}

function lengthLevel(n: number): 'short' | 'fair' | 'long' {
  return n < 10 ? 'short' : n < 16 ? 'fair' : 'long';
}

export default function AcceptInvitation() {
  const { t, i18n } = useTranslation();
  const { invitation, refused } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const busy = useNavigation().state !== 'idle';
  const [length, setLength] = useState(0);
  const level = lengthLevel(length);
  const bar = { short: 'w-1/3 bg-red-500', fair: 'w-2/3 bg-amber-500', long: 'w-full bg-emerald-600' }[level];
  const tenantName = invitation ? (i18n.language === 'en' && invitation.tenantNameEn ? invitation.tenantNameEn : invitation.tenantName) : '';
  return (
    <div className="flex min-h-dvh flex-col items-center justify-center px-4 py-10">
      <div className="w-full max-w-sm">
        <div className="mb-8 text-center">
          <div className="text-sm font-medium tracking-widest text-brand-600">StationDesk</div>
          <h1 className="mt-1 text-2xl font-semibold">{t('members.accept.title')}</h1>
        </div>
        {!invitation ? (
          <div className="space-y-4 rounded-xl border border-slate-200 bg-white p-6 shadow-sm">
            <p role="alert" className="text-sm text-red-700" data-testid="invite-refused">
              {refused}
            </p>
            <Link to="/sign-in" className="text-sm text-brand-700 underline">
              {t('signIn.submit')}
            </Link>
          </div>
        ) : (
          <Form method="post" className="space-y-4 rounded-xl border border-slate-200 bg-white p-6 shadow-sm" noValidate data-testid="invite-form">
            <p className="text-sm text-slate-700" data-testid="invite-intro">
              {t('members.accept.intro', { tenant: tenantName, role: t(`roles.${invitation.role}`) })}
            </p>
            <p className="text-sm text-slate-600">{t('members.accept.account', { email: invitation.email })}</p>
            {invitation.hasAccount ? (
              <p className="text-sm text-slate-600">{t('members.accept.hasAccount')}</p>
            ) : (
              <Field label={t('members.name')} error={failure?.fieldErrors.displayName} required>
                {(p) => <input {...p} name="displayName" autoComplete="name" maxLength={100} required className={inputClass} />}
              </Field>
            )}
            <Field
              label={invitation.hasAccount ? t('members.accept.currentPassword') : t('members.accept.newPassword')}
              error={failure?.fieldErrors.password}
              {...(invitation.hasAccount ? {} : { hint: t('members.accept.passwordHint') })}
              required
            >
              {(p) => (
                <input
                  {...p}
                  name="password"
                  type="password"
                  autoComplete={invitation.hasAccount ? 'current-password' : 'new-password'}
                  required
                  onChange={(e) => setLength([...e.currentTarget.value].length)}
                  className={inputClass}
                />
              )}
            </Field>
            {invitation.hasAccount ? null : (
              <div aria-live="polite" data-testid="password-gauge">
                <div className="h-1.5 w-full rounded bg-slate-100">
                  <div className={`h-1.5 rounded ${length === 0 ? 'w-0' : bar}`} />
                </div>
              </div>
            )}
            <FormErrors failure={failure} testId="invite-error" />
            <button
              type="submit"
              disabled={busy}
              className="w-full rounded-md bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700 disabled:opacity-60"
              data-testid="invite-accept"
            >
              {t('members.accept.submit')}
            </button>
          </Form>
        )}
        <LanguageSwitch className="mt-6 justify-center" />
      </div>
    </div>
  );
}
