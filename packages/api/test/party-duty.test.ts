import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, localDate } from '@stationdesk/core';
import { withTenant } from '@stationdesk/db';
import { fireReminder, flushInbox, readTable } from '@stationdesk/services';
import { translator } from '@stationdesk/i18n';
import type { TRPCError } from '@trpc/server';
import { apiDeps, error, keyOf, makeMember, makeTenant, openTestDb, signedIn, testStorage, uid, type Client, type TestTenant } from '@stationdesk/test-utils';

/**
 * Party-mass services, organisations and duty (issue 20): the registry (enterprise branches read
 * from 一企一档, contacts masked until revealed and audited), service posts, shifts whose places
 * hold under a burst of parallel sign-ups, batches an enterprise admin signs up for its own
 * branch only, check-in by staff or by the post's expiring QR code, and the duty reminders.
 * Places are counted in members: a batch fits whole or is refused.
 */
const TZ = 'Asia/Shanghai';
let t: ReturnType<typeof openTestDb>;
let tenant: TestTenant;
let other: TestTenant;
let manager: Client;
let staff: Client;
let staffElsewhere: Client;
let admin: Client;
let adminNoBranch: Client;
let foreignManager: Client;
let foreignAdmin: Client;
let today: string;
let station0: string;
let station1: string;
let branchEnterprise: string;
const staffIds = { staff: '' };

/** What the user reads: the refusal translated into Chinese, as the transport does. */
const said = (e: TRPCError) => translator('zh-CN')(keyOf(e)!, (e.cause as { params?: Record<string, string | number> }).params);
const q = async <T = Record<string, unknown>>(text: string, params: unknown[] = []) => (await t.owner.pool.query(text, params)).rows as T[];
const allDay = [0, 1, 2, 3, 4, 5, 6].map((weekday) => ({ weekday, start: '00:00', end: '24:00' }));

async function newOrg(c: Client, overrides: Record<string, unknown> = {}) {
  return c.call((api) =>
    api.partyOrg.create({ type: 'member_unit', name: `虹桥枢纽单位-${uid()}`, contactName: '王建国', contactPhone: '13812345678', members: 12, joinedOn: '2025-03-01', stationId: station0, ...overrides }),
  );
}

async function newPost(c: Client = manager, stationId = station0) {
  return c.call((api) => api.servicePost.create({ stationId, name: `党群先锋服务站-${uid()}`, location: '虹桥枢纽交通中心到达层', openingHours: allDay, services: ['guidance', 'first_aid'] }));
}

/** A shift put straight into the database (times the API would refuse: past, or starting in minutes). */
async function rawShift(postId: string, startsInMinutes: number, minutes = 120, places = 5) {
  const [row] = await q<{ id: string }>(
    `insert into duty_shifts (tenant_id, post_id, shift_date, starts_at, ends_at, places)
     values ($1, $2, (now() + make_interval(mins => $3))::date, now() + make_interval(mins => $3), now() + make_interval(mins => $3 + $4), $5) returning id`,
    [tenant.tenantId, postId, startsInMinutes, minutes, places],
  );
  return row!.id;
}

beforeAll(async () => {
  t = openTestDb();
  tenant = await makeTenant(t.owner);
  other = await makeTenant(t.owner);
  const deps = apiDeps(t.db);
  station0 = tenant.stations[0]!.id;
  station1 = tenant.stations[1]!.id;
  branchEnterprise = tenant.enterpriseIds[0]!;
  await q(`update enterprises set has_party_branch = true, party_branch_name = '测试企业党支部', party_members = 15, party_secretary = '李红梅' where id = $1`, [branchEnterprise]);
  const s = await makeMember(t.owner, tenant, 'staff', { stationIndexes: [0] });
  staffIds.staff = s.id;
  manager = await signedIn(deps, (await makeMember(t.owner, tenant, 'manager')).email);
  staff = await signedIn(deps, s.email);
  staffElsewhere = await signedIn(deps, (await makeMember(t.owner, tenant, 'staff', { stationIndexes: [1] })).email);
  admin = await signedIn(deps, (await makeMember(t.owner, tenant, 'enterprise_admin', { enterpriseIndex: 0 })).email);
  adminNoBranch = await signedIn(deps, (await makeMember(t.owner, tenant, 'enterprise_admin', { enterpriseIndex: 1 })).email);
  foreignManager = await signedIn(deps, (await makeMember(t.owner, other, 'manager')).email);
  foreignAdmin = await signedIn(deps, (await makeMember(t.owner, other, 'enterprise_admin')).email);
  today = localDate(new Date(), TZ);
});
afterAll(() => t.close());

