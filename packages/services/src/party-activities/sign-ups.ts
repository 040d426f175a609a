import { sql } from 'kysely';
import {
  activityCancelRefusal,
  activityCheckInRefusal,
  activityFeedbackRefusal,
  activitySignUpRefusal,
  allocateActivityPlaces,
  badRequest,
  can,
  conflict,
  forbidden,
  inActivityAudience,
  maskPhone,
  notFound,
  participantPhoneDigits,
} from '@stationdesk/core';
import { repo, withTenant } from '@stationdesk/db';
import type { TenantContext } from '../context.ts';
import { ok, type Ok } from '../schema.ts';
import { issueCheckInCode, resolveCheckInCode } from '../party/checkin-code.ts';
import { ownEnterprise, requireActivityDesk } from './access.ts';
import { refuse, requireActivity } from './activities.ts';
import { promoteWaitlist } from './waitlist.ts';
import type {
  ActivityCheckInCodeInput,
  ActivityFeedbackInput,
  CancelActivitySignUpInput,
  CancelActivitySignUpResult,
  CheckInActivityInput,
  CheckInByActivityCodeInput,
  ListParticipantsInput,
  ParticipantList,
  ParticipantView,
  RevealParticipantInput,
  ScanActivityCodeInput,
  ScannedActivityCode,
  SignUpActivityInput,
  SignUpActivityResult,
} from './sign-ups.schema.ts';

const iso = (v: string | Date | null) => (v === null ? null : new Date(v).toISOString());

/** The path an activity's QR code opens: the enterprise admin's check-in page in the portal. */
export const activityCheckInPath = (token: string) => `/portal/activities/check-in/${token}`;

/** Participants with their waitlist positions (1 for the first waiting), newest sign-ups last. */
async function participantRows(ctx: TenantContext, activityId: string, opts: { enterpriseId?: string; ids?: readonly string[]; status?: string } = {}) {
  let q = ctx.trx
    .selectFrom('activity_participants as p')
    .innerJoin('enterprises as e', (j) => j.onRef('e.tenant_id', '=', 'p.tenant_id').onRef('e.id', '=', 'p.enterprise_id'))
    .select([
      'p.id',
      'p.enterprise_id',
      'e.name as enterprise_name',
      'p.name',
      'p.phone',
      'p.party_member',
      'p.status',
      'p.signed_up_at',
      'p.checked_in_at',
      'p.checked_in_via',
      'p.seq',
      sql<string | null>`case when p.status = 'waitlisted' then (select count(*) from activity_participants w where w.tenant_id = p.tenant_id and w.activity_id = p.activity_id and w.status = 'waitlisted' and w.seq <= p.seq) end`.as('position'),
    ])
    .where('p.activity_id', '=', activityId);
  if (opts.enterpriseId) q = q.where('p.enterprise_id', '=', opts.enterpriseId);
  if (opts.ids) q = q.where('p.id', 'in', [...opts.ids]);
  if (opts.status) q = q.where('p.status', '=', opts.status as 'confirmed');
  return q.orderBy('p.seq').execute();
}
type ParticipantRow = Awaited<ReturnType<typeof participantRows>>[number];

function participantView(r: ParticipantRow, unmasked: boolean): ParticipantView {
  return {
    id: r.id,
    enterpriseId: r.enterprise_id,
    enterpriseName: r.enterprise_name,
    name: r.name,
    phone: unmasked ? r.phone : (maskPhone(r.phone) ?? ''),
    phoneMasked: !unmasked,
    partyMember: r.party_member,
    status: r.status,
    waitlistPosition: r.position === null ? null : Number(r.position),
    signedUpAt: iso(r.signed_up_at)!,
    checkedInAt: iso(r.checked_in_at),
    checkedInVia: r.checked_in_via,
  };
}

/** The enterprise's people already signed up (live) among these phone numbers: the first, if any. */
async function alreadySignedUp(ctx: TenantContext, activityId: string, digits: readonly string[]) {
  return ctx.trx
    .selectFrom('activity_participants')
    .select('phone_digits')
    .where('activity_id', '=', activityId)
    .where('status', '<>', 'cancelled')
    .where('phone_digits', 'in', [...digits])
    .executeTakeFirst();
}

