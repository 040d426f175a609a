import { Link, redirectDocument, useLoaderData } from 'react-router';
import { useTranslation } from 'react-i18next';
import { can, disputeTypes, isFinished, ratings, type AgreementPerformance, type Rating } from '@stationdesk/core';
import { translator } from '@stationdesk/i18n';
import { OutcomeBadge, RiskBadge } from '../components/disputes/badges.tsx';
import { AgreementSection } from '../components/disputes/case-sections/agreement.tsx';
import { EvidenceSection } from '../components/disputes/case-sections/evidence.tsx';
import { FactsSection } from '../components/disputes/case-sections/facts.tsx';
import { LifecycleBox } from '../components/disputes/case-sections/lifecycle.tsx';
import { PartiesSection } from '../components/disputes/case-sections/parties.tsx';
import { RiskSection } from '../components/disputes/case-sections/risk.tsx';
import { SessionsSection } from '../components/disputes/case-sections/sessions.tsx';
import { VisitsSection } from '../components/disputes/case-sections/visits.tsx';
import { WarningsSection } from '../components/disputes/case-sections/warnings.tsx';
import { ItemStatusBadge } from '../components/work-items/badges.tsx';
import type { ActionFailure } from '../lib/action-result.ts';
import { fieldFailure, formFailure, notFoundOr } from '../lib/action-result.server.ts';
import { formatDateTime } from '../lib/format.ts';
import { loadForRoles, requireRole, staffRoles } from '../lib/loader.server.ts';
import { redirectWithFlash } from '../lib/flash.server.ts';
import { pageTitle } from '../lib/meta.ts';
import { localName } from '../lib/names.ts';
import { isoToLocalInput, localInputToIso } from '../lib/work-items.ts';
import { runItemAction, staffView } from '../lib/work-items.server.ts';
import { checked, disputeFailure, field, numberField, typedValues, type DisputeDone } from '../lib/disputes.server.ts';
import type { Route } from './+types/disputes.$id';

export function meta({ matches, loaderData }: Route.MetaArgs) {
  return pageTitle(matches, 'disputes.case.title', loaderData?.dispute.number);
}

export async function loader({ request, context, params }: Route.LoaderArgs) {
  const id = params.id;
  const { me, role, timezone, today, data } = await loadForRoles(request, context, staffRoles, () =>
    Promise.all([context.trpc.dispute.get({ id }).catch(notFoundOr), context.trpc.workItem.get({ id }).catch(notFoundOr), context.trpc.station.list().catch(() => [])]),
  );
  const [dispute, answer, stations] = data;
  const item = staffView(answer);
  const station = stations.find((s) => s.id === dispute.stationId);
  return {
    role: role as 'manager' | 'staff',
    userId: me.user.id,
    userName: me.user.displayName,
    canReveal: can(role, 'dispute:reveal-pii'),
    timezone,
    today,
    nowLocal: isoToLocalInput(new Date().toISOString(), timezone),
    dispute,
    item: {
      status: item.status,
      version: item.version,
      allowedActions: item.allowedActions,
      assigneeId: item.assigneeId,
      assigneeName: item.assigneeName,
      enterpriseName: item.enterpriseName,
      resolutionDueAt: item.resolutionDueAt,
    },
    stationName: station ? localName(context.lang, station.name, station.nameEn) : '',
  };
}

const factsFields = ['disputeType', 'facts', 'amountYuan', 'peopleInvolved'];
const sessionFields = ['kind', 'heldAt', 'place', 'mediator', 'attendees', 'notes'];
const outcomeFields = ['outcome', 'note', 'agreementNumber', 'terms', 'agreementAmount', 'method', 'place', 'dueOn', 'signedFileId', 'referredTo'];
const visitFields = ['visitNo', 'visitedOn', 'visitor', 'performance', 'satisfaction', 'notes'];

/**
 * Every change of the case posts here with an `intent`; the procedures decide who may and check
 * what was typed. A change that went through redirects back with its confirmation as the flash
 * (the form closes); a refused one answers its form. Revealing a party and the agreement's
 * download link answer in place.
 */
export async function action(args: Route.ActionArgs): Promise<ActionFailure | DisputeDone | Response> {
  const r = await caseAction(args);
  return r instanceof Response || !r.ok || r.revealed || r.fileId ? r : redirectWithFlash(args.request, args.context, r.message, { form: r.form ?? r.intent });
}

