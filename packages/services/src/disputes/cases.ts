import {
  AppError,
  badRequest,
  can,
  forbidden,
  idNumberProblem,
  isFinished,
  localDate,
  maskIdNumber,
  maskPartyName,
  maskPhone,
  normalizeCode,
  normalizePhone,
  notFound,
} from '@stationdesk/core';
import { repo, withTenant } from '@stationdesk/db';
import type { TenantContext } from '../context.ts';
import { requireVisibleEnterprise } from '../access/enterprise.ts';
import { syncItemReminders } from '../reminders/schedule.ts';
import { requireWorkItem } from '../work-items/access.ts';
import { openWorkItem } from '../work-items/create-work-item.ts';
import { recordEvent } from '../work-items/events.ts';
import { applyTransition } from '../work-items/transition.ts';
import { ok, type Ok } from '../schema.ts';
import type {
  AddEvidenceInput,
  AddSessionInput,
  AttachSignedAgreementInput,
  CreateDisputeInput,
  DisputeView,
  GetDisputeInput,
  PartyInput,
  PartyView,
  PortalDisputeView,
  RecordDisputeVisitInput,
  RecordOutcomeInput,
  RevealPartyInput,
  UpdateDisputeFactsInput,
  UpdateDisputeFactsOutput,
} from './cases.schema.ts';
import { agreementTermsView, portalDisputeView } from './portal-view.ts';
import { raiseWarning, rescoreDispute } from './risk.ts';

/** Phones and ID numbers are checked (mainland formats, GB 11643 check digit) and stored normalised. */
function cleanParty(p: PartyInput, today: string): PartyInput {
  let phone: string | null = null;
  if (p.phone?.trim()) {
    phone = normalizePhone(p.phone);
    if (!phone) throw badRequest('errors.dispute.badPhone', { name: p.name });
  }
  let idNumber: string | null = null;
  if (p.idNumber?.trim()) {
    if (p.kind !== 'person') throw badRequest('errors.dispute.idForPersonsOnly');
    idNumber = normalizeCode(p.idNumber);
    const problem = idNumberProblem(idNumber, today);
    if (problem) throw badRequest(`errors.dispute.idNumber.${problem}`, { name: p.name });
  }
  return { ...p, name: p.name.trim(), phone, idNumber };
}

/**
 * Files a dispute (调解, TJ-…): a work item of kind dispute with its parties and facts, scored at
 * once — a yellow or red score raises an early warning to the managers immediately.
 */
export async function createDispute(ctx: TenantContext, input: CreateDisputeInput): Promise<{ id: string; number: string }> {
  if (ctx.actor.role === 'enterprise_admin') throw forbidden('errors.roleNotAllowed');
  if (input.peopleInvolved < 1) throw badRequest('errors.dispute.peopleAtLeastOne');
  if (input.amountYuan !== undefined && input.amountYuan !== null && input.amountYuan < 0) throw badRequest('errors.dispute.negativeAmount');
  if (!input.parties.some((p) => p.side === 'applicant') || !input.parties.some((p) => p.side === 'respondent')) throw badRequest('errors.dispute.partiesRequired');
  const today = localDate(new Date(), ctx.timezone);
  const parties = input.parties.map((p) => cleanParty(p, today));
  for (const p of parties) if (p.enterpriseId) await requireVisibleEnterprise(ctx, p.enterpriseId);
  const item = await openWorkItem(ctx, {
    kind: 'dispute',
    enterpriseId: input.enterpriseId ?? null,
    stationId: input.stationId ?? null,
    title: input.title,
    description: input.facts,
    priority: input.priority ?? 'normal',
    channel: input.source === 'found_by_staff' ? 'patrol' : input.source.endsWith('transfer') ? 'referral' : 'walk_in',
    category: input.disputeType,
    ...(input.assign ? { assign: input.assign } : {}),
  });
  await ctx.trx
    .insertInto('dispute_cases')
    .values({
      tenant_id: ctx.tenantId,
      item_id: item.id,
      source: input.source,
      dispute_type: input.disputeType,
      facts: input.facts,
      amount_yuan: input.amountYuan ?? null,
      people_involved: input.peopleInvolved,
      social_insurance_arrears: input.socialInsuranceArrears ?? false,
      prior_escalation: input.priorEscalation ?? false,
    })
    .execute();
  await ctx.trx
    .insertInto('dispute_parties')
    .values(
      parties.map((p) => ({
        tenant_id: ctx.tenantId,
        item_id: item.id,
        side: p.side,
        kind: p.kind,
        name: p.name,
        phone: p.phone ?? null,
        id_number: p.idNumber ?? null,
        enterprise_id: p.enterpriseId ?? null,
      })),
    )
    .execute();
  await rescoreDispute(ctx, item.id, 'created');
  return item;
}