/** A unique violation of "one live sign-up per phone and activity": the phone digits it names. */
function duplicatePhoneOf(e: unknown): string | null {
  const err = e as { code?: string; constraint?: string; detail?: string };
  if (err?.code !== '23505' || err.constraint !== 'activity_participants_phone_idx') return null;
  return /=\([^)]*, ([0-9]+)\)/.exec(err.detail ?? '')?.[1] ?? '';
}

/**
 * activity.signUp: an enterprise admin signs up named people of its enterprise — only for a
 * published activity its enterprise is in the audience of, inside the sign-up window. Sign-ups
 * arriving together are taken one after another on the activity's row lock: exactly `capacity`
 * are confirmed and the rest wait in arrival order, each told its position. The lock is held as
 * briefly as the rule allows — a burst queues on it, so its length is every sign-up's wait: the
 * checks (audience, window, the same phone twice) run before it, and under it there are two
 * statements, the lock itself and one that writes the people, the confirmed count and reads the
 * waitlist's length; the answer is built from what those return, not read again. A phone signed up
 * meanwhile by someone else is caught by the unique index (refused the same way). Nothing is
 * written on a refusal.
 */
export async function signUpActivity(ctx: TenantContext, input: SignUpActivityInput): Promise<SignUpActivityResult> {
  const enterprise = await ownEnterprise(ctx);
  const a = await ctx.trx
    .selectFrom('party_activities')
    .select(['id', 'status', 'audience', 'audience_station_id', 'audience_tag_id', 'sign_up_opens_at', 'sign_up_closes_at'])
    .where('id', '=', input.id)
    .executeTakeFirst();
  if (!a || a.status === 'draft') throw notFound('errors.activity.notFound');
  if (!inActivityAudience({ audience: a.audience, audienceStationId: a.audience_station_id, audienceTagId: a.audience_tag_id }, enterprise)) {
    throw forbidden('errors.activity.notInAudience');
  }
  const window = { signUpOpensAt: new Date(a.sign_up_opens_at), signUpClosesAt: new Date(a.sign_up_closes_at) };
  refuse(activitySignUpRefusal({ status: a.status, ...window }, new Date()));
  const people = input.participants.map((p) => ({ ...p, digits: participantPhoneDigits(p.phone) }));
  const seen = new Set<string>();
  for (const p of people) {
    if (seen.has(p.digits)) throw badRequest('errors.activity.duplicatePhone', { name: p.name });
    seen.add(p.digits);
  }
  const nameOf = (digits: string) => people.find((p) => p.digits === digits)?.name ?? people[0]!.name;
  const already = await alreadySignedUp(ctx, a.id, [...seen]);
  if (already) throw conflict('errors.activity.alreadySignedUp', { name: nameOf(already.phone_digits) });
  const { name: enterpriseName } = await ctx.trx.selectFrom('enterprises').select('name').where('id', '=', enterprise.enterpriseId).executeTakeFirstOrThrow();

  // The lock: from here to the commit every other sign-up for this activity waits.
  const locked = await ctx.trx.selectFrom('party_activities').select(['status', 'capacity', 'confirmed']).where('id', '=', a.id).forUpdate().executeTakeFirstOrThrow();
  refuse(activitySignUpRefusal({ status: locked.status, ...window }, new Date())); // cancelled meanwhile
  const statuses = allocateActivityPlaces(locked.capacity, locked.confirmed, people.length);
  const confirmed = statuses.filter((s) => s === 'confirmed').length;
  let written;
  try {
    written = await sql<{ id: string; status: 'confirmed' | 'waitlisted'; phone_digits: string; signed_up_at: Date; waiting_before: string }>`
      with bump as (
        update party_activities set confirmed = confirmed + ${confirmed}
         where tenant_id = ${ctx.tenantId} and id = ${a.id} and ${confirmed}::int > 0
      ), added as (
        insert into activity_participants (tenant_id, activity_id, enterprise_id, name, phone, phone_digits, party_member, status, signed_up_by)
        select ${ctx.tenantId}, ${a.id}, ${enterprise.enterpriseId}, p.name, p.phone, p.digits, p.party_member, p.status, ${ctx.actor.userId}
          from unnest(${people.map((p) => p.name)}::text[], ${people.map((p) => p.phone)}::text[], ${people.map((p) => p.digits)}::text[],
                      ${people.map((p) => p.partyMember)}::boolean[], ${statuses}::text[]) with ordinality as p(name, phone, digits, party_member, status, ord)
         order by p.ord
        returning id, status, seq, phone_digits, signed_up_at
      )
      select added.id, added.status, added.phone_digits, added.signed_up_at,
             (select count(*) from activity_participants w where w.tenant_id = ${ctx.tenantId} and w.activity_id = ${a.id} and w.status = 'waitlisted') as waiting_before
        from added order by added.seq`.execute(ctx.trx);
  } catch (e) {
    const digits = duplicatePhoneOf(e);
    if (digits !== null) throw conflict('errors.activity.alreadySignedUp', { name: nameOf(digits) });
    throw e;
  }
  // The statement's snapshot is from before its own rows: the waiting before them, then theirs in order.
  let waiting = 0;
  const participants = written.rows.map((r): ParticipantView => {
    const p = people.find((x) => x.digits === r.phone_digits)!;
    const position = r.status === 'waitlisted' ? Number(r.waiting_before) + ++waiting : null;
    return {
      id: r.id,
      enterpriseId: enterprise.enterpriseId,
      enterpriseName,
      name: p.name,
      phone: p.phone,
      phoneMasked: false,
      partyMember: p.partyMember,
      status: r.status,
      waitlistPosition: position,
      signedUpAt: iso(r.signed_up_at)!,
      checkedInAt: null,
      checkedInVia: null,
    };
  });
  return { participants, confirmed, waitlisted: people.length - confirmed };
}

