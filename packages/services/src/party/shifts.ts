import { sql } from 'kysely';
import {
  addDays,
  AppError,
  badRequest,
  cancelRefusal,
  CHECK_IN_EARLY_MINUTES,
  CHECK_OUT_LATE_MINUTES,
  checkInRefusal,
  checkOutRefusal,
  forbidden,
  localDate,
  minutesOfDay,
  notFound,
  openingSpan,
  placesRefusal,
  planShiftReminders,
  planSignUpReminders,
  servedRefusal,
  shiftTimeProblem,
  signUpRefusal,
  zonedTimeToInstant,
  type AttendanceWay,
  type Refusal,
  type SignUpStatus,
} from '@stationdesk/core';
import type { TenantContext } from '../context.ts';
import { stationScope } from '../context.ts';
import { loadCalendar } from '../calendar/working-time.ts';
import { applyPlans } from '../reminders/schedule.ts';
import { ok, type Ok } from '../schema.ts';
import { requireDesk, requireDeskStation, stationNames } from './access.ts';
import { resolveCheckInCode } from './checkin-code.ts';
import { requireDeskPost } from './posts.ts';
import type {
  AttendanceByCodeInput,
  AttendanceOutput,
  CancelSignUpInput,
  ConfirmAttendanceInput,
  CreateDutyShiftsInput,
  DutyShiftDetail,
  DutyShiftList,
  DutyShiftView,
  GetDutyShiftInput,
  ListDutyShiftsInput,
  RecordServedInput,
  ScanCheckInCode,
  ScanCheckInCodeInput,
  SignUpDutyShiftInput,
  SignUpView,
  UpdateDutyShiftInput,
} from './shifts.schema.ts';

/** A list covers at most this many days. */
const MAX_RANGE_DAYS = 92;
const NO_ID = '00000000-0000-0000-0000-000000000000';

const refuse = (r: Refusal | null, code: 'BAD_REQUEST' | 'CONFLICT' = 'BAD_REQUEST') => {
  if (r) throw new AppError(code, r.key, r.params);
};

/** The enterprise admin's own enterprise, if its file records a party branch (and it has not left). */
async function ownBranch(ctx: TenantContext): Promise<{ enterpriseId: string; name: string; members: number | null } | null> {
  if (ctx.actor.scope.kind !== 'enterprise') return null;
  const row = await ctx.trx
    .selectFrom('party_organisations')
    .select(['id', 'name', 'members', 'status'])
    .where('enterprise_id', '=', ctx.actor.scope.enterpriseId)
    .executeTakeFirst();
  return row && row.status === 'active' ? { enterpriseId: row.id, name: row.name, members: row.members } : null;
}

// ───────────────────────────── reminders ─────────────────────────────

/** A shift short of people alerts its station two days ahead (core's planShiftReminders); only what is still to come is planned. */
async function planShifts(ctx: TenantContext, ids: readonly string[], opts: { created?: boolean } = {}): Promise<void> {
  if (ids.length === 0) return;
  const rows = await ctx.trx.selectFrom('duty_shifts').select(['id', 'shift_date', 'status', 'places', 'booked']).where('id', 'in', [...ids]).execute();
  const now = Date.now();
  const plans = rows.map((s) => ({
    id: s.id,
    plan: planShiftReminders({ id: s.id, shiftDate: s.shift_date, status: s.status, places: s.places, booked: s.booked }, ctx.timezone).filter((p) => p.dueAt.getTime() > now),
  }));
  await applyPlans(ctx, 'duty_shift', plans, opts);
}