/** May this person see the dispute? Staff and managers by station; an enterprise admin only when its enterprise is a party. */
async function requireDispute(ctx: TenantContext, itemId: string, opts: { lock?: boolean } = {}) {
  const { actor } = ctx;
  if (actor.scope.kind === 'enterprise') {
    const enterpriseId = actor.scope.enterpriseId;
    const involved = await ctx.trx
      .selectFrom('work_items as w')
      .select('w.id')
      .where('w.id', '=', itemId)
      .where('w.kind', '=', 'dispute')
      .where((eb) =>
        eb.or([
          eb('w.enterprise_id', '=', enterpriseId),
          eb.exists(eb.selectFrom('dispute_parties as p').select('p.id').whereRef('p.item_id', '=', 'w.id').where('p.enterprise_id', '=', enterpriseId)),
        ]),
      )
      .executeTakeFirst();
    if (!involved) throw notFound('errors.dispute.notFound');
    const item = await ctx.trx.selectFrom('work_items').selectAll().where('id', '=', itemId).executeTakeFirstOrThrow();
    const c = await ctx.trx.selectFrom('dispute_cases').selectAll().where('item_id', '=', itemId).executeTakeFirstOrThrow();
    return { item, c };
  }
  const item = await requireWorkItem(ctx, itemId, opts.lock ? { lock: true } : {});
  let q = ctx.trx.selectFrom('dispute_cases').selectAll().where('item_id', '=', itemId);
  if (opts.lock) q = q.forUpdate();
  const c = await q.executeTakeFirst();
  if (!c) throw notFound('errors.dispute.notFound');
  return { item, c };
}

/** Parties for the station: personal data masked (张** / 138****1234 / 3101**********1234) until revealed. */
function partyView(p: { id: string; side: 'applicant' | 'respondent'; kind: 'person' | 'organisation'; name: string; phone: string | null; id_number: string | null; enterprise_id: string | null }): PartyView {
  return {
    id: p.id,
    side: p.side,
    kind: p.kind,
    name: maskPartyName(p.name, p.kind)!,
    phone: maskPhone(p.phone),
    idNumber: maskIdNumber(p.id_number),
    enterpriseId: p.enterprise_id,
    masked: p.kind === 'person' || p.phone !== null,
  };
}

/** The case file for the station; a party's enterprise admin gets the portal's view (portalDisputeView). */
export async function getDispute(ctx: TenantContext, input: GetDisputeInput): Promise<DisputeView | PortalDisputeView> {
  const itemId = input.id;
  const { item, c } = await requireDispute(ctx, itemId);
  const parties = await ctx.trx.selectFrom('dispute_parties').selectAll().where('item_id', '=', itemId).orderBy('side').orderBy('name').execute();
  if (ctx.actor.scope.kind === 'enterprise') return portalDisputeView(item, c, parties, ctx.actor.scope.enterpriseId);
  const sessions = await ctx.trx.selectFrom('dispute_sessions').selectAll().where('item_id', '=', itemId).orderBy('held_at').execute();
  const visits = await ctx.trx.selectFrom('dispute_visits').selectAll().where('item_id', '=', itemId).orderBy('visit_no').execute();
  const history = await ctx.trx.selectFrom('dispute_risk_history').select(['at', 'score', 'level', 'factors', 'reason']).where('item_id', '=', itemId).orderBy('at').execute();
  const warnings = await ctx.trx.selectFrom('dispute_warnings').selectAll().where('item_id', '=', itemId).orderBy('raised_at').execute();
  const evidence = await ctx.trx
    .selectFrom('dispute_evidence as ev')
    .innerJoin('files as f', (j) => j.onRef('f.tenant_id', '=', 'ev.tenant_id').onRef('f.id', '=', 'ev.file_id'))
    .select(['ev.id', 'ev.description', 'ev.created_at', 'f.id as file_id', 'f.original_name'])
    .where('ev.item_id', '=', itemId)
    .execute();
  return {
    id: itemId,
    number: item.number,
    title: item.title,
    status: item.status,
    version: item.version,
    assigneeId: item.assignee_id,
    stationId: item.station_id,
    enterpriseId: item.enterprise_id,
    createdAt: item.created_at,
    source: c.source,
    disputeType: c.dispute_type,
    facts: c.facts,
    amountYuan: c.amount_yuan === null ? null : Number(c.amount_yuan),
    peopleInvolved: c.people_involved,
    socialInsuranceArrears: c.social_insurance_arrears,
    priorEscalation: c.prior_escalation,
    risk: { score: c.risk_score, level: c.risk_level, factors: c.risk_factors, groupDispute: c.group_dispute },
    outcome: c.outcome,
    outcomeAt: c.outcome_at,
    agreement: c.outcome === 'agreement' ? { ...agreementTermsView(c), signedFileId: c.signed_file_id } : null,
    referredTo: c.referred_to,
    parties: parties.map(partyView),
    sessions: sessions.map((s) => ({ id: s.id, kind: s.kind, heldAt: s.held_at, place: s.place, mediator: s.mediator, attendees: s.attendees, notes: s.notes })),
    visits: visits.map((v) => ({ id: v.id, visitNo: v.visit_no, visitedOn: v.visited_on, visitor: v.visitor, performance: v.performance, satisfaction: v.satisfaction, newRisk: v.new_risk, notes: v.notes })),
    riskHistory: history.map((h) => ({ at: h.at, score: h.score, level: h.level, factors: h.factors, reason: h.reason })),
    warnings: warnings.map((w) => ({ id: w.id, level: w.level, score: w.score, reason: w.reason, raisedAt: w.raised_at, acknowledgedAt: w.acknowledged_at, acknowledgement: w.acknowledgement })),
    evidence: evidence.map((e) => ({ id: e.id, fileId: e.file_id, name: e.original_name, description: e.description, createdAt: e.created_at })),
  };
}