/** A participant and its activity, locked (the activity's row first, as every change of `confirmed`). */
async function requireParticipant(ctx: TenantContext, participantId: string) {
  const p = await ctx.trx.selectFrom('activity_participants').select(['id', 'activity_id', 'enterprise_id']).where('id', '=', participantId).executeTakeFirst();
  if (!p) throw notFound('errors.activity.participantNotFound');
  if (ctx.actor.scope.kind === 'enterprise' && p.enterprise_id !== ctx.actor.scope.enterpriseId) throw notFound('errors.activity.participantNotFound');
  const a = await requireActivity(ctx, p.activity_id, { lock: true }).catch(() => {
    throw notFound('errors.activity.participantNotFound');
  });
  const row = await ctx.trx.selectFrom('activity_participants').select(['id', 'status', 'enterprise_id', 'name']).where('id', '=', p.id).executeTakeFirstOrThrow();
  return { a, p: row };
}

/**
 * activity.cancelSignUp: a participant taken off until the cancellation deadline (the enterprise
 * admin for its own people; the desk for anyone). A confirmed place that comes free goes at once,
 * in the same transaction, to the first on the waitlist, whose enterprise is told in its inbox.
 */
export async function cancelActivitySignUp(ctx: TenantContext, input: CancelActivitySignUpInput): Promise<CancelActivitySignUpResult> {
  const { a, p } = await requireParticipant(ctx, input.participantId);
  refuse(activityCancelRefusal({ cancelDeadline: new Date(a.cancel_deadline), startsAt: new Date(a.starts_at) }, { status: p.status }, new Date()));
  await ctx.trx.updateTable('activity_participants').set({ status: 'cancelled', cancelled_at: new Date(), cancelled_by: ctx.actor.userId }).where('id', '=', p.id).execute();
  if (p.status !== 'confirmed') return { id: p.id, status: 'cancelled', promotedId: null };
  await ctx.trx
    .updateTable('party_activities')
    .set((eb) => ({ confirmed: eb('confirmed', '-', 1) }))
    .where('id', '=', a.id)
    .execute();
  const promoted = a.status === 'published' ? await promoteWaitlist(ctx, { id: a.id, title: a.title, capacity: a.capacity, confirmed: a.confirmed - 1 }) : [];
  return { id: p.id, status: 'cancelled', promotedId: promoted[0] ?? null };
}

