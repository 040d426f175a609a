import { Form, Link, Outlet, redirect, useLoaderData, useLocation } from 'react-router';
import { useTranslation } from 'react-i18next';
import { FlashMessage } from '../components/flash.tsx';
import { LanguageSwitch } from '../components/language-switch.tsx';
import { Bell } from '../components/notifications/bell.tsx';
import { SignOutButton } from '../components/patrol/sign-out-button.tsx';
import { takeFlash } from '../lib/flash.server.ts';
import { activeNavTo, navFor, type ShellRole } from '../lib/nav.ts';
import { requireMe } from '../lib/session.server.ts';
import type { Route } from './+types/shell';

export async function loader({ request, context }: Route.LoaderArgs) {
  const me = await requireMe(request, context);
  // An enterprise admin's first sign-in: their company's contacts are confirmed before anything else.
  if (me.contactsConfirmationDue && new URL(request.url).pathname !== '/confirm-contacts') throw redirect('/confirm-contacts');
  // A platform operator under a support-access grant (role 'support') gets a manager's reading pages; the banner says so.
  const role = me.role === 'support' ? 'manager' : ((me.role as ShellRole | null) ?? (me.user.isPlatformAdmin ? 'platform_admin' : null));
  return { me, role, flash: takeFlash(request, context) };
}

/** HH:MM of a support grant's end, in the platform's zone (the operator is no member of the tenant). */
const supportTime = (iso: string) => new Intl.DateTimeFormat('zh-CN', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: 'Asia/Shanghai' }).format(new Date(iso));

export default function Shell() {
  const { me, role } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  const en = i18n.language === 'en';
  const active = me.memberships.find((m) => m.tenantId === me.activeTenantId);
  const nav = navFor(role, me.user.isPlatformAdmin, me);
  const current = activeNavTo(nav, useLocation().pathname);
  return (
    <div className="min-h-dvh">
      <header className="sticky top-0 z-20 border-b border-slate-200 bg-white print:hidden">
        <div className="flex flex-wrap items-center gap-x-4 gap-y-2 px-4 py-2">
          <a href="/" className="flex items-baseline gap-2 font-semibold text-brand-700">
            <span>{t('app.name')}</span>
            <span className="hidden text-xs font-normal text-slate-500 sm:inline">StationDesk</span>
          </a>
          {me.memberships.length > 1 ? (
            <Form method="post" action="/switch-tenant" className="flex items-center gap-1" reloadDocument>
              <label className="sr-only" htmlFor="tenant-switch">
                {t('shell.switchTenant')}
              </label>
              <select
                id="tenant-switch"
                name="tenantId"
                defaultValue={me.activeTenantId ?? ''}
                className="rounded-md border border-slate-300 py-1 pr-8 pl-2 text-sm"
                data-testid="tenant-switch"
                onChange={(e) => e.currentTarget.form?.requestSubmit()}
              >
                {me.memberships.map((m) => (
                  <option key={m.tenantId} value={m.tenantId}>
                    {en ? (m.tenantNameEn ?? m.tenantName) : m.tenantName}
                  </option>
                ))}
              </select>
              <noscript>
                <button type="submit" className="text-sm underline">
                  {t('shell.switch')}
                </button>
              </noscript>
            </Form>
          ) : active ? (
            <span className="text-sm text-slate-700" data-testid="tenant-name">
              {en ? (active.tenantNameEn ?? active.tenantName) : active.tenantName}
            </span>
          ) : null}
          <div className="ml-auto flex items-center gap-3">
            {me.role && !me.supportUntil ? <Bell /> : null}
            <LanguageSwitch />
            <span className="hidden text-sm sm:inline" data-testid="user-name">
              {me.user.displayName}
            </span>
            {role && !me.supportUntil ? (
              <span className="rounded bg-brand-50 px-2 py-0.5 text-xs text-brand-700" data-testid="role-badge">
                {t(`roles.${role}`)}
              </span>
            ) : null}
            {/* Asks first when patrol work saved on this phone is still waiting to be sent (ADR 017). */}
            <SignOutButton owner={me.activeTenantId ? { userId: me.user.id, tenantId: me.activeTenantId } : null} className="rounded px-2 py-1 text-sm text-slate-700 hover:bg-slate-100" />
          </div>
        </div>
        <nav aria-label={t('shell.navigation')} className="flex gap-1 overflow-x-auto border-t border-slate-100 px-2 md:hidden">
          {nav.map((item) => (
            <Link
              key={item.to}
              to={item.to}
              aria-current={item.to === current ? 'page' : undefined}
              className={`shrink-0 border-b-2 px-3 py-2 text-sm ${item.to === current ? 'border-brand-600 text-brand-700' : 'border-transparent text-slate-600'}`}
            >
              {t(item.labelKey)}
            </Link>
          ))}
        </nav>
      </header>
      {me.supportUntil ? (
        <div role="status" className="flex flex-wrap items-center gap-3 bg-amber-100 px-4 py-2 text-sm text-amber-900 print:hidden" data-testid="support-banner">
          <span>{t('supportAccess.banner', { time: supportTime(me.supportUntil) })}</span>
          <Form method="post" action="/platform">
            <input type="hidden" name="intent" value="leave" />
            <button type="submit" className="rounded border border-amber-400 px-2 py-0.5 hover:bg-amber-200">
              {t('supportAccess.leave')}
            </button>
          </Form>
        </div>
      ) : null}
      <div className="md:flex">
        <nav aria-label={t('shell.navigation')} className="hidden w-52 shrink-0 border-r border-slate-200 bg-white md:block md:min-h-[calc(100dvh-49px)] print:hidden">
          <ul className="space-y-1 p-3" data-testid="side-nav">
            {nav.map((item) => (
              <li key={item.to}>
                <Link
                  to={item.to}
                  aria-current={item.to === current ? 'page' : undefined}
                  className={`block rounded-md px-3 py-2 text-sm ${item.to === current ? 'bg-brand-50 font-medium text-brand-700' : 'text-slate-700 hover:bg-slate-100'}`}
                >
                  {t(item.labelKey)}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <main className="min-w-0 flex-1 p-4 md:p-6 print:p-0">
          <FlashMessage />
          <Outlet />
        </main>
      </div>
    </div>
  );
}