/**
 * Reveals a party's personal data — to those whose role holds the permission, with the reason in
 * the audit log. A refused reveal is audited too (in its own transaction: the refusal rolls back
 * the request's).
 */
export async function revealParty(ctx: TenantContext, input: RevealPartyInput): Promise<{ id: string; name: string; phone: string | null; idNumber: string | null }> {
  const party = await ctx.trx.selectFrom('dispute_parties').selectAll().where('id', '=', input.partyId).executeTakeFirst();
  if (!party) throw notFound('errors.dispute.partyNotFound');
  await requireDispute(ctx, party.item_id);
  const entry = {
    tenantId: ctx.tenantId,
    actorUserId: ctx.actor.userId,
    subjectType: 'dispute_party',
    subjectId: party.id,
    data: { itemId: party.item_id, reason: input.reason },
    ip: ctx.actor.ip,
  };
  if (!can(ctx.actor.role, 'dispute:reveal-pii')) {
    if (ctx.db) await withTenant(ctx.db, ctx.tenantId, (trx) => repo.recordAudit(trx, { ...entry, action: 'dispute.revealRefused' }));
    throw forbidden('errors.dispute.revealNotAllowed');
  }
  await repo.recordAudit(ctx.trx, { ...entry, action: 'dispute.partyRevealed' });
  return { id: party.id, name: party.name, phone: party.phone, idNumber: party.id_number };
}

async function requireOpenForWork(ctx: TenantContext, itemId: string) {
  if (ctx.actor.role === 'enterprise_admin') throw forbidden('errors.roleNotAllowed');
  const found = await requireDispute(ctx, itemId, { lock: true });
  if (isFinished(found.item.status)) throw new AppError('CONFLICT', 'errors.dispute.closed');
  return found;
}

export async function addSession(ctx: TenantContext, input: AddSessionInput): Promise<{ id: string }> {
  const { item } = await requireOpenForWork(ctx, input.id);
  if (new Date(input.heldAt).getTime() > Date.now() + 60_000) throw badRequest('errors.dispute.sessionInFuture');
  const row = await ctx.trx
    .insertInto('dispute_sessions')
    .values({ tenant_id: ctx.tenantId, item_id: input.id, kind: input.kind, held_at: input.heldAt, place: input.place ?? null, mediator: input.mediator, attendees: input.attendees ?? null, notes: input.notes, created_by: ctx.actor.userId })
    .returning('id')
    .executeTakeFirstOrThrow();
  await recordEvent(ctx, input.id, { action: input.kind === 'inquiry' ? 'dispute_inquiry' : 'dispute_mediation', internal: true });
  if (!item.first_contact_at) {
    await ctx.trx.updateTable('work_items').set({ first_contact_at: new Date() }).where('id', '=', input.id).execute();
  }
  return row;
}

/**
 * The outcome: an agreement (number, terms, amount, how/where/when performed, signed scan), a
 * referral to arbitration or court, a withdrawal, or a failure. Not before any session was held.
 * The dispute's work item is resolved; an agreement schedules the +7 and +30 day follow-ups.
 */