/**
 * activity.participants: the desk sees every sign-up with phones masked (the whole number through
 * activity.revealPhone, audited); an enterprise admin sees its own people only, unmasked.
 */
export async function listParticipants(ctx: TenantContext, input: ListParticipantsInput): Promise<ParticipantList> {
  const enterpriseId = ctx.actor.scope.kind === 'enterprise' ? ctx.actor.scope.enterpriseId : undefined;
  const a = await requireActivity(ctx, input.id);
  const rows = await participantRows(ctx, a.id, { ...(enterpriseId ? { enterpriseId } : {}), ...(input.status ? { status: input.status } : {}) });
  const feedback = enterpriseId
    ? await ctx.trx.selectFrom('activity_feedback').select(['rating', 'comment']).where('activity_id', '=', a.id).where('enterprise_id', '=', enterpriseId).executeTakeFirst()
    : undefined;
  return {
    participants: rows.map((r) => participantView(r, enterpriseId !== undefined)),
    feedback: feedback ? { rating: feedback.rating, comment: feedback.comment } : null,
  };
}

/** activity.revealPhone: a participant's whole phone number for a role that may see it, with the reason in the audit log (a refusal is audited too). */
export async function revealParticipantPhone(ctx: TenantContext, input: RevealParticipantInput): Promise<{ id: string; phone: string }> {
  requireActivityDesk(ctx);
  const p = await ctx.trx.selectFrom('activity_participants').select(['id', 'activity_id', 'phone']).where('id', '=', input.participantId).executeTakeFirst();
  if (!p) throw notFound('errors.activity.participantNotFound');
  await requireActivity(ctx, p.activity_id);
  const entry = { tenantId: ctx.tenantId, actorUserId: ctx.actor.userId, subjectType: 'activity_participant', subjectId: p.id, data: { activityId: p.activity_id, reason: input.reason }, ip: ctx.actor.ip };
  if (!can(ctx.actor.role, 'activity:reveal-phone')) {
    if (ctx.db) await withTenant(ctx.db, ctx.tenantId, (trx) => repo.recordAudit(trx, { ...entry, action: 'activity.revealRefused' }));
    throw forbidden('errors.activity.revealNotAllowed');
  }
  await repo.recordAudit(ctx.trx, { ...entry, action: 'activity.phoneRevealed' });
  return { id: p.id, phone: p.phone };
}

async function markPresent(ctx: TenantContext, activity: Awaited<ReturnType<typeof requireActivity>>, ids: readonly string[], present: boolean, via: 'staff' | 'code', enterpriseId?: string): Promise<number> {
  const rows = await ctx.trx
    .selectFrom('activity_participants')
    .select(['id', 'status', 'enterprise_id'])
    .where('activity_id', '=', activity.id)
    .where('id', 'in', [...ids])
    .execute();
  if (rows.length !== new Set(ids).size || (enterpriseId && rows.some((r) => r.enterprise_id !== enterpriseId))) throw notFound('errors.activity.participantNotFound');
  const now = new Date();
  for (const r of rows) refuse(activityCheckInRefusal({ status: activity.status, startsAt: new Date(activity.starts_at), endsAt: new Date(activity.ends_at) }, { status: r.status }, now));
  const updated = await ctx.trx
    .updateTable('activity_participants')
    .set(present ? { checked_in_at: now, checked_in_by: ctx.actor.userId, checked_in_via: via } : { checked_in_at: null, checked_in_by: null, checked_in_via: null })
    .where('id', 'in', rows.map((r) => r.id))
    .executeTakeFirst();
  return Number(updated.numUpdatedRows);
}

