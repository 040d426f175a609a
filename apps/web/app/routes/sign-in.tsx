import { Form, Link, redirect, useActionData, useLoaderData, useNavigation, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { translator } from '@stationdesk/i18n';
import { LanguageSwitch } from '../components/language-switch.tsx';
import { errorMessage, isUnauthorized, safeNext } from '../lib/errors.server.ts';
import { takeFlash } from '../lib/flash.server.ts';
import type { Route } from './+types/sign-in';

export function meta() {
  return [{ title: 'StationDesk · 楼宇工作站服务台' }];
}

export async function loader({ request, context }: Route.LoaderArgs) {
  // Already signed in: straight to the desk.
  try {
    await context.trpc.auth.me();
    return redirect('/');
  } catch (e) {
    if (!isUnauthorized(e)) throw e;
    // A password just reset says so here.
    return { flash: takeFlash(request, context) };
  }
}

export async function action({ request, context }: Route.ActionArgs) {
  const form = await request.formData();
  const email = String(form.get('email') ?? '');
  const password = String(form.get('password') ?? '');
  if (!email.trim() || !password) {
    return { error: translator(context.lang)('signIn.missingFields'), email };
  }
  try {
    await context.trpc.auth.signIn({ email, password });
  } catch (e) {
    return { error: errorMessage(e, context.lang), email };
  }
  return redirect(safeNext(form.get('next')), { headers: context.resHeaders });
}

export default function SignIn() {
  const { t } = useTranslation();
  const result = useActionData<typeof action>();
  const flash = useLoaderData<typeof loader>()?.flash;
  const [params] = useSearchParams();
  const busy = useNavigation().state !== 'idle';
  return (
    <div className="flex min-h-dvh flex-col items-center justify-center px-4 py-10">
      <div className="w-full max-w-sm">
        <div className="mb-8 text-center">
          <div className="text-sm font-medium tracking-widest text-brand-600">StationDesk</div>
          <h1 className="mt-1 text-2xl font-semibold">{t('app.name')}</h1>
          <p className="mt-2 text-sm text-slate-600">{t('signIn.subtitle')}</p>
        </div>
        {flash && !result ? (
          <p role="status" className="mb-4 rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-800" data-testid="sign-in-flash">
            {flash.message}
          </p>
        ) : null}
        <Form method="post" className="space-y-4 rounded-xl border border-slate-200 bg-white p-6 shadow-sm" noValidate>
          <input type="hidden" name="next" value={params.get('next') ?? '/'} />
          <label className="block">
            <span className="text-sm font-medium">{t('signIn.email')}</span>
            <input
              name="email"
              type="email"
              autoComplete="username"
              required
              defaultValue={result?.email ?? ''}
              className="mt-1 block w-full rounded-md border border-slate-300 px-3 py-2"
            />
          </label>
          <label className="block">
            <span className="text-sm font-medium">{t('signIn.password')}</span>
            <input
              name="password"
              type="password"
              autoComplete="current-password"
              required
              className="mt-1 block w-full rounded-md border border-slate-300 px-3 py-2"
            />
          </label>
          {result?.error ? (
            <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700">
              {result.error}
            </p>
          ) : null}
          <button
            type="submit"
            disabled={busy}
            className="w-full rounded-md bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700 disabled:opacity-60"
          >
            {busy ? t('signIn.submitting') : t('signIn.submit')}
          </button>
          <p className="text-center text-sm">
            <Link to="/forgot-password" className="text-brand-700 underline">
              {t('signIn.forgotPassword')}
            </Link>
          </p>
        </Form>
        <LanguageSwitch className="mt-6 justify-center" />
      </div>
    </div>
  );
}
