import { useTranslation } from 'react-i18next';
import { materialsOpen, type PortalAgencyCaseView } from '../../lib/agency-case.ts';
import { localName } from '../../lib/names.ts';
import { Section } from '../ui.tsx';
import { CaseFacts } from './case-facts.tsx';
import { Checklist } from './checklist.tsx';

/**
 * 代办 in the portal: what the enterprise must act on first (files sent back with the reason,
 * required files not yet handed in), then the case's facts and the checklist with its own
 * uploads, one upload per entry. Nothing internal: it renders the portal's view of the case.
 */
export function AgencyPortalPanel({ agency, status, timezone }: { agency: PortalAgencyCaseView; status: string; timezone: string }) {
  const { t, i18n } = useTranslation();
  const uploadsOpen = materialsOpen(agency, status);
  const toAct = uploadsOpen ? agency.checklist.filter((e) => e.state === 'rejected' || (e.required && e.state === 'missing')) : [];
  return (
    <>
      {toAct.length ? (
        <section className="rounded-lg border-2 border-amber-400 bg-amber-50 p-4" aria-labelledby="agency-todo-title" data-testid="agency-todo">
          <h2 id="agency-todo-title" className="font-medium text-amber-900">
            {t('agencyCase.portal.todoTitle', { count: toAct.length })}
          </h2>
          <ul className="mt-2 space-y-1 text-sm text-amber-900">
            {toAct.map((e) => (
              <li key={e.key} data-testid="agency-todo-entry" data-key={e.key}>
                <span className="font-medium">{localName(i18n.language, e.name, e.nameEn)}</span>
                {e.state === 'rejected' && e.files[0]?.reviewReason ? (
                  <span>
                    {t('agencyCase.common.separator')}
                    {t('agencyCase.portal.sentBackBecause', { reason: e.files[0].reviewReason })}
                  </span>
                ) : (
                  <span className="text-amber-800">
                    {t('agencyCase.common.separator')}
                    {t('agencyCase.portal.notYetUploaded')}
                  </span>
                )}
              </li>
            ))}
          </ul>
          <p className="mt-2 text-xs text-amber-800">{t('agencyCase.portal.todoHint')}</p>
        </section>
      ) : null}

      <Section title={t('agencyCase.title')} testId="agency-case">
        <div className="px-4 py-2">
          <CaseFacts agency={agency} timezone={timezone} mode="portal" />
        </div>
      </Section>

      <Section title={t('agencyCase.checklist.title')} testId="agency-materials">
        <p className="border-b border-slate-100 px-4 py-2 text-xs text-slate-600">{uploadsOpen ? t('agencyCase.portal.checklistHint') : t('agencyCase.portal.checklistClosed')}</p>
        <Checklist entries={agency.checklist} mode="portal" uploadsOpen={uploadsOpen} timezone={timezone} />
      </Section>
    </>
  );
}