/** activity.checkIn: the desk marks confirmed people of one activity present (or takes the mark back). */
export async function checkInActivity(ctx: TenantContext, input: CheckInActivityInput): Promise<{ updated: number }> {
  requireActivityDesk(ctx);
  const first = await ctx.trx.selectFrom('activity_participants').select('activity_id').where('id', '=', input.participantIds[0]!).executeTakeFirst();
  if (!first) throw notFound('errors.activity.participantNotFound');
  const a = await requireActivity(ctx, first.activity_id);
  return { updated: await markPresent(ctx, a, input.participantIds, input.present ?? true, 'staff') };
}

/** activity.checkInCode: the desk shows a QR code naming the activity (never a person) that expires. */
export async function issueActivityCheckInCode(ctx: TenantContext, input: ActivityCheckInCodeInput): Promise<{ token: string; expiresAt: string; path: string }> {
  requireActivityDesk(ctx);
  const a = await requireActivity(ctx, input.id);
  if (a.status !== 'published') throw badRequest('errors.activity.notPublished');
  const code = await issueCheckInCode(ctx, { subjectKind: 'activity', subjectId: a.id, validMinutes: input.validMinutes });
  return { token: code.token, expiresAt: iso(code.expiresAt)!, path: activityCheckInPath(code.token) };
}

/** activity.checkInByCode: the enterprise admin at the venue scans the activity's code and marks its own confirmed people present. */
export async function checkInByActivityCode(ctx: TenantContext, input: CheckInByActivityCodeInput): Promise<{ activityId: string; updated: number }> {
  const enterprise = await ownEnterprise(ctx);
  const code = await resolveCheckInCode(ctx, input.code);
  if (code.subjectKind !== 'activity') throw badRequest('errors.activity.codeNotForActivity');
  const a = await requireActivity(ctx, code.subjectId, { enterprise });
  return { activityId: a.id, updated: await markPresent(ctx, a, input.participantIds, true, 'code', enterprise.enterpriseId) };
}

/** activity.scan: the activity a scanned code names (refused when expired or unknown here) and the admin's own confirmed people on it. */
export async function scanActivityCode(ctx: TenantContext, input: ScanActivityCodeInput): Promise<ScannedActivityCode> {
  const enterprise = await ownEnterprise(ctx);
  const code = await resolveCheckInCode(ctx, input.code);
  if (code.subjectKind !== 'activity') throw badRequest('errors.activity.codeNotForActivity');
  const a = await requireActivity(ctx, code.subjectId, { enterprise });
  const rows = await participantRows(ctx, a.id, { enterpriseId: enterprise.enterpriseId, status: 'confirmed' });
  return { activityId: a.id, title: a.title, startsAt: iso(a.starts_at)!, participants: rows.map((r) => participantView(r, true)) };
}

/** activity.feedback: after the activity, the enterprise that had people confirmed rates it (again: replaced). */
export async function giveActivityFeedback(ctx: TenantContext, input: ActivityFeedbackInput): Promise<Ok> {
  const enterprise = await ownEnterprise(ctx);
  const a = await requireActivity(ctx, input.id, { enterprise });
  const mine = await ctx.trx
    .selectFrom('activity_participants')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('activity_id', '=', a.id)
    .where('enterprise_id', '=', enterprise.enterpriseId)
    .where('status', '=', 'confirmed')
    .executeTakeFirstOrThrow();
  refuse(activityFeedbackRefusal({ status: a.status, startsAt: new Date(a.starts_at) }, Number(mine.n), new Date()));
  await ctx.trx
    .insertInto('activity_feedback')
    .values({ tenant_id: ctx.tenantId, activity_id: a.id, enterprise_id: enterprise.enterpriseId, rating: input.rating, comment: input.comment || null, given_by: ctx.actor.userId })
    .onConflict((oc) => oc.columns(['tenant_id', 'activity_id', 'enterprise_id']).doUpdateSet({ rating: input.rating, comment: input.comment || null, given_by: ctx.actor.userId, given_at: new Date() }))
    .execute();
  return ok;
}
