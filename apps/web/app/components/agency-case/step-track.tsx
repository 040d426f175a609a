import { useTranslation } from 'react-i18next';
import { agencySteps } from '@stationdesk/core';
import type { AnyAgencyCaseView } from '../../lib/agency-case.ts';

/**
 * 收取材料 → 预审 → 已递交部门 → 部门审批中 → 办结: where the case stands. The current step is
 * marked for screen readers (aria-current) and drawn amber while the station waits on the
 * enterprise; the last step carries the department's result once there.
 */
export function StepTrack({ agency, waiting }: { agency: Pick<AnyAgencyCaseView, 'step' | 'result'>; waiting: boolean }) {
  const { t } = useTranslation();
  const current = agencySteps.indexOf(agency.step);
  const finished = agency.step === 'done';
  return (
    <ol className="grid grid-cols-5 gap-1" aria-label={t('agencyCase.steps.label')} data-testid="agency-steps" data-step={agency.step}>
      {agencySteps.map((s, i) => {
        const state = finished || i < current ? 'done' : i === current ? 'current' : 'todo';
        const bar = state === 'todo' ? 'bg-slate-200' : state === 'current' && waiting ? 'bg-amber-500' : finished && agency.result !== 'approved' ? 'bg-slate-400' : 'bg-brand-600';
        return (
          <li key={s} className="min-w-0" aria-current={i === current ? 'step' : undefined} data-testid="agency-step" data-state={state}>
            <div className={`h-1.5 rounded-full ${bar}`} />
            <div className={`mt-1 text-[11px] leading-tight sm:text-xs ${i === current ? 'font-medium text-slate-900' : state === 'done' ? 'text-slate-700' : 'text-slate-500'}`}>
              {state === 'done' && i !== current ? <span aria-hidden="true">✓ </span> : null}
              {t(`vocab.agencyStep.${s}`)}
              {i === current && waiting && !finished ? <span className="block text-amber-700">{t('agencyCase.steps.waiting')}</span> : null}
              {i === current && finished && agency.result ? <span className="block text-slate-600">{t(`vocab.agencyResult.${agency.result}`)}</span> : null}
            </div>
          </li>
        );
      })}
    </ol>
  );
}
