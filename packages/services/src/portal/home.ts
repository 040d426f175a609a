import { addDays, forbidden, localDate, nextAgencyStep, type AgencyResult, type AgencyStepName, type DocumentType, type WorkItemKind, type WorkItemStatus } from '@stationdesk/core';
import { sql } from 'kysely';
import type { TenantContext } from '../context.ts';
// The notices of the portal home (issue 22, the notices' own service): the unread ones, newest first.
import { listNoticesForEnterprise } from '../notices/notices.ts';
import { listActivities } from '../party-activities/activities.ts';
import type { PortalHome } from './home.schema.ts';

/** Days ahead in which an expiring licence or lease of the company's file is shown. */
export const EXPIRY_WINDOW_DAYS = 60;
/** Rows per section (the counts are of all). */
export const HOME_ROWS = 20;

/** The open work of the company with what the portal home needs of each (one statement). */
interface OpenRow {
  id: string;
  number: string;
  kind: WorkItemKind;
  title: string;
  status: WorkItemStatus;
  waiting_since: string | null;
  resolved_at: string | null;
  rating: string | null;
  resolution_due_at: string | null;
  step: AgencyStepName | null;
  result: AgencyResult | null;
  case_due_at: string | null;
  picked_up_at: string | null;
  rejected: number;
}

type WaitingReason = PortalHome['waiting'][number]['reason'];

/** Why an item waits on the company, if it does: the station asked (待您补充), files sent back, a rating due. */
export function waitingReason(r: Pick<OpenRow, 'status' | 'rating' | 'step' | 'rejected'>): WaitingReason | null {
  if (r.status === 'waiting') return 'info_requested';
  if (r.rejected > 0 && (r.step === 'materials' || r.step === 'precheck')) return 'materials_rejected';
  if (r.status === 'resolved' && r.rating === null) return 'to_rate';
  return null;
}

/** Still being worked on: not yet answered, or a permit issued and not yet collected. */
function inProgress(r: OpenRow): boolean {
  if (!['resolved', 'visited', 'closed'].includes(r.status)) return true;
  return r.step === 'done' && r.result === 'approved' && r.picked_up_at === null;
}

/**
 * The portal's home for an enterprise admin (issue 22): what waits on the company, its cases in
 * progress with the next step and the date, its file's licences and leases expiring within 60
 * days, the notices it has not read, the activities ahead. Only its own enterprise; a handful of
 * indexed statements (the open items with their sent-back points in one).
 */
export async function portalHome(ctx: TenantContext): Promise<PortalHome> {
  if (ctx.actor.role !== 'enterprise_admin' || ctx.actor.scope.kind !== 'enterprise') throw forbidden('errors.roleNotAllowed');
  const enterpriseId = ctx.actor.scope.enterpriseId;
  const today = localDate(new Date(), ctx.timezone);
  const until = addDays(today, EXPIRY_WINDOW_DAYS);

  const open = await sql<OpenRow>`
    select w.id, w.number, w.kind, w.title, w.status, w.waiting_since, w.resolved_at, w.rating, w.resolution_due_at,
           a.step, a.result, a.due_at as case_due_at, a.picked_up_at,
           case when a.item_id is null then 0 else (
             select count(*)::int from (
               select distinct on (m.checklist_key) m.status from agency_materials m
                where m.tenant_id = a.tenant_id and m.item_id = a.item_id
                order by m.checklist_key, m.uploaded_at desc) latest
              where latest.status = 'rejected') end as rejected
      from work_items w
      left join agency_cases a on a.tenant_id = w.tenant_id and a.item_id = w.id
     where w.tenant_id = ${ctx.tenantId} and w.enterprise_id = ${enterpriseId} and w.status <> 'closed'
     order by w.created_at desc, w.id desc
     limit 500`.execute(ctx.trx);

  const documents = await ctx.trx
    .selectFrom('enterprise_documents')
    .select(['id', 'doc_type', 'number', 'expires_on'])
    .where('tenant_id', '=', ctx.tenantId)
    .where('enterprise_id', '=', enterpriseId)
    .where('expires_on', 'is not', null)
    .where('expires_on', '<=', until)
    .orderBy('expires_on')
    .orderBy('id')
    .execute();

  const notices = await listNoticesForEnterprise(ctx, { unread: true, limit: 5 });
  const { activities } = await listActivities(ctx, { when: 'upcoming', limit: 5 });

  const waiting = open.rows
    .map((r) => ({ r, reason: waitingReason(r) }))
    .filter((x): x is { r: OpenRow; reason: WaitingReason } => x.reason !== null)
    .map(({ r, reason }) => ({
      id: r.id,
      number: r.number,
      kind: r.kind,
      title: r.title,
      reason,
      since: reason === 'info_requested' ? r.waiting_since : reason === 'to_rate' ? r.resolved_at : null,
      rejected: r.rejected,
    }));
  const going = open.rows
    .filter(inProgress)
    .map((r) => ({
      id: r.id,
      number: r.number,
      kind: r.kind,
      title: r.title,
      status: r.status,
      step: r.step,
      nextStep: r.step ? nextAgencyStep(r.step) : null,
      result: r.result,
      dueAt: r.step ? (r.step === 'done' ? null : r.case_due_at) : r.resolution_due_at,
    }))
    .sort((a, b) => (a.dueAt ?? '9999').localeCompare(b.dueAt ?? '9999'));

  return {
    waiting: waiting.slice(0, HOME_ROWS),
    inProgress: going.slice(0, HOME_ROWS),
    expiring: documents.slice(0, HOME_ROWS).map((d) => ({
      id: d.id,
      docType: d.doc_type as DocumentType,
      number: d.number,
      expiresOn: d.expires_on!,
      daysLeft: Math.round((Date.parse(d.expires_on!) - Date.parse(today)) / 86_400_000),
    })),
    notices: notices.items.map((n) => ({ id: n.id, title: n.title, effectiveOn: n.effectiveOn, publishedAt: n.publishedAt })),
    activities: activities.map((a) => ({
      id: a.id,
      title: a.title,
      startsAt: a.startsAt,
      place: a.place,
      stationName: a.stationName,
      signedUp: (a.mine?.confirmed ?? 0) + (a.mine?.waitlisted ?? 0) > 0,
    })),
    counts: { waiting: waiting.length, inProgress: going.length, expiring: documents.length, unreadNotices: notices.unread },
  };
}