describe('partyOrg: the registry', () => {
  it('creates an organisation and shows its contact masked to every role, with counts per type and station', async () => {
    const { id } = await newOrg(manager, { type: 'two_new', name: '虹桥商务区青年创业园党支部' });
    const list = await staff.call((api) => api.partyOrg.list({ q: '青年创业园' }));
    expect(list.items).toEqual([
      expect.objectContaining({ id, type: 'two_new', source: 'registry', contactName: '王**', contactPhone: '138****5678', members: 12, status: 'active', stationId: station0 }),
    ]);
    const full = await manager.call((api) => api.partyOrg.get({ id }));
    expect(full).toMatchObject({ contactName: '王**', contactPhone: '138****5678' });
    // The enterprise file's branch is in the registry, read from the file.
    const all = await manager.call((api) => api.partyOrg.list());
    const branch = all.items.find((r) => r.id === branchEnterprise);
    expect(branch).toMatchObject({ source: 'enterprise', type: 'enterprise_branch', name: '测试企业党支部', contactName: '李**', members: 15, enterpriseId: branchEnterprise });
    const [sql] = await q<{ type: string; n: number }[]>(
      `select json_object_agg(type, n) as counts from (select type, count(*)::int as n from party_organisations where tenant_id = $1 group by type) x`,
      [tenant.tenantId],
    );
    expect(Object.fromEntries(Object.entries(all.counts.byType).filter(([, n]) => n > 0))).toEqual((sql as unknown as { counts: Record<string, number> }).counts);
    expect(all.counts.byStation.find((s) => s.stationId === station0)!.byType.two_new).toBeGreaterThanOrEqual(1);
    // The file changes: the registry follows without a copy.
    await q(`update enterprises set party_members = 16 where id = $1`, [branchEnterprise]);
    expect((await manager.call((api) => api.partyOrg.get({ id: branchEnterprise }))).members).toBe(16);
  });

  it('reveals a contact to a manager and the station’s staff, audited; refuses (and audits) an enterprise admin', async () => {
    const { id } = await newOrg(manager);
    const shown = await staff.call((api) => api.partyOrg.revealContact({ id, reason: '通知明日站岗' }));
    expect(shown).toEqual({ id, contactName: '王建国', contactPhone: '13812345678' });
    expect(keyOf(await error(admin.call((api) => api.partyOrg.revealContact({ id, reason: '想看看' }))))).toBe('errors.party.revealNotAllowed');
    // Staff of another station do not see the organisation at all.
    expect((await error(staffElsewhere.call((api) => api.partyOrg.revealContact({ id, reason: '想看看' })))).code).toBe('NOT_FOUND');
    const audit = await q<{ action: string }>(`select action from audit_log where subject_type = 'party_org' and subject_id = $1 and action like 'partyOrg.%R%' order by at`, [id]);
    expect(audit.map((a) => a.action)).toEqual(['partyOrg.contactRevealed', 'partyOrg.revealRefused']);
  });

  it('scopes the registry: staff see their stations’, enterprise admins and other tenants nothing', async () => {
    const { id } = await newOrg(manager, { stationId: station1, name: `二站成员单位-${uid()}` });
    expect((await staff.call((api) => api.partyOrg.list())).items.some((r) => r.id === id)).toBe(false);
    expect((await staffElsewhere.call((api) => api.partyOrg.list())).items.some((r) => r.id === id)).toBe(true);
    expect((await error(staff.call((api) => api.partyOrg.get({ id })))).code).toBe('NOT_FOUND');
    expect((await error(admin.call((api) => api.partyOrg.list()))).code).toBe('FORBIDDEN');
    expect((await error(foreignManager.call((api) => api.partyOrg.get({ id })))).code).toBe('NOT_FOUND');
    expect(keyOf(await error(staff.call((api) => api.partyOrg.create({ type: 'community', name: `越权-${uid()}`, stationId: station1 }))))).toBe('errors.party.stationNotFound');
  });

  it('updates with the version it read; refuses a stale one, bad dates, a bad phone, a branch of the enterprise file', async () => {
    const { id } = await newOrg(manager);
    const { version } = await manager.call((api) => api.partyOrg.get({ id }));
    const saved = await manager.call((api) => api.partyOrg.update({ id, version, status: 'left', leftOn: today, members: 20 }));
    expect(saved).toMatchObject({ status: 'left', leftOn: today, members: 20, version: version + 1 });
    expect((await error(manager.call((api) => api.partyOrg.update({ id, version, members: 21 })))).code).toBe('CONFLICT');
    expect(keyOf(await error(manager.call((api) => api.partyOrg.update({ id, version: version + 1, leftOn: '2020-01-01', joinedOn: '2021-01-01' }))))).toBe('errors.party.leftBeforeJoined');
    expect(keyOf(await error(manager.call((api) => api.partyOrg.update({ id, version: version + 1, contactPhone: '12345' }))))).toBe('errors.party.badPhone');
    expect(keyOf(await error(manager.call((api) => api.partyOrg.update({ id: branchEnterprise, version: 1, members: 3 }))))).toBe('errors.party.branchInEnterpriseFile');
    expect(keyOf(await error(manager.call((api) => api.partyOrg.create({ type: 'member_unit', name: saved.name, stationId: station0 }))))).toBe('errors.party.orgNameTaken');
    const [row] = await q<{ members: number; version: number }>(`select members, version from party_orgs where id = $1`, [id]);
    expect(row).toEqual({ members: 20, version: version + 1 });
  });

  it('exports the registry as filtered, contacts masked', async () => {
    const name = `导出成员单位-${uid()}`;
    await newOrg(manager, { name });
    const file = await manager.call((api) => api.partyOrg.export({ q: name }));
    expect(file.rows).toBe(1);
    const [stored] = await q<{ storage_key: string }>(`select storage_key from files where id = $1`, [file.fileId]);
    const chunks: Buffer[] = [];
    for await (const c of await testStorage().get(stored!.storage_key)) chunks.push(c as Buffer);
    const table = await readTable(Buffer.concat(chunks), 'xlsx', { maxRows: 10 });
    expect(table.ok).toBe(true);
    const cells = (table as { rows: { cells: string[] }[] }).rows.map((r) => r.cells.join('|')).join('\n');
    expect(cells).toContain(name);
    expect(cells).toContain('138****5678');
    expect(cells).not.toContain('13812345678');
  });
});