export async function recordOutcome(ctx: TenantContext, input: RecordOutcomeInput): Promise<Ok> {
  const { item } = await requireOpenForWork(ctx, input.id);
  const sessions = await ctx.trx.selectFrom('dispute_sessions').select('id').where('item_id', '=', input.id).limit(1).execute();
  if (sessions.length === 0 && input.outcome !== 'withdrawn') throw new AppError('PRECONDITION_FAILED', 'errors.dispute.outcomeBeforeSession');
  if (input.outcome === 'agreement' && !input.agreement) throw badRequest('errors.dispute.agreementRequired');
  if (input.outcome === 'referred' && !input.referredTo?.trim()) throw badRequest('errors.dispute.referredToRequired');
  if (input.agreement?.amountYuan !== undefined && input.agreement.amountYuan !== null && input.agreement.amountYuan < 0) throw badRequest('errors.dispute.negativeAmount');
  if (input.agreement?.signedFileId) {
    const f = await ctx.trx.selectFrom('files').select('uploaded_by').where('id', '=', input.agreement.signedFileId).executeTakeFirst();
    if (!f || f.uploaded_by !== ctx.actor.userId) throw badRequest('errors.workItem.badAttachment');
  }
  // The case must have been taken on (accepted) by its handler before it can end.
  if (item.status === 'assigned' || item.status === 'received' || item.status === 'returned') throw new AppError('CONFLICT', 'errors.dispute.notAccepted');
  const a = input.agreement;
  await ctx.trx
    .updateTable('dispute_cases')
    .set({
      outcome: input.outcome,
      outcome_at: new Date(),
      outcome_note: input.note ?? null,
      ...(a
        ? {
            agreement_no: a.number,
            agreement_terms: a.terms,
            agreement_amount_yuan: a.amountYuan ?? null,
            performance_method: a.method ?? null,
            performance_place: a.place ?? null,
            performance_due_on: a.dueOn ?? null,
            signed_file_id: a.signedFileId ?? null,
          }
        : {}),
      referred_to: input.outcome === 'referred' ? input.referredTo!.trim() : null,
      updated_at: new Date(),
    })
    .where('item_id', '=', input.id)
    .execute();
  await recordEvent(ctx, input.id, { action: 'dispute_outcome', note: input.note ?? null, data: { outcome: input.outcome } });
  if (item.status === 'waiting') await applyTransition(ctx, input.id, { action: 'resume' });
  const now = await requireWorkItem(ctx, input.id);
  if (now.status === 'accepted') await applyTransition(ctx, input.id, { action: 'start' });
  await applyTransition(ctx, input.id, { action: 'resolve', note: input.note?.trim() || `dispute:${input.outcome}` });
  await syncItemReminders(ctx, input.id);
  return ok;
}

/**
 * A follow-up visit (回访) at +7 or +30 days after an agreement: was it performed, how satisfied,
 * any new risk. "Not performed" raises a red warning; a manager may reopen the case.
 */
export async function recordDisputeVisit(ctx: TenantContext, input: RecordDisputeVisitInput): Promise<{ warned: boolean }> {
  if (ctx.actor.role === 'enterprise_admin') throw forbidden('errors.roleNotAllowed');
  const { c } = await requireDispute(ctx, input.id, { lock: true });
  if (c.outcome !== 'agreement') throw new AppError('CONFLICT', 'errors.dispute.visitNeedsAgreement');
  await ctx.trx
    .insertInto('dispute_visits')
    .values({
      tenant_id: ctx.tenantId,
      item_id: input.id,
      visit_no: input.visitNo,
      visited_on: input.visitedOn,
      visitor: input.visitor,
      performance: input.performance,
      satisfaction: input.satisfaction ?? null,
      new_risk: input.newRisk ?? false,
      notes: input.notes ?? null,
      created_by: ctx.actor.userId,
    })
    .execute();
  await ctx.trx.updateTable('dispute_cases').set({ performed: input.performance, updated_at: new Date() }).where('item_id', '=', input.id).execute();
  await recordEvent(ctx, input.id, { action: 'dispute_visit', data: { visitNo: input.visitNo, performance: input.performance }, internal: true });
  let warned = false;
  if (input.performance === 'none' || input.newRisk) {
    await raiseWarning(ctx, input.id, 'red', c.risk_score, input.performance === 'none' ? 'agreement_not_performed' : 'new_risk_at_visit');
    warned = true;
  }
  if (input.reopen) {
    if (ctx.actor.role !== 'manager') throw forbidden('errors.roleNotAllowed');
    const item = await requireWorkItem(ctx, input.id);
    if (item.status === 'resolved') {
      await applyTransition(ctx, input.id, { action: 'redo', note: 'agreement not performed' });
    } else if (item.status === 'closed') {
      await applyTransition(ctx, input.id, { action: 'reopen', note: 'agreement not performed' });
    } else if (item.status === 'visited') {
      await applyTransition(ctx, input.id, { action: 'redo', note: 'agreement not performed' });
    }
  }
  await syncItemReminders(ctx, input.id);
  return { warned };
}