/** A batch is reminded the day before its shift (core's planSignUpReminders). */
async function planSignUps(ctx: TenantContext, ids: readonly string[], opts: { created?: boolean } = {}): Promise<void> {
  if (ids.length === 0) return;
  const rows = await ctx.trx
    .selectFrom('duty_sign_ups as b')
    .innerJoin('duty_shifts as s', (j) => j.onRef('s.tenant_id', '=', 'b.tenant_id').onRef('s.id', '=', 'b.shift_id'))
    .select(['b.id', 'b.status', 'b.enterprise_id', 's.shift_date'])
    .where('b.id', 'in', [...ids])
    .execute();
  const now = Date.now();
  const plans = rows.map((b) => ({
    id: b.id,
    plan: planSignUpReminders({ id: b.id, shiftDate: b.shift_date, status: b.status, enterpriseBranch: b.enterprise_id !== null }, ctx.timezone).filter((p) => p.dueAt.getTime() > now),
  }));
  await applyPlans(ctx, 'duty_sign_up', plans, opts);
}

// ───────────────────────────── shifts ─────────────────────────────

/**
 * dutyShift.create: the same shift (time and places) on each of the dates, at a post of the
 * actor's station. Each must lie within the post's opening hours (its own week, or the working
 * calendar), start in the future, and not repeat a shift the post has at that time.
 */
export async function createDutyShifts(ctx: TenantContext, input: CreateDutyShiftsInput): Promise<{ ids: string[] }> {
  const post = await requireDeskPost(ctx, input.postId);
  if (!post.active) throw badRequest('errors.party.postInactive');
  const timeProblem = shiftTimeProblem(input.start, input.end);
  if (timeProblem) throw badRequest(timeProblem);
  const start = minutesOfDay(input.start)!;
  const end = minutesOfDay(input.end, { end: true })!;
  const calendar = post.opening_hours ? null : await loadCalendar(ctx.trx, ctx.timezone);
  const dates = [...new Set(input.dates)].sort();
  const now = Date.now();
  const values = dates.map((date) => {
    const startsAt = new Date(zonedTimeToInstant(date, start, ctx.timezone));
    if (startsAt.getTime() <= now) throw badRequest('errors.party.shiftInPast');
    const span = openingSpan(post.opening_hours, calendar ?? { timezone: ctx.timezone, businessHours: [], weekendDays: [], holidays: [], makeupWorkdays: [] }, date);
    if (!span) throw badRequest('errors.party.postClosed', { date });
    if (start < span.start || end > span.end) throw badRequest('errors.party.outsideOpeningHours', { date, open: input.start, hours: `${hhmm(span.start)}–${hhmm(span.end)}` });
    return {
      tenant_id: ctx.tenantId,
      post_id: post.id,
      shift_date: date,
      starts_at: startsAt,
      ends_at: new Date(zonedTimeToInstant(date, end, ctx.timezone)),
      places: input.places,
      note: input.note ?? null,
      created_by: ctx.actor.userId,
    };
  });
  const clash = await ctx.trx
    .selectFrom('duty_shifts')
    .select('shift_date')
    .where('post_id', '=', post.id)
    .where('status', '=', 'open')
    .where('starts_at', 'in', values.map((v) => v.starts_at.toISOString()))
    .executeTakeFirst();
  if (clash) throw badRequest('errors.party.shiftExists', { date: clash.shift_date });
  const rows = await ctx.trx.insertInto('duty_shifts').values(values).returning('id').execute();
  await planShifts(
    ctx,
    rows.map((r) => r.id),
    { created: true },
  );
  return { ids: rows.map((r) => r.id) };
}

const hhmm = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

/** A shift and its post, for the desk (staff: their stations' posts) or an enterprise admin (active posts). */
async function requireShift(ctx: TenantContext, id: string, opts: { lock?: boolean } = {}) {
  let q = ctx.trx
    .selectFrom('duty_shifts as s')
    .innerJoin('service_posts as p', (j) => j.onRef('p.tenant_id', '=', 's.tenant_id').onRef('p.id', '=', 's.post_id'))
    .select(['s.id', 's.post_id', 's.shift_date', 's.starts_at', 's.ends_at', 's.places', 's.booked', 's.status', 's.note', 'p.station_id', 'p.name as post_name', 'p.location', 'p.services', 'p.active'])
    .where('s.id', '=', id);
  if (opts.lock) q = q.forUpdate('s');
  const shift = await q.executeTakeFirst();
  if (!shift) throw notFound('errors.party.shiftNotFound');
  if (ctx.actor.scope.kind === 'enterprise') {
    if (!shift.active) throw notFound('errors.party.shiftNotFound');
  } else {
    requireDeskStation(ctx, shift.station_id, 'errors.party.shiftNotFound');
  }
  return shift;
}

