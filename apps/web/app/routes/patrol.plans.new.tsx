import { useActionData, useLoaderData } from 'react-router';
import { useTranslation } from 'react-i18next';
import { translator } from '@stationdesk/i18n';
import { useIdempotencyKey } from '../components/idempotency-key.tsx';
import { Page } from '../components/page.tsx';
import { PlanForm } from '../components/patrol-rounds/plan-form.tsx';
import { failureOf, type ActionFailure } from '../lib/action-result.ts';
import { actionFailure } from '../lib/action-result.server.ts';
import { redirectWithFlash } from '../lib/flash.server.ts';
import { freshIdempotencyKey, idempotencyKeyOf } from '../lib/idempotency.ts';
import { loadForRoles, requireRole } from '../lib/loader.server.ts';
import { pageTitle } from '../lib/meta.ts';
import { planFormFields, planRefusalFields, readPlanForm } from '../lib/patrol-rounds.server.ts';
import { text } from '../lib/work-items.server.ts';
import type { Route } from './+types/patrol.plans.new';

export function meta({ matches }: Route.MetaArgs) {
  return pageTitle(matches, 'patrolRounds.plans.newTitle');
}

export async function loader({ request, context }: Route.LoaderArgs) {
  const { today, data: options } = await loadForRoles(request, context, ['manager'], () => context.trpc.patrolPlan.options());
  return { options, today, idempotencyKey: freshIdempotencyKey() };
}

/** 新建巡查计划: today's round is made at once when today is due. */
export async function action({ request, context }: Route.ActionArgs): Promise<ActionFailure | Response> {
  await requireRole(request, context, ['manager']);
  const form = await request.formData();
  const { checklist, ...fields } = readPlanForm(form);
  try {
    await context.trpc.patrolPlan.create({
      ...fields,
      stationId: text(form, 'stationId'),
      checklist: checklist.map((p) => p.label),
      ...(text(form, 'startsOn') ? { startsOn: text(form, 'startsOn') } : {}),
      ...idempotencyKeyOf(form),
    });
    return redirectWithFlash(request, context, translator(context.lang)('patrolRounds.plans.created', { name: fields.name }), { to: '/patrol/plans', form: 'plan' });
  } catch (e) {
    return actionFailure(e, { lang: context.lang, intent: 'plan', fields: planFormFields, refusalFields: planRefusalFields, posted: form });
  }
}

export default function NewPlan() {
  const { options, today, idempotencyKey } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const key = useIdempotencyKey(idempotencyKey, 'plan');
  return (
    <Page title={t('patrolRounds.plans.newTitle')} subtitle={t('patrolRounds.plans.newSubtitle')}>
      <PlanForm options={options} failure={failureOf(useActionData<ActionFailure>())} today={today} idempotencyKey={key} />
    </Page>
  );
}