async function caseAction({ request, context, params }: Route.ActionArgs): Promise<ActionFailure | DisputeDone | Response> {
  await requireRole(request, context, staffRoles);
  const id = params.id;
  const form = await request.formData();
  const lang = context.lang;
  const t = translator(lang);
  const intent = field(form, 'intent');
  const key = field(form, 'formKey') || intent;
  const values = typedValues(form);
  const c = { lang, intent, form: key, values };
  const done = (message: string, extra: Pick<DisputeDone, 'revealed' | 'fileId'> = {}): DisputeDone => ({ ok: true, intent, form: key, message, ...extra });
  const d = context.trpc.dispute;
  const timezone = async () => {
    const me = await context.trpc.auth.me();
    return me.memberships.find((m) => m.tenantId === me.activeTenantId)?.timezone ?? 'Asia/Shanghai';
  };
  // Numbers are read here ("1,200", full-width digits): one the page cannot read never reaches the schema.
  const unreadable = (amount: number | null) => amount !== null && (!Number.isFinite(amount) || amount < 0);
  try {
    switch (intent) {
      // The work-item lifecycle (accept, start, …) as on /items/:id, with the version seen.
      case 'transition':
      case 'assign': {
        const r = await runItemAction(context.trpc, lang, id, form);
        return r.ok ? done(r.message) : { ...r, form: key, error: r.error ?? Object.values(r.fieldErrors)[0] ?? null, values };
      }
      case 'facts': {
        const people = numberField(form, 'peopleInvolved');
        const amount = numberField(form, 'amountYuan');
        if (people === null || !Number.isInteger(people)) return fieldFailure(c, { peopleInvolved: 'errors.dispute.peopleAtLeastOne' });
        if (unreadable(amount)) return fieldFailure(c, { amountYuan: 'disputes.create.amountInvalid' });
        const type = field(form, 'disputeType');
        const r = await d.updateFacts({
          id,
          ...((disputeTypes as readonly string[]).includes(type) ? { disputeType: type as (typeof disputeTypes)[number] } : {}),
          facts: field(form, 'facts'),
          amountYuan: amount,
          peopleInvolved: people,
          socialInsuranceArrears: checked(form, 'socialInsuranceArrears'),
          priorEscalation: checked(form, 'priorEscalation'),
        });
        const level = t(`vocab.dispute.level.${r.level}`);
        return done(r.warned ? t('disputes.facts.savedWarned', { level }) : t('disputes.facts.saved', { level }));
      }
      case 'session': {
        // A wall time in the tenant's zone, read here.
        const heldAt = localInputToIso(field(form, 'heldAt'), await timezone());
        if (!heldAt) return fieldFailure(c, { heldAt: 'disputes.sessions.heldAtRequired' });
        const kind = field(form, 'kind') === 'inquiry' ? 'inquiry' : 'mediation';
        await d.addSession({ id, kind, heldAt, place: field(form, 'place') || null, mediator: field(form, 'mediator'), attendees: field(form, 'attendees') || null, notes: field(form, 'notes') });
        return done(t('disputes.sessions.added', { kind: t(`vocab.dispute.sessionKind.${kind}`) }));
      }
      case 'evidence':
        await d.addEvidence({ id, fileId: field(form, 'fileId'), description: field(form, 'description') || null });
        return done(t('disputes.evidence.added'));
      case 'signed':
        await d.attachSignedAgreement({ id, fileId: field(form, 'fileId') });
        return done(t('disputes.outcome.signedSaved'));
      case 'outcome': {
        const outcome = field(form, 'outcome');
        const amount = numberField(form, 'agreementAmount');
        if (unreadable(amount)) return fieldFailure(c, { agreementAmount: 'disputes.create.amountInvalid' });
        await d.recordOutcome({
          id,
          outcome: outcome as 'agreement' | 'referred' | 'withdrawn' | 'failed',
          note: field(form, 'note') || null,
          ...(outcome === 'agreement'
            ? {
                agreement: {
                  number: field(form, 'agreementNumber'),
                  terms: field(form, 'terms'),
                  amountYuan: amount,
                  method: field(form, 'method') || null,
                  place: field(form, 'place') || null,
                  dueOn: field(form, 'dueOn') || null,
                  signedFileId: field(form, 'signedFileId') || null,
                },
              }
            : {}),
          ...(outcome === 'referred' ? { referredTo: field(form, 'referredTo') } : {}),
        });
        return done(t('disputes.outcome.recorded', { outcome: t(`vocab.dispute.outcome.${outcome}`) }));
      }
      case 'visit': {
        const satisfaction = field(form, 'satisfaction');
        const r = await d.recordVisit({
          id,
          visitNo: field(form, 'visitNo') === '30' ? 30 : 7,
          visitedOn: field(form, 'visitedOn'),
          visitor: field(form, 'visitor'),
          performance: field(form, 'performance') as AgreementPerformance,
          satisfaction: (ratings as readonly string[]).includes(satisfaction) ? (satisfaction as Rating) : null,
          newRisk: checked(form, 'newRisk'),
          notes: field(form, 'notes') || null,
          reopen: checked(form, 'reopen'),
        });
        return done(r.warned ? t('disputes.visits.savedWarned') : t('disputes.visits.saved'));
      }
      case 'reveal': {
        const revealed = await d.revealParty({ partyId: field(form, 'partyId'), reason: field(form, 'reason') });
        return done(t('disputes.parties.revealed'), { revealed });
      }
      case 'acknowledge':
        await context.trpc.warning.acknowledge({ ids: [field(form, 'warningId')], note: field(form, 'note') });
        return done(t('disputes.warnings.acknowledgedDone'));
      case 'agreementPdf': {
        const file = await d.agreementDocument({ id });
        // A plain form post goes straight to the download; the page's own request gets the id.
        if (field(form, 'via') === 'fetch') return done(t('disputes.outcome.pdfReady', { name: file.fileName }), { fileId: file.fileId });
        return redirectDocument(`/api/files/${file.fileId}`);
      }
      default:
        return formFailure(c, 'errors.invalidInput');
    }
  } catch (e) {
    const fields = intent === 'facts' ? factsFields : intent === 'session' ? sessionFields : intent === 'outcome' ? outcomeFields : intent === 'visit' ? visitFields : ['reason', 'note', 'fileId', 'description'];
    return disputeFailure(e, { ...c, fields, posted: form });
  }
}