/** dutyShift.update: places (not below the members signed up, refused with that count), the note, or cancelled while empty. */
export async function updateDutyShift(ctx: TenantContext, input: UpdateDutyShiftInput): Promise<{ id: string; places: number; booked: number; status: 'open' | 'cancelled' }> {
  requireDesk(ctx);
  const shift = await requireShift(ctx, input.id, { lock: true });
  if (shift.status === 'cancelled') throw badRequest('errors.party.shiftCancelled');
  if (input.places !== undefined) refuse(placesRefusal(input.places, shift.booked));
  if (input.cancel) {
    const live = await ctx.trx.selectFrom('duty_sign_ups').select((eb) => eb.fn.countAll<string>().as('n')).where('shift_id', '=', shift.id).where('status', '<>', 'cancelled').executeTakeFirstOrThrow();
    if (Number(live.n) > 0) throw badRequest('errors.party.shiftHasBatches', { batches: Number(live.n) });
  }
  const row = await ctx.trx
    .updateTable('duty_shifts')
    .set({
      ...(input.places !== undefined ? { places: input.places } : {}),
      ...(input.note !== undefined ? { note: input.note } : {}),
      ...(input.cancel ? { status: 'cancelled' as const } : {}),
    })
    .where('id', '=', shift.id)
    .returning(['id', 'places', 'booked', 'status'])
    .executeTakeFirstOrThrow();
  await planShifts(ctx, [shift.id]);
  return { id: row.id, places: row.places, booked: row.booked, status: row.status };
}

/** dutyShift.list: a period's shifts — the desk's posts with their batches counted; for an enterprise admin the open shifts, places left and its own batch. */
export async function listDutyShifts(ctx: TenantContext, input?: ListDutyShiftsInput): Promise<DutyShiftList> {
  const today = localDate(new Date(), ctx.timezone);
  const from = input?.from ?? today;
  const to = input?.to ?? addDays(from, 30);
  if (to < from) throw badRequest('errors.party.rangeReversed');
  if (addDays(from, MAX_RANGE_DAYS) < to) throw badRequest('errors.party.rangeTooLong', { days: MAX_RANGE_DAYS });
  const enterpriseId = ctx.actor.scope.kind === 'enterprise' ? ctx.actor.scope.enterpriseId : null;
  const stations = enterpriseId ? null : stationScope(ctx.actor);
  const rows = await ctx.trx
    .selectFrom('duty_shifts as s')
    .innerJoin('service_posts as p', (j) => j.onRef('p.tenant_id', '=', 's.tenant_id').onRef('p.id', '=', 's.post_id'))
    .select([
      's.id',
      's.post_id',
      'p.name as post_name',
      'p.location',
      'p.station_id',
      's.shift_date',
      's.starts_at',
      's.ends_at',
      's.places',
      's.booked',
      's.status',
      sql<string | null>`(select count(*) from duty_sign_ups b where b.tenant_id = s.tenant_id and b.shift_id = s.id and b.status <> 'cancelled')`.as('batches'),
      sql<string | null>`(select json_build_object('id', b.id, 'members', b.members, 'status', b.status)::text from duty_sign_ups b
                           where b.tenant_id = s.tenant_id and b.shift_id = s.id and b.status <> 'cancelled' and b.enterprise_id = ${enterpriseId ?? NO_ID})`.as('mine'),
    ])
    .where('s.shift_date', '>=', from)
    .where('s.shift_date', '<=', to)
    .$if(enterpriseId !== null, (q) => q.where('p.active', '=', true).where('s.status', '=', 'open'))
    .$if(stations !== null, (q) => q.where('p.station_id', 'in', stations!.length ? stations! : [NO_ID]))
    .$if(input?.postId !== undefined, (q) => q.where('s.post_id', '=', input!.postId!))
    .$if(input?.stationId !== undefined, (q) => q.where('p.station_id', '=', input!.stationId!))
    .$if(!!input?.shortOnly, (q) => q.whereRef('s.booked', '<', 's.places').where('s.status', '=', 'open'))
    .orderBy('s.starts_at')
    .orderBy('p.name')
    .limit(2000)
    .execute();
  const names = await stationNames(ctx);
  return {
    from,
    to,
    branch: enterpriseId ? await ownBranch(ctx) : null,
    shifts: rows.map((r) => shiftView(r, names, enterpriseId !== null)),
  };
}

