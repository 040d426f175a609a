import { Form, Link, useActionData, useNavigation } from 'react-router';
import { useTranslation } from 'react-i18next';
import { translator } from '@stationdesk/i18n';
import { LanguageSwitch } from '../components/language-switch.tsx';
import { FormErrors } from '../components/form.tsx';
import { Field, inputClass } from '../components/ui.tsx';
import type { ActionResult } from '../lib/action-result.ts';
import { actionFailure, fieldFailure } from '../lib/action-result.server.ts';
import type { Route } from './+types/forgot-password';

export function meta() {
  return [{ title: 'StationDesk · 找回密码' }];
}

/**
 * Asks for a reset link. The answer is always the same confirmation, whether or not the address is
 * an account's (auth.requestPasswordReset answers alike and in the same time); only a malformed
 * address or the throttle is refused.
 */
export async function action({ request, context }: Route.ActionArgs): Promise<ActionResult<{ email: string }>> {
  const form = await request.formData();
  const email = String(form.get('email') ?? '').trim();
  const c = { lang: context.lang, intent: 'request', values: { email } };
  if (!email) return fieldFailure(c, { email: 'passwordReset.forgot.missingEmail' });
  try {
    await context.trpc.auth.requestPasswordReset({ email });
  } catch (e) {
    return actionFailure(e, { ...c, fields: ['email'], posted: form });
  }
  return { ok: true, intent: 'request', message: translator(context.lang)('passwordReset.forgot.sent', { email }), email };
}

export default function ForgotPassword() {
  const { t } = useTranslation();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== 'idle';
  const failure = result && !result.ok ? result : null;
  return (
    <div className="flex min-h-dvh flex-col items-center justify-center px-4 py-10">
      <div className="w-full max-w-sm">
        <div className="mb-8 text-center">
          <div className="text-sm font-medium tracking-widest text-brand-600">StationDesk</div>
          <h1 className="mt-1 text-2xl font-semibold">{t('passwordReset.forgot.title')}</h1>
        </div>
        {result?.ok ? (
          <div className="space-y-3 rounded-xl border border-slate-200 bg-white p-6 shadow-sm" role="status" data-testid="reset-requested">
            <h2 className="font-medium">{t('passwordReset.forgot.sentTitle')}</h2>
            <p className="text-sm text-slate-700">{result.message}</p>
            <p className="text-sm text-slate-500">{t('passwordReset.forgot.sentHint')}</p>
          </div>
        ) : (
          <Form method="post" className="space-y-4 rounded-xl border border-slate-200 bg-white p-6 shadow-sm" noValidate>
            <p className="text-sm text-slate-600">{t('passwordReset.forgot.intro')}</p>
            <Field label={t('passwordReset.forgot.email')} error={failure?.fieldErrors.email} required>
              {(p) => <input {...p} name="email" type="email" autoComplete="username" required defaultValue={failure?.values?.email ?? ''} className={inputClass} />}
            </Field>
            <FormErrors failure={failure} />
            <button
              type="submit"
              disabled={busy}
              className="w-full rounded-md bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700 disabled:opacity-60"
            >
              {busy ? t('passwordReset.forgot.submitting') : t('passwordReset.forgot.submit')}
            </button>
          </Form>
        )}
        <p className="mt-4 text-center text-sm">
          <Link to="/sign-in" className="text-brand-700 underline">
            {t('passwordReset.forgot.backToSignIn')}
          </Link>
        </p>
        <LanguageSwitch className="mt-6 justify-center" />
      </div>
    </div>
  );
}
