import { useTranslation } from 'react-i18next';
import { disputeSessionKinds } from '@stationdesk/core';
import { formatDateTime } from '../../../lib/format.ts';
import type { DisputeDetail } from '../../../lib/disputes.ts';
import { Field, inputClass, Section } from '../../ui.tsx';
import { CaseFormDisclosure } from '../case-form.tsx';
import { Records } from './shared.tsx';

// ——— sessions ———

export function SessionsSection({
  sessions,
  closed,
  timezone,
  nowLocal,
  mediatorDefault,
}: {
  sessions: DisputeDetail['sessions'];
  closed: boolean;
  timezone: string;
  nowLocal: string;
  mediatorDefault: string;
}) {
  const { t } = useTranslation();
  return (
    <Section title={t('disputes.sessions.title')} count={sessions.length} testId="sessions-section">
      <Records items={sessions} empty={t('disputes.sessions.empty')} ordered>
        {(s) => (
          <li key={s.id} className="px-4 py-3 text-sm" data-testid="session-row">
            <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
              <span className="rounded bg-brand-50 px-1.5 py-0.5 text-xs font-medium text-brand-800">{t(`vocab.dispute.sessionKind.${s.kind}`)}</span>
              <span className="tabular-nums">{formatDateTime(s.heldAt, timezone)}</span>
              {s.place ? <span className="text-slate-600">{s.place}</span> : null}
              <span className="text-slate-600">{t('disputes.sessions.mediatorIs', { name: s.mediator })}</span>
            </div>
            {s.attendees ? <p className="mt-1 text-xs text-slate-500">{t('disputes.sessions.attendeesAre', { names: s.attendees })}</p> : null}
            <p className="mt-1 break-words whitespace-pre-wrap text-slate-800">{s.notes}</p>
          </li>
        )}
      </Records>
      {closed ? null : (
        <div className="border-t border-slate-100 p-3">
          <CaseFormDisclosure summary={t('disputes.sessions.add')} intent="session" submitLabel={t('disputes.sessions.save')} testId="session">
            {({ v, err }) => (
              <>
                <fieldset>
                  <legend className="mb-1 text-sm font-medium text-slate-700">{t('disputes.sessions.kind')}</legend>
                  <div className="flex gap-4">
                    {disputeSessionKinds.map((k) => (
                      <label key={k} className="inline-flex min-h-9 items-center gap-2 text-sm">
                        <input type="radio" name="kind" value={k} defaultChecked={v('kind', sessions.length ? 'mediation' : 'inquiry') === k} className="size-4" />
                        {t(`vocab.dispute.sessionKind.${k}`)}
                      </label>
                    ))}
                  </div>
                </fieldset>
                <div className="grid grid-cols-1 gap-3 sm:grid-cols-2">
                  <Field label={t('disputes.sessions.heldAt')} required error={err('heldAt')}>
                    {(p) => <input {...p} type="datetime-local" name="heldAt" max={nowLocal} defaultValue={v('heldAt', nowLocal)} className={`${inputClass} tabular-nums`} />}
                  </Field>
                  <Field label={t('disputes.sessions.place')} error={err('place')}>
                    {(p) => <input {...p} name="place" defaultValue={v('place')} maxLength={200} className={inputClass} />}
                  </Field>
                  <Field label={t('disputes.sessions.mediator')} required error={err('mediator')}>
                    {(p) => <input {...p} name="mediator" defaultValue={v('mediator', mediatorDefault)} maxLength={100} className={inputClass} />}
                  </Field>
                  <Field label={t('disputes.sessions.attendees')} error={err('attendees')}>
                    {(p) => <input {...p} name="attendees" defaultValue={v('attendees')} maxLength={1000} className={inputClass} />}
                  </Field>
                </div>
                <Field label={t('disputes.sessions.notes')} required error={err('notes')}>
                  {(p) => <textarea {...p} name="notes" rows={4} defaultValue={v('notes')} maxLength={20000} className={inputClass} data-testid="session-notes" />}
                </Field>
              </>
            )}
          </CaseFormDisclosure>
        </div>
      )}
    </Section>
  );
}