function shiftView(
  r: { id: string; post_id: string; post_name: string; location: string; station_id: string; shift_date: string; starts_at: string; ends_at: string; places: number; booked: number; status: 'open' | 'cancelled'; batches: string | null; mine: string | null },
  names: Map<string, { name: string; nameEn: string | null }>,
  forEnterprise: boolean,
): DutyShiftView {
  const station = names.get(r.station_id);
  const mine = r.mine ? (JSON.parse(r.mine) as { id: string; members: number; status: SignUpStatus }) : null;
  return {
    id: r.id,
    postId: r.post_id,
    postName: r.post_name,
    postLocation: r.location,
    stationId: r.station_id,
    stationName: station?.name ?? '',
    stationNameEn: station?.nameEn ?? null,
    shiftDate: r.shift_date,
    startsAt: r.starts_at,
    endsAt: r.ends_at,
    places: r.places,
    booked: r.booked,
    left: Math.max(0, r.places - r.booked),
    status: r.status,
    batches: forEnterprise ? null : Number(r.batches ?? 0),
    mine: forEnterprise ? mine : null,
  };
}

/** The batches of a shift as the actor may see them: the desk all, an enterprise admin its own. */
async function signUpViews(ctx: TenantContext, shiftId: string): Promise<SignUpView[]> {
  const enterpriseId = ctx.actor.scope.kind === 'enterprise' ? ctx.actor.scope.enterpriseId : null;
  const rows = await ctx.trx
    .selectFrom('duty_sign_ups as b')
    .innerJoin('party_organisations as o', (j) => j.onRef('o.tenant_id', '=', 'b.tenant_id').onRef('o.id', '=', 'b.organisation_id'))
    .select(['b.id', 'b.organisation_id', 'o.name', 'o.type', 'o.source', 'b.members', 'b.member_names', 'b.status', 'b.signed_up_at', 'b.checked_in_at', 'b.checked_in_via', 'b.checked_out_at', 'b.checked_out_via'])
    .where('b.shift_id', '=', shiftId)
    .$if(enterpriseId !== null, (q) => q.where('b.enterprise_id', '=', enterpriseId!))
    .orderBy('b.signed_up_at')
    .execute();
  return rows.map((b) => ({
    id: b.id,
    organisationId: b.organisation_id,
    organisationName: b.name,
    organisationType: b.type,
    source: b.source,
    members: b.members,
    memberNames: b.member_names,
    status: b.status,
    signedUpAt: b.signed_up_at,
    checkedInAt: b.checked_in_at,
    checkedInVia: b.checked_in_via,
    checkedOutAt: b.checked_out_at,
    checkedOutVia: b.checked_out_via,
  }));
}

