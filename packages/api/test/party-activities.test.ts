import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiDeps, error, keyOf, makeMember, makeTenant, openTestDb, signedIn, testStorage, uid, type Client, type TestTenant } from '@stationdesk/test-utils';
import { openFile, uploadFile } from '@stationdesk/services';
import { seedDemoPartyActivities, withTenant } from '@stationdesk/db';
import sharp from 'sharp';

/**
 * 党群活动 (issue 20): activities the desk organises and the people enterprise admins sign up —
 * exactly `capacity` confirmed under a burst, the waitlist in arrival order and promoted on a
 * cancellation, the window, the same phone twice, capacity below the confirmed, the audience,
 * phones masked for the desk and each enterprise seeing only its own people.
 */
let t: ReturnType<typeof openTestDb>;
let tenant: TestTenant;
let foreign: TestTenant;
let manager: Client;
let staff: Client; // station 0
let staffOther: Client; // station 1
let admin0: Client; // enterprise 0, station 0
let admin1: Client; // enterprise 1, station 0
let admin2: Client; // enterprise 2, station 1
let foreignAdmin: Client;
let managerId: string;
let admin0Id: string;
let admin1Id: string;

const q = async <T = Record<string, unknown>>(text: string, params: unknown[] = []) => (await t.owner.pool.query(text, params)).rows as T[];
const minutes = (n: number) => new Date(Date.now() + n * 60_000).toISOString();
const phone = (i: number) => `139${String(10_000_000 + i).padStart(8, '0')}`;

function activity(extra: Record<string, unknown> = {}) {
  return {
    stationId: tenant.stations[0]!.id,
    title: `企业沙龙 ${uid()}`,
    kind: 'enterprise_salon' as const,
    startsAt: minutes(3 * 24 * 60),
    endsAt: minutes(3 * 24 * 60 + 120),
    place: '虹桥商务区党群服务中心 3 楼',
    capacity: 50,
    audience: 'tenant' as const,
    signUpOpensAt: minutes(-60),
    signUpClosesAt: minutes(2 * 24 * 60),
    cancelDeadline: minutes(2 * 24 * 60),
    description: '跨境电商政策与实务交流。',
    ...extra,
  };
}

async function published(extra: Record<string, unknown> = {}) {
  const { id } = await staff.call((api) => api.activity.create(activity(extra)));
  await staff.call((api) => api.activity.publish({ id, version: 1 }));
  return id;
}

const person = (i: number, name = `参加人${i}`) => ({ name, phone: phone(i), partyMember: i % 2 === 0 });

beforeAll(async () => {
  t = openTestDb();
  tenant = await makeTenant(t.owner);
  foreign = await makeTenant(t.owner);
  const deps = apiDeps(t.db);
  const m = await makeMember(t.owner, tenant, 'manager');
  managerId = m.id;
  manager = await signedIn(deps, m.email);
  staff = await signedIn(deps, (await makeMember(t.owner, tenant, 'staff', { stationIndexes: [0] })).email);
  staffOther = await signedIn(deps, (await makeMember(t.owner, tenant, 'staff', { stationIndexes: [1] })).email);
  const a0 = await makeMember(t.owner, tenant, 'enterprise_admin', { enterpriseIndex: 0 });
  const a1 = await makeMember(t.owner, tenant, 'enterprise_admin', { enterpriseIndex: 1 });
  admin0Id = a0.id;
  admin1Id = a1.id;
  admin0 = await signedIn(deps, a0.email);
  admin1 = await signedIn(deps, a1.email);
  admin2 = await signedIn(deps, (await makeMember(t.owner, tenant, 'enterprise_admin', { enterpriseIndex: 2 })).email);
  foreignAdmin = await signedIn(deps, (await makeMember(t.owner, foreign, 'enterprise_admin', { enterpriseIndex: 0 })).email);
});

afterAll(() => t.close());

