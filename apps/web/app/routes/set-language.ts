import { redirect } from 'react-router';
import { isLanguage, languageCookie } from '@stationdesk/i18n';
import { safeNext } from '../lib/errors.server.ts';
import type { Route } from './+types/set-language';

/** The language switch works without scripts: a form posts here and comes back. */
export async function action({ request, context }: Route.ActionArgs) {
  const form = await request.formData();
  const lang = form.get('lang');
  const back = safeNext(form.get('next'));
  if (!isLanguage(lang)) return redirect(back);
  // Remember it for signed-in users too; signed-out visitors just get the cookie.
  await context.trpc.auth.setLocale({ locale: lang }).catch(() => undefined);
  const cookie = `${languageCookie}=${encodeURIComponent(lang)}; Path=/; Max-Age=31536000; SameSite=Lax`;
  return redirect(back, { headers: { 'set-cookie': cookie } });
}

export function loader() {
  return redirect('/');
}