/** The facts change as the case is heard (more workers come forward, the amount is known): scored again. */
export async function updateDisputeFacts(ctx: TenantContext, input: UpdateDisputeFactsInput): Promise<UpdateDisputeFactsOutput> {
  await requireOpenForWork(ctx, input.id);
  if (input.peopleInvolved !== undefined && input.peopleInvolved < 1) throw badRequest('errors.dispute.peopleAtLeastOne');
  if (input.amountYuan !== undefined && input.amountYuan !== null && input.amountYuan < 0) throw badRequest('errors.dispute.negativeAmount');
  const set = {
    ...(input.disputeType !== undefined ? { dispute_type: input.disputeType } : {}),
    ...(input.facts !== undefined ? { facts: input.facts } : {}),
    ...(input.amountYuan !== undefined ? { amount_yuan: input.amountYuan } : {}),
    ...(input.peopleInvolved !== undefined ? { people_involved: input.peopleInvolved } : {}),
    ...(input.socialInsuranceArrears !== undefined ? { social_insurance_arrears: input.socialInsuranceArrears } : {}),
    ...(input.priorEscalation !== undefined ? { prior_escalation: input.priorEscalation } : {}),
  };
  if (Object.keys(set).length === 0) {
    const c = await ctx.trx.selectFrom('dispute_cases').select('risk_level').where('item_id', '=', input.id).executeTakeFirstOrThrow();
    return { level: c.risk_level, warned: false };
  }
  await ctx.trx.updateTable('dispute_cases').set({ ...set, updated_at: new Date() }).where('item_id', '=', input.id).execute();
  if (input.disputeType !== undefined) await ctx.trx.updateTable('work_items').set({ category: input.disputeType }).where('id', '=', input.id).execute();
  await recordEvent(ctx, input.id, { action: 'dispute_facts_updated', data: { fields: Object.keys(set) }, internal: true });
  return rescoreDispute(ctx, input.id, 'facts_changed');
}

/** Evidence: a file the handler uploaded (as an attachment), described, kept with the case. */
export async function addEvidence(ctx: TenantContext, input: AddEvidenceInput): Promise<{ id: string }> {
  if (ctx.actor.role === 'enterprise_admin') throw forbidden('errors.roleNotAllowed');
  await requireDispute(ctx, input.id, { lock: true });
  const f = await ctx.trx.selectFrom('files').select(['uploaded_by', 'purpose']).where('id', '=', input.fileId).executeTakeFirst();
  if (!f || f.uploaded_by !== ctx.actor.userId || f.purpose !== 'attachment') throw badRequest('errors.workItem.badAttachment');
  const row = await ctx.trx
    .insertInto('dispute_evidence')
    .values({ tenant_id: ctx.tenantId, item_id: input.id, file_id: input.fileId, description: input.description ?? null, uploaded_by: ctx.actor.userId })
    .returning('id')
    .executeTakeFirstOrThrow();
  await recordEvent(ctx, input.id, { action: 'dispute_evidence', internal: true });
  return row;
}

/**
 * The signed agreement's scan: the agreement is printed (PDF) after the outcome is recorded, signed
 * by both parties, then scanned and kept with the case — even once the case is resolved.
 */
export async function attachSignedAgreement(ctx: TenantContext, input: AttachSignedAgreementInput): Promise<Ok> {
  if (ctx.actor.role === 'enterprise_admin') throw forbidden('errors.roleNotAllowed');
  const { c } = await requireDispute(ctx, input.id, { lock: true });
  if (c.outcome !== 'agreement') throw new AppError('CONFLICT', 'errors.dispute.agreementMissing');
  const f = await ctx.trx.selectFrom('files').select(['uploaded_by', 'purpose']).where('id', '=', input.fileId).executeTakeFirst();
  if (!f || f.uploaded_by !== ctx.actor.userId || f.purpose !== 'attachment') throw badRequest('errors.workItem.badAttachment');
  await ctx.trx.updateTable('dispute_cases').set({ signed_file_id: input.fileId, updated_at: new Date() }).where('item_id', '=', input.id).execute();
  await recordEvent(ctx, input.id, { action: 'dispute_agreement_signed', internal: true });
  return ok;
}
