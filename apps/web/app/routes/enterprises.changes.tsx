import { Link, useLoaderData } from 'react-router';
import { useTranslation } from 'react-i18next';
import { translator } from '@stationdesk/i18n';
import { Page } from '../components/page.tsx';
import { ChangePayload, ReviewControls } from '../components/enterprise/change-view.tsx';
import { Empty } from '../components/ui.tsx';
import type { ActionFailure } from '../lib/action-result.ts';
import { actionFailure } from '../lib/action-result.server.ts';
import { enterpriseRefusalFields, formString } from '../lib/enterprise-form.server.ts';
import { formatDateTime } from '../lib/format.ts';
import { redirectWithFlash } from '../lib/flash.server.ts';
import { loadForRoles, staffRoles } from '../lib/loader.server.ts';
import type { EnterpriseDetail } from '../lib/enterprise-types.ts';
import { pageTitle } from '../lib/meta.ts';
import type { Route } from './+types/enterprises.changes';

/** Files fetched to show what an update or removal would replace; bounded so the page stays quick. */
const MAX_TARGET_FILES = 30;

export function meta({ matches }: Route.MetaArgs) {
  return pageTitle(matches, 'enterprise.changes.reviewTitle');
}

export async function loader({ request, context }: Route.LoaderArgs) {
  const { timezone, data: changes } = await loadForRoles(request, context, staffRoles, () => context.trpc.enterprise.changes({ status: 'pending', limit: 200 }));
  const needFiles = [...new Set(changes.filter((c) => c.targetId).map((c) => c.enterpriseId))].slice(0, MAX_TARGET_FILES);
  const files = await Promise.all(needFiles.map((id) => context.trpc.enterprise.get({ id }).catch(() => null)));
  const byId = new Map(files.filter((f): f is EnterpriseDetail => f !== null).map((f) => [f.id, f]));
  const targets: Record<string, EnterpriseDetail['contacts'][number] | EnterpriseDetail['documents'][number] | null> = {};
  for (const c of changes) {
    if (!c.targetId) continue;
    const file = byId.get(c.enterpriseId);
    targets[c.id] = (c.kind.startsWith('contact') ? file?.contacts.find((x) => x.id === c.targetId) : file?.documents.find((x) => x.id === c.targetId)) ?? null;
  }
  return { timezone, changes, targets };
}

export async function action({ request, context }: Route.ActionArgs): Promise<ActionFailure | Response> {
  const form = await request.formData();
  const decision = formString(form, 'decision') === 'approve' ? 'approve' : 'reject';
  try {
    await context.trpc.enterprise.reviewChange({ changeId: formString(form, 'changeId'), decision, reason: formString(form, 'reason') || null });
    return redirectWithFlash(request, context, translator(context.lang)(`enterprise.saved.${decision}`), { form: 'review' });
  } catch (e) {
    return actionFailure(e, { lang: context.lang, intent: 'review', fields: ['reason'], refusalFields: enterpriseRefusalFields, posted: form });
  }
}

export default function ChangeReview() {
  const { timezone, changes, targets } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <Page title={t('enterprise.changes.reviewTitle')} subtitle={t('enterprise.changes.reviewSubtitle')}>
      {changes.length === 0 ? (
        <div className="rounded-lg border border-dashed border-slate-300 bg-white" data-testid="changes-empty">
          <Empty>{t('enterprise.changes.nonePendingAll')}</Empty>
        </div>
      ) : (
        <ul className="space-y-3" data-testid="change-list">
          {changes.map((c) => (
            <li key={c.id} className="rounded-lg border border-slate-200 bg-white" data-testid="change-item">
              <div className="flex flex-wrap items-center justify-between gap-2 border-b border-slate-100 px-4 py-2.5">
                <div className="flex min-w-0 flex-wrap items-center gap-2">
                  <Link to={`/enterprises/${c.enterpriseId}`} className="font-medium text-slate-900 hover:text-brand-700 hover:underline">
                    {c.enterpriseName}
                  </Link>
                  <span className="rounded bg-amber-50 px-1.5 py-0.5 text-xs font-medium text-amber-800 ring-1 ring-amber-600/20 ring-inset">
                    {t(`vocab.changeKind.${c.kind}`)}
                  </span>
                </div>
                <span className="text-xs text-slate-500 tabular-nums">
                  {t('enterprise.changes.proposedBy', { name: c.proposedByName ?? '—', time: formatDateTime(c.proposedAt, timezone) })}
                </span>
              </div>
              <div className="grid gap-3 px-4 py-3 md:grid-cols-[minmax(0,1fr)_auto] md:items-start">
                <ChangePayload change={c} target={targets[c.id]} />
                <div className="md:w-72">
                  <ReviewControls changeId={c.id} />
                </div>
              </div>
            </li>
          ))}
        </ul>
      )}
    </Page>
  );
}
