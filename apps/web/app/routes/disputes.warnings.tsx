import { Link, useLoaderData } from 'react-router';
import { useTranslation } from 'react-i18next';
import { translator } from '@stationdesk/i18n';
import { Page } from '../components/page.tsx';
import { WarningItem } from '../components/disputes/case-sections.tsx';
import { DisputeTabs } from '../components/disputes/dispute-tabs.tsx';
import { Empty, Section } from '../components/enterprise/ui.tsx';
import { loadForRoles, requireRole, staffRoles } from '../lib/enterprise-loader.server.ts';
import { pageTitle } from '../lib/enterprise-meta.ts';
import { localName } from '../lib/names.ts';
import type { DisputeActionResult } from '../lib/disputes.ts';
import { disputeDone, disputeFailure, disputeMissing, field, typedValues } from '../lib/disputes.server.ts';
import type { Route } from './+types/disputes.warnings';

export function meta({ matches }: Route.MetaArgs) {
  return pageTitle(matches, 'disputes.warnings.title');
}

export async function loader({ request, context }: Route.LoaderArgs) {
  // Every open warning however old, and the most recent acknowledged ones below them.
  const { role, timezone, data } = await loadForRoles(request, context, staffRoles, () =>
    Promise.all([context.trpc.warning.list({ open: true, limit: 500 }), context.trpc.warning.list({ limit: 100 }), context.trpc.station.list()]),
  );
  const [open, recent, stations] = data;
  return {
    role: role as 'manager' | 'staff',
    timezone,
    warnings: [...open, ...recent.filter((w) => w.acknowledgedAt)],
    stationNames: Object.fromEntries(stations.map((s) => [s.id, localName(context.lang, s.name, s.nameEn)])),
  };
}

/** 签收: a manager has seen the warning and says what is being done. */
export async function action({ request, context }: Route.ActionArgs): Promise<DisputeActionResult> {
  await requireRole(request, context, staffRoles);
  const form = await request.formData();
  const lang = context.lang;
  const key = field(form, 'formKey') || 'acknowledge';
  const values = typedValues(form);
  const note = field(form, 'note');
  if (!note) return disputeMissing(lang, { intent: 'acknowledge', key, values }, 'note', 'disputes.warnings.noteRequired');
  try {
    await context.trpc.warning.acknowledge({ id: field(form, 'warningId'), note });
    return disputeDone('acknowledge', translator(lang)('disputes.warnings.acknowledgedDone'), { key });
  } catch (e) {
    return disputeFailure(e, { lang, intent: 'acknowledge', key, fields: ['note'], values });
  }
}

export default function Warnings() {
  const { role, timezone, warnings, stationNames } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const open = warnings.filter((w) => !w.acknowledgedAt);
  const done = warnings.filter((w) => w.acknowledgedAt);
  const list = (items: typeof warnings) => (
    <ul className="divide-y divide-slate-100">
      {items.map((w) => (
        <WarningItem key={w.id} warning={w} role={role} timezone={timezone}>
          <div className="min-w-0">
            <Link to={`/disputes/${w.itemId}`} className="font-medium break-words text-slate-900 hover:text-brand-700 hover:underline" data-testid="warning-case">
              {w.title}
            </Link>
            <div className="mt-0.5 text-xs text-slate-500">
              <span className="font-mono tabular-nums">{w.number}</span>
              {stationNames[w.stationId] ? ` · ${stationNames[w.stationId]}` : ''}
              {w.enterpriseName ? ` · ${w.enterpriseName}` : ''}
            </div>
          </div>
        </WarningItem>
      ))}
    </ul>
  );
  return (
    <Page title={t('disputes.warnings.title')} subtitle={role === 'manager' ? t('disputes.warnings.subtitleManager') : t('disputes.warnings.subtitleStaff')}>
      <DisputeTabs openWarnings={open.length} />
      <div className="space-y-4">
        <Section title={t('disputes.warnings.openTitle')} count={open.length} testId="open-warnings">
          {open.length ? list(open) : <Empty>{t('disputes.warnings.noneOpen')}</Empty>}
        </Section>
        <Section title={t('disputes.warnings.doneTitle')} count={done.length} testId="done-warnings">
          {done.length ? list(done) : <Empty>{t('disputes.warnings.noneDone')}</Empty>}
        </Section>
      </div>
    </Page>
  );
}