/** dutyShift.get: the shift, its batches (an enterprise admin: its own only) and the person-times served. */
export async function getDutyShift(ctx: TenantContext, input: GetDutyShiftInput): Promise<DutyShiftDetail> {
  const s = await requireShift(ctx, input.id);
  const forEnterprise = ctx.actor.scope.kind === 'enterprise';
  const signUps = await signUpViews(ctx, s.id);
  const served = await ctx.trx.selectFrom('duty_shift_served').select(['service', 'served']).where('shift_id', '=', s.id).orderBy('service').execute();
  const live = signUps.filter((b) => b.status !== 'cancelled');
  const mine = forEnterprise ? (live[0] ?? null) : null;
  return {
    ...shiftView(
      { ...s, batches: String(live.length), mine: mine ? JSON.stringify({ id: mine.id, members: mine.members, status: mine.status }) : null },
      await stationNames(ctx),
      forEnterprise,
    ),
    note: s.note,
    services: s.services,
    served: forEnterprise ? [] : served,
    servedTotal: forEnterprise ? 0 : served.reduce((a, r) => a + r.served, 0),
    signUps,
  };
}

// ───────────────────────────── batches ─────────────────────────────

/** The organisation a batch is for: the registry's (staff) or the enterprise admin's own branch. */
async function batchOrganisation(ctx: TenantContext, organisationId: string | undefined): Promise<{ partyOrgId: string | null; enterpriseId: string | null; name: string }> {
  if (ctx.actor.scope.kind === 'enterprise') {
    const own = ctx.actor.scope.enterpriseId;
    if (organisationId !== undefined && organisationId !== own) throw forbidden('errors.party.ownBranchOnly');
    const branch = await ownBranch(ctx);
    if (!branch) throw badRequest('errors.party.noBranch');
    return { partyOrgId: null, enterpriseId: own, name: branch.name };
  }
  if (!organisationId) throw badRequest('errors.party.organisationRequired');
  const org = await ctx.trx.selectFrom('party_organisations').select(['id', 'source', 'status', 'name']).where('id', '=', organisationId).executeTakeFirst();
  if (!org) throw notFound('errors.party.orgNotFound');
  if (org.status !== 'active') throw badRequest('errors.party.orgLeft', { name: org.name });
  return org.source === 'enterprise' ? { partyOrgId: null, enterpriseId: org.id, name: org.name } : { partyOrgId: org.id, enterpriseId: null, name: org.name };
}

/**
 * dutyShift.signUp: a batch for a shift. Capacity holds under concurrent sign-ups: the places are
 * taken by one conditional update (booked + members <= places, on a shift still open and to come),
 * which also locks the shift's row, so the batches of one shift are written one after the other —
 * the check for the organisation's second batch runs after it and sees every batch committed
 * before. A refusal says why (past, full with the places left, already signed up) and writes nothing.
 */
