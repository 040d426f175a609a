import { useCallback, useEffect, useRef, useState } from 'react';
import { useLoaderData } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Page } from '../components/page.tsx';
import { ChecklistView, TypeForm } from '../components/agency/type-form.tsx';
import { buttonClass, Empty, Notice } from '../components/ui.tsx';
import type { AgencyType } from '../lib/agency.ts';
import { saveAgencyType } from '../lib/agency-types.server.ts';
import { loadForRoles, requireRole } from '../lib/loader.server.ts';
import { redirectWithFlash } from '../lib/flash.server.ts';
import { pageTitle } from '../lib/meta.ts';
import { localName } from '../lib/names.ts';
import type { Route } from './+types/settings.agency-types';

/** 代办事项类型: the tenant's case types with their department, time limits and document checklist; managers keep them. */
export function meta({ matches }: Route.MetaArgs) {
  return pageTitle(matches, 'agency.types.title');
}

export async function loader({ request, context }: Route.LoaderArgs) {
  const { data: types } = await loadForRoles(request, context, ['manager'], () => context.trpc.agencyType.list({ includeInactive: true }));
  return { types };
}

export async function action({ request, context }: Route.ActionArgs) {
  await requireRole(request, context, ['manager']);
  const r = await saveAgencyType(context.trpc, context.lang, await request.formData());
  return r.ok ? redirectWithFlash(request, context, r.message, { form: r.intent }) : r;
}

export default function AgencyTypeSettings() {
  const { types } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const [editing, setEditing] = useState<string | null>(null);
  const close = useCallback(() => setEditing(null), []);
  // Back to the button that opened the form once it closes (keyboard users stay where they were).
  const opener = useRef<string | null>(null);
  useEffect(() => {
    if (editing !== null || !opener.current) return;
    document.querySelector<HTMLElement>(`[data-edit-type="${opener.current}"]`)?.focus();
    opener.current = null;
  }, [editing]);
  const open = (id: string) => {
    opener.current = id;
    setEditing(id);
  };

  return (
    <Page
      title={t('agency.types.title')}
      subtitle={t('agency.types.subtitle')}
      actions={
        editing === 'new' ? null : (
          <button type="button" className={buttonClass.primary} onClick={() => open('new')} data-edit-type="new" data-testid="add-agency-type">
            {t('agency.types.add')}
          </button>
        )
      }
    >
      <div className="max-w-4xl space-y-3">
        <Notice>{t('agency.types.versionNotice')}</Notice>
        {editing === 'new' ? <TypeForm onClose={close} onSaved={close} /> : null}
        {types.length === 0 && editing !== 'new' ? <Empty>{t('agency.types.none')}</Empty> : null}
        <ul className="space-y-3" data-testid="agency-types">
          {types.map((type) => (
            <li key={type.id}>{editing === type.id ? <TypeForm type={type} onClose={close} onSaved={close} /> : <TypeCard type={type} onEdit={() => open(type.id)} />}</li>
          ))}
        </ul>
      </div>
    </Page>
  );
}

function TypeCard({ type, onEdit }: { type: AgencyType; onEdit: () => void }) {
  const { t, i18n } = useTranslation();
  const name = localName(i18n.language, type.name, type.nameEn);
  return (
    <section aria-label={name} className={`rounded-lg border bg-white ${type.active ? 'border-slate-200' : 'border-dashed border-slate-300'}`} data-testid="agency-type" data-code={type.code}>
      <div className="flex flex-wrap items-start justify-between gap-2 border-b border-slate-100 px-4 py-3">
        <div className="min-w-0">
          <h2 className="font-medium text-slate-900">
            <span data-testid="agency-type-name">{name}</span>
            <span
              className={`ml-2 inline-flex rounded-full px-2 py-0.5 align-middle text-xs font-normal ring-1 ring-inset ${type.active ? 'bg-green-50 text-green-700 ring-green-600/20' : 'bg-slate-100 text-slate-600 ring-slate-400/30'}`}
              data-testid="agency-type-active"
            >
              {type.active ? t('agency.types.active') : t('agency.types.inactive')}
            </span>
          </h2>
          <p className="mt-0.5 text-sm text-slate-600">
            {type.department}
            <span className="text-slate-400"> · </span>
            <span data-testid="agency-type-days">{t('agency.types.days', { statutory: type.statutoryDays, promised: type.promisedDays })}</span>
          </p>
          <p className="mt-0.5 text-xs text-slate-500">{t('agency.types.code', { code: type.code })}</p>
        </div>
        <button type="button" className={buttonClass.smallSecondary} onClick={onEdit} data-edit-type={type.id} aria-label={`${t('agency.types.edit')} ${name}`} data-testid="edit-agency-type">
          {t('agency.types.edit')}
        </button>
      </div>
      <ChecklistView type={type} />
    </section>
  );
}
