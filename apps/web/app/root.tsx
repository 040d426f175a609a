import { I18nextProvider, useTranslation } from 'react-i18next';
import {
  isRouteErrorResponse,
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useRouteError,
  useRouteLoaderData,
} from 'react-router';
import { defaultLanguage } from '@stationdesk/i18n';
import type { Route } from './+types/root';
import { useCspNonce } from './lib/csp-nonce.ts';
import { useI18nInstance } from './lib/i18n.ts';
import './app.css';

export function loader({ context }: Route.LoaderArgs) {
  return { lang: context.lang };
}

export function Layout({ children }: { children: React.ReactNode }) {
  const data = useRouteLoaderData<typeof loader>('root');
  const lang = data?.lang ?? defaultLanguage;
  const i18n = useI18nInstance(lang);
  const nonce = useCspNonce();
  return (
    <html lang={lang}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
        <Meta />
        <Links />
      </head>
      <body>
        <I18nextProvider i18n={i18n}>{children}</I18nextProvider>
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

export function ErrorBoundary() {
  const error = useRouteError();
  const { t } = useTranslation();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const [title, hint] =
    status === 404 ? ['errors.pageNotFound', 'errors.pageNotFoundHint'] : status === 503 ? ['errors.pageUnavailable', 'errors.serviceUnavailable'] : ['errors.pageFailed', 'errors.pageFailedHint'];
  return (
    <main className="mx-auto max-w-xl p-8">
      <h1 className="text-2xl font-semibold">{t(title)}</h1>
      <p className="mt-2 text-slate-600">{t(hint)}</p>
      <a className="mt-6 inline-block text-brand-600 underline" href="/">
        {t('nav.backHome')}
      </a>
    </main>
  );
}