describe('servicePost', () => {
  it('creates posts with their own hours or the calendar’s, from the tenant’s services; refuses unknown services and bad hours', async () => {
    const services = await staff.call((api) => api.servicePost.services());
    expect(services.map((s) => s.key)).toEqual(['guidance', 'elderly_care', 'first_aid', 'legal_aid', 'policy_talks', 'repairs', 'mother_baby', 'transit_guide']);
    const { id } = await manager.call((api) => api.servicePost.create({ stationId: station0, name: `日历服务站-${uid()}`, location: '二楼', openingHours: null, services: ['guidance'] }));
    const posts = await staff.call((api) => api.servicePost.list());
    expect(posts.find((p) => p.id === id)).toMatchObject({ openingHours: null, services: ['guidance'], active: true, upcoming: { shifts: 0, places: 0, booked: 0 } });
    expect(keyOf(await error(manager.call((api) => api.servicePost.create({ stationId: station0, name: `x-${uid()}`, location: 'x', openingHours: null, services: ['fortune_telling'] }))))).toBe(
      'errors.party.unknownService',
    );
    expect(
      keyOf(await error(manager.call((api) => api.servicePost.create({ stationId: station0, name: `x-${uid()}`, location: 'x', openingHours: [{ weekday: 1, start: '18:00', end: '08:00' }], services: ['guidance'] })))),
    ).toBe('errors.party.badOpeningPeriod');
    // A tenant's own kind of service, then offered by a post.
    const own = await manager.call((api) => api.servicePost.createService({ name: '行李寄存', nameEn: 'Left luggage', active: true, position: 95 }));
    await manager.call((api) => api.servicePost.update({ id, services: ['guidance', own.key] }));
    expect((await error(staff.call((api) => api.servicePost.createService({ name: '越权', nameEn: null, active: true, position: 1 })))).code).toBe('FORBIDDEN');
  });

  it('makes shifts only inside the opening hours and in the future', async () => {
    const { id } = await manager.call((api) =>
      api.servicePost.create({ stationId: station0, name: `早班服务站-${uid()}`, location: '出发层', openingHours: [{ weekday: 1, start: '07:00', end: '12:00' }], services: ['guidance'] }),
    );
    // The next Monday and Tuesday (core's weekdayOf: 0 = Sunday).
    let monday = addDays(today, 1);
    while (new Date(`${monday}T00:00:00Z`).getUTCDay() !== 1) monday = addDays(monday, 1);
    const made = await manager.call((api) => api.dutyShift.create({ postId: id, dates: [monday], start: '08:00', end: '11:00', places: 4 }));
    expect(made.ids).toHaveLength(1);
    expect(keyOf(await error(manager.call((api) => api.dutyShift.create({ postId: id, dates: [monday], start: '11:00', end: '13:00', places: 4 }))))).toBe('errors.party.outsideOpeningHours');
    expect(keyOf(await error(manager.call((api) => api.dutyShift.create({ postId: id, dates: [addDays(monday, 1)], start: '08:00', end: '11:00', places: 4 }))))).toBe('errors.party.postClosed');
    expect(keyOf(await error(manager.call((api) => api.dutyShift.create({ postId: id, dates: [monday], start: '08:00', end: '11:00', places: 4 }))))).toBe('errors.party.shiftExists');
    expect(keyOf(await error(manager.call((api) => api.dutyShift.create({ postId: id, dates: [addDays(today, -7)], start: '08:00', end: '11:00', places: 4 }))))).toBe('errors.party.shiftInPast');
    expect((await error(staffElsewhere.call((api) => api.dutyShift.create({ postId: id, dates: [monday], start: '09:00', end: '10:00', places: 4 })))).code).toBe('NOT_FOUND');
  });
});

