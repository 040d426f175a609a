import { useState } from 'react';
import { Form, Link, useActionData, useNavigation } from 'react-router';
import { useTranslation } from 'react-i18next';
import { translator } from '@stationdesk/i18n';
import { LanguageSwitch } from '../components/language-switch.tsx';
import { FormErrors } from '../components/form.tsx';
import { Field, inputClass } from '../components/ui.tsx';
import type { ActionFailure } from '../lib/action-result.ts';
import { actionFailure, fieldFailure } from '../lib/action-result.server.ts';
import { redirectWithFlash } from '../lib/flash.server.ts';
import type { Route } from './+types/reset-password.$token';

export function meta() {
  // The token is in the path: no Referer carries it to another site.
  return [{ title: 'StationDesk · 设置新密码' }, { name: 'referrer', content: 'no-referrer' }];
}

/** The strength reasons passwordProblem answers sit under the new password's field. */
const passwordReasons = ['errors.password.tooShort', 'errors.password.tooLong', 'errors.password.weak', 'errors.password.personal'];
/** A link that no longer works: the page offers a new e-mail. */
const linkReasons = ['errors.passwordReset.invalid', 'errors.passwordReset.used', 'errors.passwordReset.expired'];

export async function action({ request, context, params }: Route.ActionArgs): Promise<ActionFailure & { deadLink?: boolean }> {
  const form = await request.formData();
  const password = String(form.get('password') ?? '');
  const confirm = String(form.get('confirm') ?? '');
  const c = { lang: context.lang, intent: 'reset' };
  if (password !== confirm) return fieldFailure(c, { confirm: 'passwordReset.reset.mismatch' });
  try {
    await context.trpc.auth.resetPassword({ token: params.token, password });
  } catch (e) {
    const failure = actionFailure(e, { ...c, fields: ['password'], refusalFields: Object.fromEntries(passwordReasons.map((k) => [k, 'password'])), posted: form });
    const key = (e as { cause?: { messageKey?: string } }).cause?.messageKey;
    return { ...failure, ...(key && linkReasons.includes(key) ? { deadLink: true } : {}) };
  }
  // Every session ended with the reset (this browser's too): sign in with the new password.
  throw redirectWithFlash(request, context, translator(context.lang)('signIn.passwordWasReset'), { to: '/sign-in' });
}

/** A length gauge while typing; the real judgement (zxcvbn, personal details) is the server's, shown under the field. */
function lengthLevel(n: number): 'short' | 'fair' | 'long' {
  return n < 10 ? 'short' : n < 16 ? 'fair' : 'long';
}

export default function ResetPassword() {
  const { t } = useTranslation();
  const failure = useActionData<typeof action>();
  const busy = useNavigation().state !== 'idle';
  const [length, setLength] = useState(0);
  const level = lengthLevel(length);
  const bar = { short: 'w-1/3 bg-red-500', fair: 'w-2/3 bg-amber-500', long: 'w-full bg-emerald-600' }[level];
  return (
    <div className="flex min-h-dvh flex-col items-center justify-center px-4 py-10">
      <div className="w-full max-w-sm">
        <div className="mb-8 text-center">
          <div className="text-sm font-medium tracking-widest text-brand-600">StationDesk</div>
          <h1 className="mt-1 text-2xl font-semibold">{t('passwordReset.reset.title')}</h1>
        </div>
        <Form method="post" className="space-y-4 rounded-xl border border-slate-200 bg-white p-6 shadow-sm" noValidate>
          <p className="text-sm text-slate-600">{t('passwordReset.reset.intro')}</p>
          <Field label={t('passwordReset.reset.password')} error={failure?.fieldErrors.password} hint={t('passwordReset.reset.hint')} required>
            {(p) => (
              <input
                {...p}
                name="password"
                type="password"
                autoComplete="new-password"
                required
                onChange={(e) => setLength([...e.currentTarget.value].length)}
                className={inputClass}
              />
            )}
          </Field>
          <div aria-live="polite" data-testid="password-gauge">
            <div className="h-1.5 w-full rounded bg-slate-100">
              <div className={`h-1.5 rounded ${length === 0 ? 'w-0' : bar}`} />
            </div>
            <p className="mt-1 text-xs text-slate-500">
              {t('passwordReset.reset.length', { count: length })} · {t(`passwordReset.reset.strength.${level}`)}
            </p>
          </div>
          <Field label={t('passwordReset.reset.confirm')} error={failure?.fieldErrors.confirm} required>
            {(p) => <input {...p} name="confirm" type="password" autoComplete="new-password" required className={inputClass} />}
          </Field>
          <FormErrors failure={failure} testId="reset-error" />
          {failure?.deadLink ? (
            <p className="text-sm">
              <Link to="/forgot-password" className="text-brand-700 underline">
                {t('passwordReset.reset.requestAgain')}
              </Link>
            </p>
          ) : null}
          <button
            type="submit"
            disabled={busy}
            className="w-full rounded-md bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700 disabled:opacity-60"
          >
            {busy ? t('passwordReset.reset.submitting') : t('passwordReset.reset.submit')}
          </button>
        </Form>
        <LanguageSwitch className="mt-6 justify-center" />
      </div>
    </div>
  );
}