export default function DisputeCase() {
  const { role, userId, userName, canReveal, timezone, today, nowLocal, dispute: c, item, stationName } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const openWarnings = c.warnings.filter((w) => !w.acknowledgedAt);
  const worst = openWarnings.some((w) => w.level === 'red') ? 'red' : openWarnings.length ? 'yellow' : null;
  const closed = isFinished(c.status);

  return (
    <div className="mx-auto max-w-6xl">
      <nav aria-label={t('disputes.case.breadcrumb')} className="mb-2 text-sm">
        <Link to="/disputes" className="text-slate-500 hover:text-slate-800">
          ← {t('disputes.case.backToList')}
        </Link>
      </nav>

      <header className="mb-4 rounded-lg border border-slate-200 bg-white p-4 sm:p-5" data-testid="dispute-header">
        <div className="flex flex-wrap items-center gap-2">
          <span className="font-mono text-sm font-medium text-slate-600 tabular-nums" data-testid="dispute-number">
            {c.number}
          </span>
          <ItemStatusBadge status={c.status} />
          <RiskBadge level={c.risk?.level ?? null} score={c.risk?.score ?? null} />
          {c.outcome ? <OutcomeBadge outcome={c.outcome} /> : null}
        </div>
        <h1 className="mt-2 text-xl font-semibold break-words text-slate-900" data-testid="dispute-title">
          {c.title}
        </h1>
        <dl className="mt-3 flex flex-wrap gap-x-6 gap-y-2 text-sm">
          <div className="min-w-0">
            <dt className="text-xs text-slate-500">{t('disputes.fields.enterprise')}</dt>
            <dd className="break-words">
              {c.enterpriseId ? (
                <Link to={`/enterprises/${c.enterpriseId}`} className="font-medium text-brand-700 hover:underline">
                  {item.enterpriseName}
                </Link>
              ) : (
                <span className="text-slate-500">{t('disputes.case.noEnterprise')}</span>
              )}
            </dd>
          </div>
          <div>
            <dt className="text-xs text-slate-500">{t('disputes.fields.station')}</dt>
            <dd>{stationName}</dd>
          </div>
          <div>
            <dt className="text-xs text-slate-500">{t('disputes.case.mediator')}</dt>
            <dd>{item.assigneeName ?? <span className="text-slate-500">{t('disputes.list.unassigned')}</span>}</dd>
          </div>
          <div>
            <dt className="text-xs text-slate-500">{t('disputes.fields.createdAt')}</dt>
            <dd className="tabular-nums">{formatDateTime(c.createdAt, timezone)}</dd>
          </div>
        </dl>
      </header>

      {worst ? (
        <div className="mb-4" role="alert" data-testid="warning-banner">
          <div className={`rounded-md border px-3 py-2 text-sm ${worst === 'red' ? 'border-red-300 bg-red-50 text-red-900' : 'border-amber-300 bg-amber-50 text-amber-900'}`}>
            <strong className="font-semibold">{t(`vocab.dispute.level.${worst}`)}</strong> · {t('disputes.case.warningBanner', { count: openWarnings.length })}{' '}
            <a href="#warnings" className="font-medium underline">
              {t('disputes.case.seeWarnings')}
            </a>
          </div>
        </div>
      ) : null}

      <div className="grid grid-cols-1 gap-4 lg:grid-cols-[minmax(0,1fr)_22rem]">
        <div className="min-w-0 space-y-4">
          <LifecycleBox itemId={c.id} status={c.status} version={item.version} allowedActions={item.allowedActions} assigneeId={item.assigneeId} userId={userId} />
          <FactsSection dispute={c} closed={closed} />
          <PartiesSection parties={c.parties} canReveal={canReveal} />
          <SessionsSection sessions={c.sessions} closed={closed} timezone={timezone} nowLocal={nowLocal} mediatorDefault={item.assigneeName ?? userName} />
          <EvidenceSection evidence={c.evidence} timezone={timezone} />
          <AgreementSection dispute={c} closed={closed} sessions={c.sessions.length} status={c.status} timezone={timezone} />
          {c.outcome === 'agreement' ? <VisitsSection visits={c.visits} role={role} today={today} visitorDefault={userName} /> : null}
        </div>
        <aside className="min-w-0 space-y-4">
          <RiskSection risk={c.risk} history={c.riskHistory} timezone={timezone} />
          <WarningsSection warnings={c.warnings} role={role} timezone={timezone} />
        </aside>
      </div>
    </div>
  );
}

