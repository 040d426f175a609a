import { data as httpData, useActionData, useLoaderData } from 'react-router';
import { useTranslation } from 'react-i18next';
import { translator } from '@stationdesk/i18n';
import { Page } from '../components/page.tsx';
import { PlanForm } from '../components/patrol-rounds/plan-form.tsx';
import { failureOf, type ActionFailure } from '../lib/action-result.ts';
import { actionFailure } from '../lib/action-result.server.ts';
import { redirectWithFlash } from '../lib/flash.server.ts';
import { loadForRoles, requireRole } from '../lib/loader.server.ts';
import { pageTitle } from '../lib/meta.ts';
import { planFormFields, planRefusalFields, readPlanForm } from '../lib/patrol-rounds.server.ts';
import type { Route } from './+types/patrol.plans.$id';

export function meta({ matches, loaderData }: Route.MetaArgs) {
  return pageTitle(matches, 'patrolRounds.plans.editTitle', loaderData?.plan.name);
}

export async function loader({ request, params, context }: Route.LoaderArgs) {
  const { today, data } = await loadForRoles(request, context, ['manager'], () => Promise.all([context.trpc.patrolPlan.list(), context.trpc.patrolPlan.options()]));
  const [plans, options] = data;
  const plan = plans.find((p) => p.id === params.id);
  if (!plan) throw httpData(null, { status: 404 });
  return { plan, options, today };
}

/** 编辑巡查计划: what the form holds replaces the plan's; today's unstarted round follows it. */
export async function action({ request, params, context }: Route.ActionArgs): Promise<ActionFailure | Response> {
  await requireRole(request, context, ['manager']);
  const form = await request.formData();
  try {
    const plan = await context.trpc.patrolPlan.update({ id: params.id, ...readPlanForm(form), active: form.get('active') === '1' });
    return redirectWithFlash(request, context, translator(context.lang)('patrolRounds.plans.saved', { name: plan.name }), { to: '/patrol/plans', form: 'plan' });
  } catch (e) {
    return actionFailure(e, { lang: context.lang, intent: 'plan', fields: planFormFields, refusalFields: planRefusalFields, posted: form });
  }
}

export default function EditPlan() {
  const { plan, options, today } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <Page title={t('patrolRounds.plans.editTitle')} subtitle={plan.name}>
      <PlanForm plan={plan} options={options} failure={failureOf(useActionData<ActionFailure>())} today={today} />
    </Page>
  );
}
