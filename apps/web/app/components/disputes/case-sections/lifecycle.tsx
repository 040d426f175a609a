import { Link, useActionData } from 'react-router';
import { useTranslation } from 'react-i18next';
import { answeredForm, failureOf, type ActionResult } from '../../../lib/action-result.ts';
import { FormErrors } from '../../form.tsx';
import { buttonClass } from '../../ui.tsx';
import { ItemStatusBadge } from '../../work-items/badges.tsx';
import { CaseForm } from '../case-form.tsx';

// ——— the work-item lifecycle ———

const offered = ['accept', 'start', 'resume'] as const;

/**
 * 工单流转: where the case stands in the work-order lifecycle, with the steps that get it going
 * (take it, sign for it, start) right here; everything else of the lifecycle on /items/:id.
 */
export function LifecycleBox({
  itemId,
  status,
  version,
  allowedActions,
  assigneeId,
  userId,
}: {
  itemId: string;
  status: string;
  version: number;
  allowedActions: readonly string[];
  assigneeId: string | null;
  userId: string;
}) {
  const { t } = useTranslation();
  const steps = offered.filter((a) => allowedActions.includes(a));
  const canTake = allowedActions.includes('assign') && assigneeId !== userId;
  // The lifecycle's refusals (a conflict above all) speak here, under the buttons.
  const failed = failureOf(useActionData<ActionResult>());
  const mine = failed && (answeredForm(failed) === 'assign' || answeredForm(failed).startsWith('transition.')) ? failed : null;
  return (
    <section aria-labelledby="lifecycle-title" className="rounded-lg border border-slate-200 bg-white" data-testid="lifecycle">
      <div className="flex flex-wrap items-center justify-between gap-2 border-b border-slate-100 px-4 py-2.5">
        <h2 id="lifecycle-title" className="flex items-center gap-2 font-medium text-slate-900">
          {t('disputes.lifecycle.title')}
          <ItemStatusBadge status={status} />
        </h2>
        <Link to={`/items/${itemId}`} className={buttonClass.link} data-testid="lifecycle-link">
          {t('disputes.lifecycle.open')} →
        </Link>
      </div>
      <div className="space-y-2 p-4">
        {steps.length || canTake ? (
          <div className="flex flex-wrap gap-2">
            {canTake ? (
              <CaseForm intent="assign" hidden={{ assigneeId: userId }} submitLabel={t('workItems.queue.takeIt')} submitClass={`${buttonClass.secondary} min-h-10`} className="contents" testId="lifecycle-assign">
                {() => null}
              </CaseForm>
            ) : null}
            {steps.map((action, i) => (
              <CaseForm
                key={action}
                intent="transition"
                formKey={`transition.${action}`}
                hidden={{ action, version }}
                submitLabel={t(`vocab.workItemAction.${action}`)}
                submitClass={`${i === 0 ? buttonClass.primary : buttonClass.secondary} min-h-10`}
                className="contents"
                testId={`lifecycle-${action}`}
              >
                {() => null}
              </CaseForm>
            ))}
          </div>
        ) : null}
        <p className="text-sm text-slate-600">
          {status === 'assigned' || status === 'received' || status === 'returned' ? t('disputes.lifecycle.acceptFirst') : t('disputes.lifecycle.hint')}
        </p>
        <FormErrors failure={mine} />
      </div>
    </section>
  );
}