describe('a burst of sign-ups', () => {
  it('60 simultaneous sign-ups for 50 places: exactly 50 confirmed, 10 waitlisted in arrival order, each told its position', async () => {
    const id = await published();
    const answers = await Promise.all(Array.from({ length: 60 }, (_, i) => (i % 2 ? admin1 : admin0).call((api) => api.activity.signUp({ id, participants: [person(i)] }))));
    const statuses = answers.map((a) => a.participants[0]!.status);
    expect(statuses.filter((s) => s === 'confirmed')).toHaveLength(50);
    expect(statuses.filter((s) => s === 'waitlisted')).toHaveLength(10);
    const positions = answers.filter((a) => a.waitlisted === 1).map((a) => a.participants[0]!.waitlistPosition);
    expect([...positions].sort((x, y) => x! - y!)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    // Waitlisted in arrival order: the positions answered follow the order the rows were written.
    const rows = await q<{ id: string; status: string }>(`select id, status from activity_participants where activity_id = $1 order by seq`, [id]);
    expect(rows.slice(0, 50).every((r) => r.status === 'confirmed')).toBe(true);
    const waitIds = rows.slice(50).map((r) => r.id);
    const answeredOrder = answers
      .filter((a) => a.waitlisted === 1)
      .sort((x, y) => x.participants[0]!.waitlistPosition! - y.participants[0]!.waitlistPosition!)
      .map((a) => a.participants[0]!.id);
    expect(answeredOrder).toEqual(waitIds);
    expect((await q<{ confirmed: number }>(`select confirmed from party_activities where id = $1`, [id]))[0]!.confirmed).toBe(50);

    // A cancellation promotes the first waitlisted at once, and its enterprise hears of it.
    const first = waitIds[0]!;
    const firstEnterprise = (await q<{ enterprise_id: string }>(`select enterprise_id from activity_participants where id = $1`, [first]))[0]!.enterprise_id;
    const firstAdmin = firstEnterprise === tenant.enterpriseIds[0] ? admin0Id : admin1Id;
    const confirmedOfAdmin0 = rows.find((r) => r.status === 'confirmed' && answers.some((a) => a.participants[0]!.id === r.id && a.participants[0]!.enterpriseId === tenant.enterpriseIds[0]))!;
    const inboxBefore = Number((await q<{ n: string }>(`select count(*) as n from notifications where user_id = $1 and kind = 'activity_promoted'`, [firstAdmin]))[0]!.n);
    const cancelled = await admin0.call((api) => api.activity.cancelSignUp({ participantId: confirmedOfAdmin0.id }));
    expect(cancelled).toEqual({ id: confirmedOfAdmin0.id, status: 'cancelled', promotedId: first });
    const after = await q<{ id: string; status: string }>(`select id, status from activity_participants where id = any($1)`, [[first, waitIds[1]]]);
    expect(Object.fromEntries(after.map((r) => [r.id, r.status]))).toEqual({ [first]: 'confirmed', [waitIds[1]!]: 'waitlisted' });
    expect((await q<{ confirmed: number }>(`select confirmed from party_activities where id = $1`, [id]))[0]!.confirmed).toBe(50);
    expect(Number((await q<{ n: string }>(`select count(*) as n from notifications where user_id = $1 and kind = 'activity_promoted'`, [firstAdmin]))[0]!.n)).toBe(inboxBefore + 1);
    // The one who moved up sees it; the next in line is now first.
    const mine = await (firstAdmin === admin0Id ? admin0 : admin1).call((api) => api.activity.participants({ id }));
    expect(mine.participants.find((p) => p.id === first)!.status).toBe('confirmed');
    const next = await (rows.find((r) => r.id === waitIds[1]) && (await q<{ enterprise_id: string }>(`select enterprise_id from activity_participants where id = $1`, [waitIds[1]]))[0]!.enterprise_id === tenant.enterpriseIds[0] ? admin0 : admin1).call((api) =>
      api.activity.participants({ id }),
    );
    expect(next.participants.find((p) => p.id === waitIds[1])!.waitlistPosition).toBe(1);

    // A capacity below the confirmed is refused with their count; raised, the waitlist moves up.
    const got = await staff.call((api) => api.activity.get({ id }));
    const low = await error(staff.call((api) => api.activity.update({ id, version: got.version, capacity: 40 })));
    expect(keyOf(low)).toBe('errors.activity.capacityBelowConfirmed');
    expect((low.cause as { params?: Record<string, unknown> }).params).toEqual({ confirmed: 50 });
    expect((await q<{ capacity: number }>(`select capacity from party_activities where id = $1`, [id]))[0]!.capacity).toBe(50);
    const raised = await staff.call((api) => api.activity.update({ id, version: got.version, capacity: 52 }));
    expect(raised).toMatchObject({ capacity: 52, confirmed: 52 });
    expect(Number((await q<{ n: string }>(`select count(*) as n from activity_participants where activity_id = $1 and status = 'waitlisted'`, [id]))[0]!.n)).toBe(7);
  });

  it('the same person sent by two enterprises at once: one sign-up stands, the other is refused by name', async () => {
    const id = await published({ capacity: 5 });
    const same = person(900, '同一人');
    const answers = await Promise.allSettled([admin0, admin1, admin0, admin1].map((c, i) => c.call((api) => api.activity.signUp({ id, participants: [i < 2 ? same : person(901 + i)] }))));
    const refused = answers.filter((a) => a.status === 'rejected');
    expect(refused).toHaveLength(1);
    expect(keyOf((refused[0] as PromiseRejectedResult).reason)).toBe('errors.activity.alreadySignedUp');
    expect(((refused[0] as PromiseRejectedResult).reason.cause as { params?: { name?: string } }).params?.name).toBe('同一人');
    expect((await q<{ n: number }>(`select count(*)::int as n from activity_participants where activity_id = $1 and phone_digits = $2`, [id, same.phone]))[0]!.n).toBe(1);
    expect((await q<{ confirmed: number }>(`select confirmed from party_activities where id = $1`, [id]))[0]!.confirmed).toBe(3);
  });
});

describe('editing after creation', () => {
  it('moves the times and the audience; the enterprises with confirmed people are told of the new time', async () => {
    const id = await published();
    await admin0.call((api) => api.activity.signUp({ id, participants: [person(700)] }));
    const inbox = async (userId: string) => Number((await q<{ n: string }>(`select count(*) as n from notifications where user_id = $1 and kind = 'activity_rescheduled'`, [userId]))[0]!.n);
    const [before0, before1] = [await inbox(admin0Id), await inbox(admin1Id)];
    const got = await staff.call((api) => api.activity.get({ id }));
    // The audience alone: nobody is told.
    const v2 = await staff.call((api) => api.activity.update({ id, version: got.version, audience: 'station', audienceStationId: tenant.stations[0]!.id }));
    expect(await inbox(admin0Id)).toBe(before0);
    const startsAt = minutes(4 * 24 * 60);
    const endsAt = minutes(4 * 24 * 60 + 90);
    await staff.call((api) => api.activity.update({ id, version: v2.version, startsAt, endsAt }));
    const [row] = await q<{ starts_at: Date; ends_at: Date; audience: string; audience_station_id: string }>(`select starts_at, ends_at, audience, audience_station_id from party_activities where id = $1`, [id]);
    expect([new Date(row!.starts_at).toISOString(), new Date(row!.ends_at).toISOString(), row!.audience, row!.audience_station_id]).toEqual([startsAt, endsAt, 'station', tenant.stations[0]!.id]);
    expect(await inbox(admin0Id)).toBe(before0 + 1);
    expect(await inbox(admin1Id)).toBe(before1);
    const [note] = await q<{ title: string; body: string }>(`select title, body from notifications where user_id = $1 and kind = 'activity_rescheduled' order by created_at desc limit 1`, [admin0Id]);
    expect(note!.title).toMatch(/^活动时间调整：/);
    expect(note!.body).toContain(' 至 ');
  });
});

describe('refusals, nothing written', () => {
  it('outside the window, the same phone twice, an enterprise outside the audience, a draft', async () => {
    const later = await published({ signUpOpensAt: minutes(60), signUpClosesAt: minutes(2 * 24 * 60) });
    expect(keyOf(await error(admin0.call((api) => api.activity.signUp({ id: later, participants: [person(1)] }))))).toBe('errors.activity.signUpNotOpen');
    const closed = await published();
    await q(`update party_activities set sign_up_opens_at = now() - interval '2 days', sign_up_closes_at = now() - interval '1 minute' where id = $1`, [closed]);
    expect(keyOf(await error(admin0.call((api) => api.activity.signUp({ id: closed, participants: [person(1)] }))))).toBe('errors.activity.signUpClosed');

    const id = await published();
    await admin0.call((api) => api.activity.signUp({ id, participants: [person(1, '王芳')] }));
    // Another enterprise signing up the same number, written differently.
    const twice = await error(admin1.call((api) => api.activity.signUp({ id, participants: [person(2), { name: '王芳', phone: '139 1000-0001', partyMember: true }] })));
    expect(keyOf(twice)).toBe('errors.activity.alreadySignedUp');
    expect(keyOf(await error(admin1.call((api) => api.activity.signUp({ id, participants: [person(3), person(3)] }))))).toBe('errors.activity.duplicatePhone');
    expect(Number((await q<{ n: string }>(`select count(*) as n from activity_participants where activity_id = $1`, [id]))[0]!.n)).toBe(1);

    // Audience: a station's enterprises only — enterprise 2 is at station 1.
    const forStation0 = await published({ audience: 'station', audienceStationId: tenant.stations[0]!.id });
    expect(keyOf(await error(admin2.call((api) => api.activity.signUp({ id: forStation0, participants: [person(4)] }))))).toBe('errors.activity.notInAudience');
    expect((await admin2.call((api) => api.activity.list())).activities.map((a) => a.id)).not.toContain(forStation0);
    expect((await admin0.call((api) => api.activity.list())).activities.map((a) => a.id)).toContain(forStation0);
    // Tagged enterprises only.
    const [tag] = await q<{ id: string }>(`insert into tags (tenant_id, name) values ($1, '两新组织${uid()}') returning id`, [tenant.tenantId]);
    await q(`insert into enterprise_tags (tenant_id, enterprise_id, tag_id) values ($1, $2, $3)`, [tenant.tenantId, tenant.enterpriseIds[2], tag!.id]);
    const tagged = await published({ audience: 'tag', audienceTagId: tag!.id });
    expect(keyOf(await error(admin0.call((api) => api.activity.signUp({ id: tagged, participants: [person(5)] }))))).toBe('errors.activity.notInAudience');
    expect((await admin2.call((api) => api.activity.signUp({ id: tagged, participants: [person(5)] }))).confirmed).toBe(1);

    // A draft is not there for enterprises; another tenant's activity is not found.
    const { id: draft } = await staff.call((api) => api.activity.create(activity()));
    expect(keyOf(await error(admin0.call((api) => api.activity.signUp({ id: draft, participants: [person(6)] }))))).toBe('errors.activity.notFound');
    expect(keyOf(await error(foreignAdmin.call((api) => api.activity.signUp({ id, participants: [person(7)] }))))).toBe('errors.activity.notFound');
    expect(keyOf(await error(staffOther.call((api) => api.activity.get({ id }))))).toBe('errors.activity.notFound');
    // Enterprise admins do not organise.
    expect((await error(admin0.call((api) => api.activity.create(activity())))).code).toBe('FORBIDDEN');
  });

  it('cancellation after the deadline is refused; a bad schedule or a place-less activity too', async () => {
    const id = await published();
    const { participants } = await admin0.call((api) => api.activity.signUp({ id, participants: [person(11)] }));
    await q(`update party_activities set cancel_deadline = now() - interval '1 minute' where id = $1`, [id]);
    expect(keyOf(await error(admin0.call((api) => api.activity.cancelSignUp({ participantId: participants[0]!.id }))))).toBe('errors.activity.cancelDeadlinePassed');
    // Another enterprise cannot touch it.
    expect(keyOf(await error(admin1.call((api) => api.activity.cancelSignUp({ participantId: participants[0]!.id }))))).toBe('errors.activity.participantNotFound');
    expect(keyOf(await error(staff.call((api) => api.activity.create(activity({ endsAt: minutes(60) })))))).toBe('errors.activity.endsBeforeStart');
    expect(keyOf(await error(staff.call((api) => api.activity.create(activity({ place: null })))))).toBe('errors.activity.placeRequired');
  });

  it('a poster must be an image by its content', async () => {
    const storage = testStorage();
    const ctx = (trx: Parameters<Parameters<typeof withTenant>[2]>[0]) => ({
      trx,
      tenantId: tenant.tenantId,
      timezone: 'Asia/Shanghai',
      actor: { userId: managerId, role: 'manager' as const, membershipId: null, scope: { kind: 'tenant' as const }, ip: null },
    });
    const pdf = await withTenant(t.db, tenant.tenantId, (trx) =>
      uploadFile(ctx(trx), { storage }, { purpose: 'attachment', fileName: 'poster.png', data: Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n') }),
    );
    expect(keyOf(await error(manager.call((api) => api.activity.create(activity({ posterFileId: pdf.id })))))).toBe('errors.activity.posterNotImage');
    const png = await sharp({ create: { width: 40, height: 60, channels: 3, background: '#c8102e' } }).png().toBuffer();
    const image = await withTenant(t.db, tenant.tenantId, (trx) => uploadFile(ctx(trx), { storage }, { purpose: 'attachment', fileName: 'poster.png', data: png }));
    const made = await manager.call((api) => api.activity.create(activity({ posterFileId: image.id })));
    expect((await manager.call((api) => api.activity.get({ id: made.id }))).posterFileId).toBe(image.id);
  });

  it('shows the poster to whoever sees the activity: its station’s desk, and once published the enterprises of its audience', async () => {
    const storage = testStorage();
    type Trx = Parameters<Parameters<typeof withTenant>[2]>[0];
    const as = (actor: Record<string, unknown>) => (trx: Trx) => ({ trx, tenantId: tenant.tenantId, timezone: 'Asia/Shanghai', actor: { membershipId: null, ip: null, ...actor } as never });
    const managerCtx = as({ userId: managerId, role: 'manager', scope: { kind: 'tenant' } });
    const staffCtx = (station: number) => as({ userId: crypto.randomUUID(), role: 'staff', scope: { kind: 'stations', stationIds: [tenant.stations[station]!.id] } });
    const adminCtx = (userId: string, e: number) => as({ userId, role: 'enterprise_admin', scope: { kind: 'enterprise', enterpriseId: tenant.enterpriseIds[e]! } });
    const opens = async (ctx: (trx: Trx) => ReturnType<ReturnType<typeof as>>, fileId: string) =>
      withTenant(t.db, tenant.tenantId, async (trx) => {
        try {
          (await openFile(ctx(trx), { storage }, fileId)).stream.destroy();
          return true;
        } catch (e) {
          if ((e as { messageKey?: string }).messageKey === 'errors.file.notFound') return false;
          throw e;
        }
      });
    const png = await sharp({ create: { width: 30, height: 40, channels: 3, background: '#ffd700' } }).png().toBuffer();
    const poster = await withTenant(t.db, tenant.tenantId, (trx) => uploadFile(managerCtx(trx), { storage }, { purpose: 'attachment', fileName: '海报.png', data: png }));
    // Audience: the enterprises of station 0 (enterprises 0 and 1; enterprise 2 is at station 1).
    const { id } = await staff.call((api) => api.activity.create(activity({ posterFileId: poster.id, audience: 'station', audienceStationId: tenant.stations[0]!.id })));
    expect(await opens(staffCtx(0), poster.id)).toBe(true);
    expect(await opens(staffCtx(1), poster.id)).toBe(false);
    // A draft's poster is not the enterprises' yet.
    expect(await opens(adminCtx(admin0Id, 0), poster.id)).toBe(false);
    await staff.call((api) => api.activity.publish({ id, version: 1 }));
    expect(await opens(adminCtx(admin0Id, 0), poster.id)).toBe(true);
    expect(await opens(adminCtx(crypto.randomUUID(), 2), poster.id)).toBe(false);
    // Replaced by a PDF on the edit: refused, nothing written; removed: gone from the activity.
    const pdf = await withTenant(t.db, tenant.tenantId, (trx) =>
      uploadFile(managerCtx(trx), { storage }, { purpose: 'attachment', fileName: '海报.pdf', data: Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n') }),
    );
    expect(keyOf(await error(staff.call((api) => api.activity.update({ id, version: 2, posterFileId: pdf.id }))))).toBe('errors.activity.posterNotImage');
    expect((await staff.call((api) => api.activity.get({ id }))).posterFileId).toBe(poster.id);
    await staff.call((api) => api.activity.update({ id, version: 2, posterFileId: null }));
    const [row] = await q<{ poster_file_id: string | null; version: number }>(`select poster_file_id, version from party_activities where id = $1`, [id]);
    expect(row).toEqual({ poster_file_id: null, version: 3 });
  });
});

describe('privacy and attendance', () => {
  it('each enterprise sees only its own people; the desk sees phones masked and a manager reveals one, audited', async () => {
    const id = await published();
    await admin0.call((api) => api.activity.signUp({ id, participants: [person(21, '李明'), person(22, '赵丽')] }));
    await admin1.call((api) => api.activity.signUp({ id, participants: [person(23, '孙强')] }));
    const own0 = await admin0.call((api) => api.activity.participants({ id }));
    expect(own0.participants.map((p) => p.name)).toEqual(['李明', '赵丽']);
    expect(own0.participants[0]!.phone).toBe(phone(21));
    const own1 = await admin1.call((api) => api.activity.participants({ id }));
    expect(own1.participants.map((p) => p.name)).toEqual(['孙强']);
    expect((await admin1.call((api) => api.activity.list())).activities.find((a) => a.id === id)!.mine).toEqual({ confirmed: 1, waitlisted: 0 });

    const desk = await staff.call((api) => api.activity.participants({ id }));
    expect(desk.participants).toHaveLength(3);
    expect(desk.participants.every((p) => p.phoneMasked && /^\d{3}\*{4}\d{4}$/.test(p.phone))).toBe(true);
    expect(JSON.stringify(desk)).not.toContain(phone(21));
    const who = desk.participants[0]!;
    expect((await error(staff.call((api) => api.activity.revealPhone({ participantId: who.id, reason: '核实联系方式' })))).code).toBe('FORBIDDEN');
    expect(await manager.call((api) => api.activity.revealPhone({ participantId: who.id, reason: '核实联系方式' }))).toEqual({ id: who.id, phone: phone(21) });
    const audits = await q<{ action: string }>(`select action from audit_log where subject_id = $1 order by at`, [who.id]);
    expect(audits.map((a) => a.action)).toEqual(['activity.revealRefused', 'activity.phoneRevealed']);
  });

  it('attendance by staff and by the activity QR code, feedback after, and the enterprise timeline', async () => {
    const id = await published({ startsAt: minutes(30), endsAt: minutes(150), signUpClosesAt: minutes(20), cancelDeadline: minutes(10) });
    const { participants } = await admin0.call((api) => api.activity.signUp({ id, participants: [person(31, '陈静'), person(32, '刘洋')] }));
    const other = await admin1.call((api) => api.activity.signUp({ id, participants: [person(33)] }));
    expect(await staff.call((api) => api.activity.checkIn({ participantIds: [participants[0]!.id] }))).toEqual({ updated: 1 });
    const code = await staff.call((api) => api.activity.checkInCode({ id }));
    expect(code.path).toBe(`/portal/activities/check-in/${code.token}`);
    // The code names the activity; an enterprise checks in only its own people.
    expect(keyOf(await error(admin0.call((api) => api.activity.checkInByCode({ code: code.token, participantIds: [other.participants[0]!.id] }))))).toBe('errors.activity.participantNotFound');
    const scanned = await admin0.call((api) => api.activity.scan({ code: code.token }));
    expect(scanned).toMatchObject({ activityId: id });
    expect(scanned.participants.map((p) => p.name)).toEqual(['陈静', '刘洋']);
    expect(await admin0.call((api) => api.activity.checkInByCode({ code: code.token, participantIds: [participants[1]!.id] }))).toEqual({ activityId: id, updated: 1 });
    expect(keyOf(await error(foreignAdmin.call((api) => api.activity.checkInByCode({ code: code.token, participantIds: [participants[1]!.id] }))))).toBe('errors.party.checkInCodeUnknown');
    const marks = await q<{ checked_in_via: string }>(`select checked_in_via from activity_participants where id = any($1) order by seq`, [[participants[0]!.id, participants[1]!.id]]);
    expect(marks.map((m) => m.checked_in_via)).toEqual(['staff', 'code']);

    expect(keyOf(await error(admin0.call((api) => api.activity.feedback({ id, rating: 5 }))))).toBe('errors.activity.feedbackTooEarly');
    await q(`update party_activities set starts_at = now() - interval '2 hours', ends_at = now() - interval '1 hour', sign_up_closes_at = now() - interval '3 hours', sign_up_opens_at = now() - interval '4 hours', cancel_deadline = now() - interval '3 hours' where id = $1`, [id]);
    expect(await admin0.call((api) => api.activity.feedback({ id, rating: 4, comment: '内容实用' }))).toEqual({ ok: true });
    expect(keyOf(await error(admin2.call((api) => api.activity.feedback({ id, rating: 1 }))))).toBe('errors.activity.feedbackNotParticipant');
    const got = await staff.call((api) => api.activity.get({ id }));
    expect(got).toMatchObject({ attended: 2, confirmed: 3, feedback: { count: 1, average: 4 } });

    const timeline = await admin0.call((api) => api.enterprise.timeline({ enterpriseId: tenant.enterpriseIds[0]! }));
    expect(timeline.items.find((i) => i.kind === 'activity' && i.refId === id)).toMatchObject({ title: 'activity.participated', detail: { participants: 2, attended: 2 } });
  });
});

describe('the demo', () => {
  it('seeds a dozen activities held and coming, with sign-ups within capacity, attendance and ratings', async () => {
    const demo = await makeTenant(t.owner, { name: `党群活动演示${uid()}` });
    const staffUser = await makeMember(t.owner, demo, 'staff', { stationIndexes: [0, 1] });
    const adminUser = await makeMember(t.owner, demo, 'enterprise_admin', { enterpriseIndex: 0 });
    const now = new Date('2026-12-07T04:00:00Z');
    expect(await seedDemoPartyActivities(t.owner, demo.tenantId, { now, organiserId: staffUser.id, enterpriseAdminId: adminUser.id })).toBe(12);
    const rows = await q<{ status: string; held: boolean; capacity: number; confirmed: number; counted: string; waiting: string; attended: string; rated: string }>(
      `select a.status, a.ends_at < $2 as held, a.capacity, a.confirmed,
              (select count(*) from activity_participants p where p.activity_id = a.id and p.status = 'confirmed') as counted,
              (select count(*) from activity_participants p where p.activity_id = a.id and p.status = 'waitlisted') as waiting,
              (select count(*) from activity_participants p where p.activity_id = a.id and p.checked_in_at is not null) as attended,
              (select count(*) from activity_feedback f where f.activity_id = a.id) as rated
         from party_activities a where a.tenant_id = $1 order by a.starts_at`,
      [demo.tenantId, now],
    );
    expect(rows.filter((r) => r.held)).toHaveLength(7);
    expect(rows.filter((r) => !r.held && r.status === 'published')).toHaveLength(3);
    expect(rows.map((r) => r.status).filter((s) => s !== 'published').sort()).toEqual(['cancelled', 'draft']);
    for (const r of rows) {
      expect(Number(r.counted)).toBe(r.confirmed);
      expect(r.confirmed).toBeLessThanOrEqual(r.capacity);
    }
    expect(rows.some((r) => Number(r.waiting) > 0)).toBe(true);
    expect(rows.filter((r) => r.held).every((r) => Number(r.attended) > 0 && Number(r.rated) > 0)).toBe(true);
    // The demo admin sees its own people on activities.
    const deps = apiDeps(t.db);
    const admin = await signedIn(deps, adminUser.email);
    const past = await admin.call((api) => api.activity.list({ when: 'past' }));
    expect(past.activities.some((a) => a.mine && a.mine.confirmed > 0)).toBe(true);
  });
});