describe('dutyShift: sign-ups', () => {
  it('holds the places under 20 parallel sign-ups for 5 places: exactly 5 batches, the rest refused as full', async () => {
    const post = await newPost();
    const [shiftId] = (await manager.call((api) => api.dutyShift.create({ postId: post.id, dates: [addDays(today, 3)], start: '08:00', end: '12:00', places: 5 }))).ids;
    const orgs: string[] = [];
    for (let i = 0; i < 20; i++) orgs.push((await newOrg(manager, { name: `并发单位-${i}-${uid()}` })).id);
    const results = await Promise.allSettled(orgs.map((organisationId) => staff.call((api) => api.dutyShift.signUp({ id: shiftId!, organisationId, members: 1 }))));
    const done = results.filter((r) => r.status === 'fulfilled');
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(done).toHaveLength(5);
    expect(refused).toHaveLength(15);
    for (const r of refused) expect(keyOf(r.reason)).toBe('errors.party.shiftFull');
    const [row] = await q<{ booked: number; batches: number; members: number }>(
      `select s.booked, (select count(*)::int from duty_sign_ups b where b.shift_id = s.id and b.status <> 'cancelled') as batches,
              (select coalesce(sum(members), 0)::int from duty_sign_ups b where b.shift_id = s.id and b.status <> 'cancelled') as members
         from duty_shifts s where s.id = $1`,
      [shiftId],
    );
    expect(row).toEqual({ booked: 5, batches: 5, members: 5 });
    // A batch larger than what is left is refused with the count left.
    const shift2 = (await manager.call((api) => api.dutyShift.create({ postId: post.id, dates: [addDays(today, 4)], start: '08:00', end: '12:00', places: 5 }))).ids[0]!;
    await staff.call((api) => api.dutyShift.signUp({ id: shift2, organisationId: orgs[0]!, members: 3, memberNames: ['张三', '李四', '王五'] }));
    const tooMany = await error(staff.call((api) => api.dutyShift.signUp({ id: shift2, organisationId: orgs[1]!, members: 3 })));
    expect(keyOf(tooMany)).toBe('errors.party.notEnoughPlaces');
    expect((tooMany.cause as { params?: Record<string, number> }).params).toMatchObject({ left: 2, members: 3 });
    expect(said(tooMany)).toBe('名额不足：本班次还剩 2 个名额，本批次 3 人');
    // Places cannot be lowered below the members signed up.
    const lowered = await error(staff.call((api) => api.dutyShift.update({ id: shift2, places: 2 })));
    expect(keyOf(lowered)).toBe('errors.party.placesBelowBooked');
    expect(said(lowered)).toBe('已有 3 人报名，名额不能少于 3');
  });

  it('refuses the same organisation twice, also when both arrive at once', async () => {
    const post = await newPost();
    const [shiftId] = (await manager.call((api) => api.dutyShift.create({ postId: post.id, dates: [addDays(today, 3)], start: '13:00', end: '17:00', places: 10 }))).ids;
    const org = await newOrg(manager);
    const both = await Promise.allSettled([1, 2].map(() => staff.call((api) => api.dutyShift.signUp({ id: shiftId!, organisationId: org.id, members: 2 }))));
    expect(both.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(keyOf((both.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason)).toBe('errors.party.alreadySignedUp');
    expect(keyOf(await error(staff.call((api) => api.dutyShift.signUp({ id: shiftId!, organisationId: org.id, members: 1 }))))).toBe('errors.party.alreadySignedUp');
    expect((await q<{ booked: number }>(`select booked from duty_shifts where id = $1`, [shiftId]))[0]!.booked).toBe(2);
  });

  it('refuses a shift in the past, writing nothing', async () => {
    const post = await newPost();
    const past = await rawShift(post.id, -180);
    const org = await newOrg(manager);
    expect(keyOf(await error(staff.call((api) => api.dutyShift.signUp({ id: past, organisationId: org.id, members: 1 }))))).toBe('errors.party.shiftInPast');
    expect(keyOf(await error(admin.call((api) => api.dutyShift.signUp({ id: past, members: 1 }))))).toBe('errors.party.shiftInPast');
    expect(await q(`select id from duty_sign_ups where shift_id = $1`, [past])).toEqual([]);
    expect((await q<{ booked: number }>(`select booked from duty_shifts where id = $1`, [past]))[0]!.booked).toBe(0);
  });

  it('lets an enterprise admin sign up its own branch only, and see only its own batches', async () => {
    const post = await newPost();
    const [shiftId] = (await manager.call((api) => api.dutyShift.create({ postId: post.id, dates: [addDays(today, 5)], start: '09:00', end: '12:00', places: 8 }))).ids;
    const unit = await newOrg(manager, { name: `外单位-${uid()}` });
    await staff.call((api) => api.dutyShift.signUp({ id: shiftId!, organisationId: unit.id, members: 3, memberNames: ['赵一', '钱二', '孙三'] }));
    expect((await error(admin.call((api) => api.dutyShift.signUp({ id: shiftId!, organisationId: unit.id, members: 1 })))).code).toBe('FORBIDDEN');
    expect(keyOf(await error(adminNoBranch.call((api) => api.dutyShift.signUp({ id: shiftId!, members: 1 }))))).toBe('errors.party.noBranch');
    const mine = await admin.call((api) => api.dutyShift.signUp({ id: shiftId!, members: 2 }));
    expect(mine.left).toBe(3);
    const seen = await admin.call((api) => api.dutyShift.get({ id: shiftId! }));
    expect(seen.signUps.map((s) => s.id)).toEqual([mine.id]);
    expect(seen).toMatchObject({ batches: null, booked: 5, left: 3, mine: { id: mine.id, members: 2, status: 'signed_up' }, served: [] });
    expect(JSON.stringify(seen)).not.toContain('赵一');
    const listed = await admin.call((api) => api.dutyShift.list({ from: today, to: addDays(today, 10) }));
    expect(listed.branch).toMatchObject({ enterpriseId: branchEnterprise, name: '测试企业党支部' });
    expect(listed.shifts.find((s) => s.id === shiftId)).toMatchObject({ batches: null, mine: { id: mine.id } });
    // The other organisation's batch is not the admin's to cancel or check in; staff see both.
    const theirs = (await staff.call((api) => api.dutyShift.get({ id: shiftId! }))).signUps.find((s) => s.organisationId === unit.id)!;
    expect(theirs.memberNames).toEqual(['赵一', '钱二', '孙三']);
    expect((await error(admin.call((api) => api.dutyShift.cancel({ signUpId: theirs.id })))).code).toBe('NOT_FOUND');
    expect((await error(admin.call((api) => api.dutyShift.checkIn({ signUpId: mine.id })))).code).toBe('FORBIDDEN');
    expect((await error(foreignAdmin.call((api) => api.dutyShift.get({ id: shiftId! })))).code).toBe('NOT_FOUND');
    // Its own, until the shift starts.
    await admin.call((api) => api.dutyShift.cancel({ signUpId: mine.id }));
    expect((await q<{ booked: number }>(`select booked from duty_shifts where id = $1`, [shiftId]))[0]!.booked).toBe(3);
    const again = await admin.call((api) => api.dutyShift.signUp({ id: shiftId!, members: 1 }));
    expect(again.left).toBe(4);
  });
});

describe('attendance and check-in codes', () => {
  it('checks a batch in and out by staff, and by the volunteer scanning the post’s code; records served person-times', async () => {
    const post = await newPost();
    const shiftId = await rawShift(post.id, 30, 120, 6);
    const unit = await newOrg(manager);
    const staffBatch = await staff.call((api) => api.dutyShift.signUp({ id: shiftId, organisationId: unit.id, members: 2 }));
    const own = await admin.call((api) => api.dutyShift.signUp({ id: shiftId, members: 3 }));

    const inByStaff = await staff.call((api) => api.dutyShift.checkIn({ signUpId: staffBatch.id }));
    expect(inByStaff).toMatchObject({ status: 'checked_in' });
    expect(keyOf(await error(staff.call((api) => api.dutyShift.checkIn({ signUpId: staffBatch.id }))))).toBe('errors.party.alreadyCheckedIn');
    expect(keyOf(await error(staff.call((api) => api.dutyShift.cancel({ signUpId: staffBatch.id }))))).toBe('errors.party.cancelAfterCheckIn');

    const code = await staff.call((api) => api.servicePost.issueCheckInCode({ id: post.id, validMinutes: 60 }));
    expect(code.path).toBe(`/party/check-in/${code.token}`);
    // Only the hash is stored.
    expect(await q(`select id from party_check_in_codes where token_hash = $1 or token_hash like '%' || $1 || '%'`, [code.token])).toEqual([]);
    const scanned = await admin.call((api) => api.dutyShift.scan({ code: code.token }));
    expect(scanned).toMatchObject({ post: { id: post.id }, shift: { id: shiftId }, signUp: { id: own.id, members: 3, status: 'signed_up' }, step: 'check_in' });
    expect(await admin.call((api) => api.dutyShift.checkInByCode({ code: code.token }))).toMatchObject({ signUpId: own.id, status: 'checked_in' });
    expect((await admin.call((api) => api.dutyShift.scan({ code: code.token }))).step).toBe('check_out');
    expect(await admin.call((api) => api.dutyShift.checkOutByCode({ code: code.token }))).toMatchObject({ signUpId: own.id, status: 'checked_out' });
    expect(keyOf(await error(admin.call((api) => api.dutyShift.checkOutByCode({ code: code.token }))))).toBe('errors.party.alreadyCheckedOut');
    // Staff confirm on the shift's page, not by scanning.
    expect(keyOf(await error(staff.call((api) => api.dutyShift.checkInByCode({ code: code.token }))))).toBe('errors.party.staffConfirm');
    const [row] = await q<{ checked_in_via: string; checked_out_via: string }>(`select checked_in_via, checked_out_via from duty_sign_ups where id = $1`, [own.id]);
    expect(row).toEqual({ checked_in_via: 'code', checked_out_via: 'code' });

    // Served person-times per service the post offers, once the shift has begun.
    expect(keyOf(await error(staff.call((api) => api.dutyShift.recordServed({ id: shiftId, served: [{ service: 'guidance', count: 1 }] }))))).toBe('errors.party.servedBeforeShift');
    await q(`update duty_shifts set starts_at = now() - interval '10 minutes' where id = $1`, [shiftId]);
    expect((await staff.call((api) => api.dutyShift.recordServed({ id: shiftId, served: [{ service: 'guidance', count: 40 }, { service: 'first_aid', count: 2 }] }))).total).toBe(42);
    expect((await staff.call((api) => api.dutyShift.recordServed({ id: shiftId, served: [{ service: 'guidance', count: 45 }] }))).total).toBe(47);
    expect(keyOf(await error(staff.call((api) => api.dutyShift.recordServed({ id: shiftId, served: [{ service: 'repairs', count: 1 }] }))))).toBe('errors.party.serviceNotOffered');
    const shown = await staff.call((api) => api.dutyShift.get({ id: shiftId }));
    expect(shown.servedTotal).toBe(47);
    const [sum] = await q<{ n: number }>(`select sum(served)::int as n from duty_shift_served where shift_id = $1`, [shiftId]);
    expect(sum!.n).toBe(47);
  });

  it('refuses an expired code and another tenant’s code with translated reasons, writing nothing', async () => {
    const post = await newPost();
    const shiftId = await rawShift(post.id, 20);
    const own = await admin.call((api) => api.dutyShift.signUp({ id: shiftId, members: 1 }));
    const code = await staff.call((api) => api.servicePost.issueCheckInCode({ id: post.id }));
    await q(`update party_check_in_codes set created_at = now() - interval '2 hours', expires_at = now() - interval '1 minute' where subject_id = $1`, [post.id]);
    const expired = await error(admin.call((api) => api.dutyShift.checkInByCode({ code: code.token })));
    expect(keyOf(expired)).toBe('errors.party.checkInCodeExpired');
    expect(said(expired)).toBe('签到码已过期，请向工作人员索取新的签到码');

    // Another tenant's post and code: unknown here.
    const foreignPost = await foreignManager.call((api) =>
      api.servicePost.create({ stationId: other.stations[0]!.id, name: `外街道服务站-${uid()}`, location: '一楼', openingHours: allDay, services: ['guidance'] }),
    );
    const foreignCode = await foreignManager.call((api) => api.servicePost.issueCheckInCode({ id: foreignPost.id }));
    const foreign = await error(admin.call((api) => api.dutyShift.checkInByCode({ code: foreignCode.token })));
    expect(keyOf(foreign)).toBe('errors.party.checkInCodeUnknown');
    expect(keyOf(await error(admin.call((api) => api.dutyShift.scan({ code: foreignCode.token }))))).toBe('errors.party.checkInCodeUnknown');
    expect(keyOf(await error(admin.call((api) => api.dutyShift.scan({ code: 'not-a-code' }))))).toBe('errors.party.checkInCodeUnknown');
    const [row] = await q<{ status: string }>(`select status from duty_sign_ups where id = $1`, [own.id]);
    expect(row!.status).toBe('signed_up');
    // A code for a post of another station is not the staff member's to issue.
    expect((await error(staffElsewhere.call((api) => api.servicePost.issueCheckInCode({ id: post.id })))).code).toBe('NOT_FOUND');
  });
});

describe('duty reminders', () => {
  it('plans the day-before reminder and the short-of-people alert, and fires them to the right inboxes', async () => {
    const post = await newPost();
    const shiftDate = addDays(today, 4);
    const [shiftId] = (await manager.call((api) => api.dutyShift.create({ postId: post.id, dates: [shiftDate], start: '08:00', end: '12:00', places: 4 }))).ids;
    const short = await q<{ id: string; kind: string; status: string; due_at: string }>(`select id, kind, status, due_at from reminders where subject_type = 'duty_shift' and subject_id = $1`, [shiftId]);
    expect(short).toEqual([expect.objectContaining({ kind: 'duty_shift_short', status: 'scheduled' })]);

    const unitName = `提醒单位-${uid()}`;
    const unit = await newOrg(manager, { name: unitName });
    const unitBatch = await staff.call((api) => api.dutyShift.signUp({ id: shiftId!, organisationId: unit.id, members: 1 }));
    const branchBatch = await admin.call((api) => api.dutyShift.signUp({ id: shiftId!, members: 2 }));
    const eve = await q<{ id: string; subject_id: string; recipients: string[]; due_at: string }>(
      `select id, subject_id, recipients, due_at from reminders where subject_type = 'duty_sign_up' and subject_id = any($1) and kind = 'duty_shift_tomorrow' and status = 'scheduled'`,
      [[unitBatch.id, branchBatch.id]],
    );
    expect(eve).toHaveLength(2);
    expect(eve.find((r) => r.subject_id === branchBatch.id)!.recipients).toEqual(['enterprise_admins']);
    expect(eve.find((r) => r.subject_id === unitBatch.id)!.recipients).toEqual(['station_staff']);
    expect(localDate(new Date(eve[0]!.due_at), TZ)).toBe(addDays(shiftDate, -1));

    const fire = (id: string, at: string | Date) => withTenant(t.db, tenant.tenantId, (trx) => fireReminder({ trx, tenantId: tenant.tenantId, timezone: TZ }, id, new Date(at)));
    const toAdmins = await fire(eve.find((r) => r.subject_id === branchBatch.id)!.id, eve[0]!.due_at);
    expect(toAdmins.outcome).toBe('sent');
    const toStaff = await fire(eve.find((r) => r.subject_id === unitBatch.id)!.id, eve[0]!.due_at);
    expect(toStaff.flush).toEqual([{ channel: 'inbox', target: staffIds.staff }]);
    await flushInbox(t.db, tenant.tenantId, { targets: [staffIds.staff] });
    const inbox = await staff.call((api) => api.notification.list());
    const line = inbox.items.flatMap((n) => n.items).find((i) => i.link === `/party/shifts/${shiftId}` && i.title.includes('明日站岗提醒'));
    expect(line?.title).toContain(`${unitName}（1 人）`);
    expect(line?.title).toContain('王** 138****5678');
    const adminInbox = await q<{ n: number }>(`select count(*)::int as n from deliveries d join reminders r on r.id = d.reminder_id where r.subject_id = $1 and d.channel = 'inbox'`, [branchBatch.id]);
    expect(adminInbox[0]!.n).toBe(1);

    // Filled, the alert is cancelled; a batch cancelled, it is back.
    const filler = await newOrg(manager, { name: `补位单位-${uid()}` });
    const fill = await staff.call((api) => api.dutyShift.signUp({ id: shiftId!, organisationId: filler.id, members: 1 }));
    expect((await q<{ status: string }>(`select status from reminders where id = $1`, [short[0]!.id]))[0]!.status).toBe('cancelled');
    await staff.call((api) => api.dutyShift.cancel({ signUpId: fill.id }));
    expect((await q<{ status: string }>(`select status from reminders where id = $1`, [short[0]!.id]))[0]!.status).toBe('scheduled');
    expect((await q<{ status: string }>(`select status from reminders where subject_id = $1`, [fill.id]))[0]!.status).toBe('cancelled');
    const alert = await fire(short[0]!.id, short[0]!.due_at);
    expect(alert).toMatchObject({ outcome: 'sent', flush: [{ channel: 'inbox', target: staffIds.staff }] });
  });
});