export async function signUpDutyShift(ctx: TenantContext, input: SignUpDutyShiftInput): Promise<{ id: string; left: number }> {
  const shift = await requireShift(ctx, input.id);
  const org = await batchOrganisation(ctx, input.organisationId);
  const names = input.memberNames ?? [];
  if (names.length > 0 && names.length !== input.members) throw badRequest('errors.party.namesCountMismatch', { members: input.members, names: names.length });
  if (new Set(names).size !== names.length) throw badRequest('errors.party.nameTwice');
  const organisationId = org.partyOrgId ?? org.enterpriseId!;
  const taken = await ctx.trx
    .updateTable('duty_shifts')
    .set((eb) => ({ booked: eb('booked', '+', input.members) }))
    .where('id', '=', shift.id)
    .where('status', '=', 'open')
    .where('starts_at', '>', sql<string>`now()`)
    .where(sql<boolean>`booked + ${input.members} <= places`)
    .returning(['booked', 'places'])
    .executeTakeFirst();
  const twice = async () =>
    (await ctx.trx.selectFrom('duty_sign_ups').select('id').where('shift_id', '=', shift.id).where('organisation_id', '=', organisationId).where('status', '<>', 'cancelled').executeTakeFirst()) !== undefined;
  if (!taken) {
    // Why not: read the shift as it is now (after the batches that took the places).
    const now = await ctx.trx.selectFrom('duty_shifts').select(['status', 'starts_at', 'places', 'booked']).where('id', '=', shift.id).executeTakeFirstOrThrow();
    refuse(
      signUpRefusal({ now: new Date(), startsAt: new Date(now.starts_at), shiftStatus: now.status, places: now.places, booked: now.booked, members: input.members, alreadySignedUp: await twice() }) ?? {
        key: 'errors.party.shiftInPast',
      },
      'CONFLICT',
    );
  }
  if (await twice()) refuse({ key: 'errors.party.alreadySignedUp' }, 'CONFLICT');
  const row = await ctx.trx
    .insertInto('duty_sign_ups')
    .values({
      tenant_id: ctx.tenantId,
      shift_id: shift.id,
      party_org_id: org.partyOrgId,
      enterprise_id: org.enterpriseId,
      members: input.members,
      member_names: names,
      signed_up_by: ctx.actor.userId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await planSignUps(ctx, [row.id], { created: true });
  await planShifts(ctx, [shift.id]);
  return { id: row.id, left: taken!.places - taken!.booked };
}

/** A batch with its shift, for the desk (its station's) or its enterprise's admin; else NOT_FOUND. Locked. */
async function requireSignUp(ctx: TenantContext, signUpId: string) {
  const b = await ctx.trx
    .selectFrom('duty_sign_ups as b')
    .innerJoin('duty_shifts as s', (j) => j.onRef('s.tenant_id', '=', 'b.tenant_id').onRef('s.id', '=', 'b.shift_id'))
    .innerJoin('service_posts as p', (j) => j.onRef('p.tenant_id', '=', 's.tenant_id').onRef('p.id', '=', 's.post_id'))
    .innerJoin('party_organisations as o', (j) => j.onRef('o.tenant_id', '=', 'b.tenant_id').onRef('o.id', '=', 'b.organisation_id'))
    .select(['b.id', 'b.shift_id', 'b.status', 'b.members', 'b.enterprise_id', 's.starts_at', 's.ends_at', 'p.station_id', 'p.name as post_name', 'o.name as org_name'])
    .where('b.id', '=', signUpId)
    .forUpdate('b')
    .executeTakeFirst();
  if (!b) throw notFound('errors.party.signUpNotFound');
  if (ctx.actor.scope.kind === 'enterprise') {
    if (b.enterprise_id !== ctx.actor.scope.enterpriseId) throw notFound('errors.party.signUpNotFound');
  } else {
    requireDeskStation(ctx, b.station_id, 'errors.party.signUpNotFound');
  }
  return b;
}

/** dutyShift.cancel: a batch withdrawn, its places freed (an enterprise admin: its own, before the shift starts). */
export async function cancelSignUp(ctx: TenantContext, input: CancelSignUpInput): Promise<Ok> {
  const b = await requireSignUp(ctx, input.signUpId);
  refuse(cancelRefusal({ status: b.status, now: new Date(), startsAt: new Date(b.starts_at), byStaff: ctx.actor.scope.kind !== 'enterprise' }), 'CONFLICT');
  await ctx.trx.updateTable('duty_sign_ups').set({ status: 'cancelled', cancelled_at: new Date(), cancelled_by: ctx.actor.userId }).where('id', '=', b.id).execute();
  await ctx.trx
    .updateTable('duty_shifts')
    .set((eb) => ({ booked: eb('booked', '-', b.members) }))
    .where('id', '=', b.shift_id)
    .execute();
  await planSignUps(ctx, [b.id]);
  await planShifts(ctx, [b.shift_id]);
  return ok;
}

async function attend(ctx: TenantContext, b: Awaited<ReturnType<typeof requireSignUp>>, step: 'in' | 'out', via: AttendanceWay): Promise<AttendanceOutput> {
  const now = new Date();
  const times = { startsAt: new Date(b.starts_at), endsAt: new Date(b.ends_at) };
  if (step === 'in') refuse(checkInRefusal({ status: b.status, via, now, ...times }), 'CONFLICT');
  else refuse(checkOutRefusal({ status: b.status, via, now, endsAt: times.endsAt }), 'CONFLICT');
  const row = await ctx.trx
    .updateTable('duty_sign_ups')
    .set(
      step === 'in'
        ? { status: 'checked_in', checked_in_at: now, checked_in_by: ctx.actor.userId, checked_in_via: via }
        : { status: 'checked_out', checked_out_at: now, checked_out_by: ctx.actor.userId, checked_out_via: via },
    )
    .where('id', '=', b.id)
    .returning('status')
    .executeTakeFirstOrThrow();
  // Checked in: the day-before reminder has nothing left to say.
  await planSignUps(ctx, [b.id]);
  return { signUpId: b.id, status: row.status, organisationName: b.org_name, postName: b.post_name };
}

function requireConfirmingDesk(ctx: TenantContext) {
  if (ctx.actor.scope.kind === 'enterprise') throw forbidden('errors.party.staffConfirm');
}

/** dutyShift.checkIn: staff confirm a batch has come (from an hour before the shift; afterwards too, recorded late). */
export async function checkInSignUp(ctx: TenantContext, input: ConfirmAttendanceInput): Promise<AttendanceOutput> {
  requireConfirmingDesk(ctx);
  return attend(ctx, await requireSignUp(ctx, input.signUpId), 'in', 'staff');
}

/** dutyShift.checkOut: staff confirm a batch has left. */
export async function checkOutSignUp(ctx: TenantContext, input: ConfirmAttendanceInput): Promise<AttendanceOutput> {
  requireConfirmingDesk(ctx);
  return attend(ctx, await requireSignUp(ctx, input.signUpId), 'out', 'staff');
}

/** dutyShift.recordServed: person-times served on a shift per service the post offers (once the shift has begun). */
export async function recordServed(ctx: TenantContext, input: RecordServedInput): Promise<{ total: number }> {
  requireDesk(ctx);
  const shift = await requireShift(ctx, input.id, { lock: true });
  if (shift.status === 'cancelled') throw badRequest('errors.party.shiftCancelled');
  if (Date.now() < new Date(shift.starts_at).getTime()) throw badRequest('errors.party.servedBeforeShift');
  refuse(servedRefusal(input.served, shift.services));
  const now = new Date();
  await ctx.trx
    .insertInto('duty_shift_served')
    .values(input.served.map((e) => ({ tenant_id: ctx.tenantId, shift_id: shift.id, service: e.service, served: e.count, recorded_by: ctx.actor.userId, recorded_at: now })))
    .onConflict((oc) => oc.columns(['tenant_id', 'shift_id', 'service']).doUpdateSet((eb) => ({ served: eb.ref('excluded.served'), recorded_by: eb.ref('excluded.recorded_by'), recorded_at: eb.ref('excluded.recorded_at') })))
    .execute();
  const total = await ctx.trx.selectFrom('duty_shift_served').select((eb) => eb.fn.sum<string>('served').as('n')).where('shift_id', '=', shift.id).executeTakeFirstOrThrow();
  return { total: Number(total.n ?? 0) };
}

// ───────────────────────────── check-in by code ─────────────────────────────

/** The post a code names (a post's code only; an activity's is not for a duty shift). */
async function postOfCode(ctx: TenantContext, code: string) {
  const resolved = await resolveCheckInCode(ctx, code);
  if (resolved.subjectKind !== 'service_post') throw badRequest('errors.party.codeNotForPost');
  const post = await ctx.trx.selectFrom('service_posts').select(['id', 'name', 'location', 'active']).where('id', '=', resolved.subjectId).executeTakeFirst();
  if (!post || !post.active) throw badRequest('errors.party.checkInCodeUnknown');
  return { post, expiresAt: resolved.expiresAt };
}

/** The post's shift on now: from an hour before it starts to two hours after it ends, the earliest. */
function onNow(ctx: TenantContext, postId: string) {
  return ctx.trx
    .selectFrom('duty_shifts as s')
    .where('s.post_id', '=', postId)
    .where('s.status', '=', 'open')
    .where('s.starts_at', '<=', sql<string>`now() + make_interval(mins => ${CHECK_IN_EARLY_MINUTES})`)
    .where('s.ends_at', '>=', sql<string>`now() - make_interval(mins => ${CHECK_OUT_LATE_MINUTES})`);
}

/** The member's own branch's batch on the post's shift on now. */
async function ownBatchOnNow(ctx: TenantContext, postId: string) {
  if (ctx.actor.scope.kind !== 'enterprise') throw forbidden('errors.party.staffConfirm');
  const found = await onNow(ctx, postId)
    .innerJoin('duty_sign_ups as b', (j) => j.onRef('b.tenant_id', '=', 's.tenant_id').onRef('b.shift_id', '=', 's.id'))
    .select('b.id')
    .where('b.enterprise_id', '=', ctx.actor.scope.enterpriseId)
    .where('b.status', '<>', 'cancelled')
    .orderBy('s.starts_at')
    .executeTakeFirst();
  if (!found) throw badRequest('errors.party.noBatchOnNow');
  return requireSignUp(ctx, found.id);
}

/** dutyShift.scan: what the code at a post opens for the signed-in member now; writes nothing. */
export async function scanCheckInCode(ctx: TenantContext, input: ScanCheckInCodeInput): Promise<ScanCheckInCode> {
  const { post, expiresAt } = await postOfCode(ctx, input.code);
  const shift = await onNow(ctx, post.id).select(['s.id', 's.starts_at', 's.ends_at']).orderBy('s.starts_at').executeTakeFirst();
  let signUp: ScanCheckInCode['signUp'] = null;
  let step: ScanCheckInCode['step'] = null;
  if (ctx.actor.scope.kind === 'enterprise' && shift) {
    const b = await ctx.trx
      .selectFrom('duty_sign_ups as b')
      .innerJoin('duty_shifts as s', (j) => j.onRef('s.tenant_id', '=', 'b.tenant_id').onRef('s.id', '=', 'b.shift_id'))
      .innerJoin('party_organisations as o', (j) => j.onRef('o.tenant_id', '=', 'b.tenant_id').onRef('o.id', '=', 'b.organisation_id'))
      .select(['b.id', 'b.members', 'b.status', 'o.name', 's.starts_at', 's.ends_at'])
      .where('b.enterprise_id', '=', ctx.actor.scope.enterpriseId)
      .where('b.status', '<>', 'cancelled')
      .where('s.post_id', '=', post.id)
      // Two shifts may be on at once at a post (overlapping turns): the member's batch is on either.
      .where('s.id', 'in', onNow(ctx, post.id).select('s.id'))
      .orderBy('s.starts_at')
      .executeTakeFirst();
    if (b) {
      signUp = { id: b.id, organisationName: b.name, members: b.members, status: b.status };
      const now = new Date();
      const times = { startsAt: new Date(b.starts_at), endsAt: new Date(b.ends_at) };
      if (!checkInRefusal({ status: b.status, via: 'code', now, ...times })) step = 'check_in';
      else if (!checkOutRefusal({ status: b.status, via: 'code', now, endsAt: times.endsAt })) step = 'check_out';
    }
  }
  return {
    post: { id: post.id, name: post.name, location: post.location },
    expiresAt,
    shift: shift ? { id: shift.id, startsAt: shift.starts_at, endsAt: shift.ends_at } : null,
    signUp,
    step,
  };
}

/** dutyShift.checkInByCode: the volunteer's batch checked in by scanning the post's code. */
export async function checkInByCode(ctx: TenantContext, input: AttendanceByCodeInput): Promise<AttendanceOutput> {
  const { post } = await postOfCode(ctx, input.code);
  return attend(ctx, await ownBatchOnNow(ctx, post.id), 'in', 'code');
}

/** dutyShift.checkOutByCode: the same, checking out. */
export async function checkOutByCode(ctx: TenantContext, input: AttendanceByCodeInput): Promise<AttendanceOutput> {
  const { post } = await postOfCode(ctx, input.code);
  return attend(ctx, await ownBatchOnNow(ctx, post.id), 'out', 'code');
}
