import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { TRPCError } from '@trpc/server';
import { withTenant } from '@stationdesk/db';
import { defaultSlaPolicies, portalView, rectificationDueAt, staffView } from '@stationdesk/core';
import { loadCalendar } from '@stationdesk/services';
import { apiDeps, makeMember, makeTenant, openTestDb, signedIn, type Client, type TestTenant, error, keyOf } from '@stationdesk/test-utils';

let t: ReturnType<typeof openTestDb>;
let tenant: TestTenant;
let other: TestTenant;
let manager: Client;
let staff: Client; // station 0
let staffOther: Client; // station 1
let admin: Client; // enterprise 0 (station 0)
let adminOther: Client; // enterprise 2 (station 1)
let staffId: string;


beforeAll(async () => {
  t = openTestDb();
  tenant = await makeTenant(t.owner);
  other = await makeTenant(t.owner);
  const deps = apiDeps(t.db);
  manager = await signedIn(deps, (await makeMember(t.owner, tenant, 'manager')).email);
  const s = await makeMember(t.owner, tenant, 'staff', { stationIndexes: [0] });
  staffId = s.id;
  staff = await signedIn(deps, s.email);
  staffOther = await signedIn(deps, (await makeMember(t.owner, tenant, 'staff', { stationIndexes: [1] })).email);
  admin = await signedIn(deps, (await makeMember(t.owner, tenant, 'enterprise_admin', { enterpriseIndex: 0 })).email);
  adminOther = await signedIn(deps, (await makeMember(t.owner, tenant, 'enterprise_admin', { enterpriseIndex: 2 })).email);
});
afterAll(() => t.close());
afterEach(() => vi.useRealTimers());

/** A transition as the UI sends it: with the version the person is looking at. */
async function move(c: Client, id: string, action: string, note?: string, extra: Record<string, unknown> = {}) {
  const { version } = await c.call((api) => api.workItem.get({ id }));
  return c.call((api) => api.workItem.transition({ id, action: action as never, version, ...(note ? { note } : {}), ...extra }));
}

const portalRequest = () => admin.call((api) => api.workItem.create({ kind: 'consultation', title: '申请稳岗补贴需要哪些材料？', description: '我司有 35 名员工，想了解 2026 年稳岗补贴的申请条件。', channel: 'portal', category: 'hr' }));

describe('a consultation from the portal, through its whole life', () => {
  it('create → assign → accept → reply → resolve → rate → close, with history', async () => {
    const { id, number } = await portalRequest();
    expect(number).toMatch(/^ZX-\d{4}-\d{6}$/);
    const fresh = await staff.call((api) => api.workItem.get({ id }));
    expect(fresh).toMatchObject({ status: 'received', channel: 'portal', enterpriseId: tenant.enterpriseIds[0], stationId: tenant.stations[0]!.id });
    expect(fresh.resolutionDueAt).not.toBeNull();

    await staff.call((api) => api.workItem.assign({ id, assigneeId: staffId }));
    await move(staff, id, 'accept');
    await staff.call((api) => api.workItem.reply({ id, body: '您好，已收到，正在核实贵司社保缴纳情况。', visibility: 'public' }));
    await staff.call((api) => api.workItem.reply({ id, body: '该企业去年有欠缴记录，需先核实。', visibility: 'internal' }));
    await move(staff, id, 'start');
    await move(staff, id, 'resolve', '需提供：申请表、近 12 个月社保缴纳明细、营业执照复印件。');

    const seen = await admin.call((api) => api.workItem.get({ id }));
    expect(seen.status).toBe('resolved');
    expect(seen.messages.map((m) => m.body)).toEqual(['您好，已收到，正在核实贵司社保缴纳情况。']);
    expect(JSON.stringify(seen)).not.toContain('欠缴');
    expect(seen.answer).toContain('申请表');

    const rated = await admin.call((api) => api.workItem.rate({ id, rating: 'satisfied', comment: '回复及时' }));
    expect(rated.status).toBe('visited');
    await move(staff, id, 'close');

    const final = staffView(await staff.call((api) => api.workItem.get({ id })));
    expect(final).toMatchObject({ status: 'closed', rating: 'satisfied', ratingSource: 'portal', requesterConfirmed: true, resolvedOk: true });
    expect(final.firstContactAt).not.toBeNull();
    expect(final.acceptedAt).not.toBeNull();
    expect(final.history.map((h) => [h.action, h.from, h.to])).toEqual([
      ['create', null, 'received'],
      ['assign', 'received', 'assigned'],
      ['accept', 'assigned', 'accepted'],
      ['first_contact', null, null],
      ['start', 'accepted', 'in_progress'],
      ['resolve', 'in_progress', 'resolved'],
      ['visit', 'resolved', 'visited'],
      ['close', 'visited', 'closed'],
    ]);
    const rows = await t.owner.pool.query('select count(*)::int as n from work_item_events where item_id = $1', [id]);
    expect(rows.rows[0].n).toBe(8);
    // The enterprise's timeline shows the item's public steps.
    const tl = await admin.call((api) => api.enterprise.timeline({ enterpriseId: tenant.enterpriseIds[0]! }));
    expect(tl.items.filter((i) => i.kind === 'consultation').map((i) => i.title)).toEqual(expect.arrayContaining(['workItem.create', 'workItem.close']));
    expect(tl.items.some((i) => i.title === 'workItem.assign')).toBe(false);
  });

  it('a reply to a closed item is refused', async () => {
    const { id } = await staff.call((api) => api.workItem.create({ kind: 'consultation', title: '问询', channel: 'walk_in', stationId: tenant.stations[0]!.id, assign: { mode: 'self' } }));
    await move(staff, id, 'withdraw', '企业自行解决');
    const e = await error(staff.call((api) => api.workItem.reply({ id, body: '还在吗', visibility: 'public' })));
    expect(e.code).toBe('CONFLICT');
    expect(keyOf(e)).toBe('errors.workItem.closed');
  });

  it('an unsatisfied rating the enterprise confirms sends the item back (重办) with a new deadline by the rectification rule, its reminders planned from it', async () => {
    const { id } = await portalRequest();
    await staff.call((api) => api.workItem.assign({ id, assigneeId: staffId }));
    await move(staff, id, 'accept');
    await move(staff, id, 'resolve', '已答复');
    // Its first deadline long passed by the time the enterprise rates it.
    const past = new Date(Date.now() - 5 * 86_400_000).toISOString();
    await withTenant(t.owner, tenant.tenantId, (trx) => trx.updateTable('work_items').set({ resolution_due_at: past }).where('id', '=', id).execute());
    const before = Date.now();
    const r = await admin.call((api) => api.workItem.rate({ id, rating: 'dissatisfied', comment: '答复太笼统', reopen: true }));
    expect(r.status).toBe('in_progress');
    expect(Date.parse(r.resolutionDueAt!)).toBeGreaterThan(before);
    expect(r.rectificationDueAt).toBe(r.resolutionDueAt);
    // The rule: the consultation's own resolution limit (3 working days) counted from the reopening.
    const reopenedAt = (await staff.call((api) => api.workItem.get({ id }))).history.at(-1)!;
    expect(reopenedAt).toMatchObject({ action: 'redo', to: 'in_progress' });
    const calendar = await withTenant(t.owner, tenant.tenantId, (trx) => loadCalendar(trx, 'Asia/Shanghai'));
    // Counted from the item's reopening instant (the history line carries the transaction's start, a few ms before it).
    const { reopened_at } = await withTenant(t.owner, tenant.tenantId, (trx) => trx.selectFrom('work_items').select('reopened_at').where('id', '=', id).executeTakeFirstOrThrow());
    expect(Date.parse(String(reopened_at)) - Date.parse(reopenedAt.at)).toBeLessThan(60_000);
    expect(new Date(r.resolutionDueAt!).toISOString()).toBe(rectificationDueAt(calendar, defaultSlaPolicies.consultation.normal, new Date(reopened_at!)).toISOString());
    const item = staffView(await staff.call((api) => api.workItem.get({ id })));
    expect(item).toMatchObject({ redoCount: 1, rating: 'dissatisfied', requesterConfirmed: false, resolutionDueAt: r.resolutionDueAt, rectificationDueAt: r.resolutionDueAt });
    // The portal promises the new time, not the passed one.
    expect(portalView(await admin.call((api) => api.workItem.get({ id }))).resolutionDueAt).toBe(r.resolutionDueAt);
    // Staff are warned the day before the new deadline and told when it passes — both still ahead, nothing at once.
    const reminders = await withTenant(t.owner, tenant.tenantId, (trx) =>
      trx.selectFrom('reminders').select(['kind', 'due_at']).where('subject_id', '=', id).where('status', '=', 'scheduled').orderBy('due_at').execute(),
    );
    expect(reminders.map((x) => x.kind)).toEqual(['resolution_warning', 'resolution_overdue']);
    expect(new Date(reminders[1]!.due_at).toISOString()).toBe(new Date(r.resolutionDueAt!).toISOString());
    expect(reminders.every((x) => Date.parse(x.due_at) > before)).toBe(true);
  });

  it('an unsatisfied rating without the enterprise asking for rework is recorded and opens a rectification, but does not reopen the item', async () => {
    const { id } = await portalRequest();
    await staff.call((api) => api.workItem.assign({ id, assigneeId: staffId }));
    await move(staff, id, 'accept');
    await move(staff, id, 'resolve', '已答复');
    const r = await admin.call((api) => api.workItem.rate({ id, rating: 'very_dissatisfied', comment: '态度不好' }));
    expect(r.status).toBe('visited');
    expect(Date.parse(r.rectificationDueAt!)).toBeGreaterThan(Date.now());
    const item = staffView(await staff.call((api) => api.workItem.get({ id })));
    expect(item).toMatchObject({ status: 'visited', redoCount: 0, rating: 'very_dissatisfied', requesterConfirmed: false, rectificationDueAt: r.rectificationDueAt });
    expect(item.history.at(-1)).toMatchObject({ action: 'visit', to: 'visited', data: { rating: 'very_dissatisfied', source: 'portal', rectificationDueAt: r.rectificationDueAt } });
  });

  it('asking for rework with a satisfied rating is refused and changes nothing', async () => {
    const { id } = await portalRequest();
    await staff.call((api) => api.workItem.assign({ id, assigneeId: staffId }));
    await move(staff, id, 'accept');
    await move(staff, id, 'resolve', '已答复');
    const e = await error(admin.call((api) => api.workItem.rate({ id, rating: 'satisfied', reopen: true })));
    expect([e.code, keyOf(e)]).toEqual(['BAD_REQUEST', 'errors.workItem.reopenNeedsBadRating']);
    expect(staffView(await staff.call((api) => api.workItem.get({ id })))).toMatchObject({ status: 'resolved', rating: null });
  });

});

describe('refusals', () => {
  it('a transition not allowed from the current state is a clear conflict and changes nothing', async () => {
    const { id } = await portalRequest();
    const e = await error(move(staff, id, 'close'));
    expect(e.code).toBe('CONFLICT');
    expect(keyOf(e)).toBe('errors.workItem.transitionNotAllowed');
    expect((await staff.call((api) => api.workItem.get({ id }))).status).toBe('received');
  });

  it('rating by anyone but that enterprise’s admin is refused', async () => {
    const { id } = await portalRequest();
    await staff.call((api) => api.workItem.assign({ id, assigneeId: staffId }));
    await move(staff, id, 'accept');
    await move(staff, id, 'resolve', '已答复');
    expect((await error(staff.call((api) => api.workItem.rate({ id, rating: 'satisfied' })))).code).toBe('FORBIDDEN');
    expect((await error(adminOther.call((api) => api.workItem.rate({ id, rating: 'satisfied' })))).code).toBe('NOT_FOUND');
    expect((await staff.call((api) => api.workItem.get({ id }))).rating).toBeNull();
    // Staff record a phone follow-up instead.
    expect((await staff.call((api) => api.workItem.recordVisit({ id, rating: 'very_satisfied' }))).status).toBe('visited');
  });

  it('an enterprise admin cannot read another enterprise’s item; staff of another station neither', async () => {
    const { id } = await portalRequest();
    expect((await error(adminOther.call((api) => api.workItem.get({ id })))).code).toBe('NOT_FOUND');
    expect((await error(staffOther.call((api) => api.workItem.get({ id })))).code).toBe('NOT_FOUND');
    const list = await adminOther.call((api) => api.workItem.list({ view: 'all' }));
    expect(list.items.some((i) => i.id === id)).toBe(false);
    const foreign = await signedIn(apiDeps(t.db), (await makeMember(t.owner, other, 'manager')).email);
    expect((await error(foreign.call((api) => api.workItem.get({ id })))).code).toBe('NOT_FOUND');
  });

  it('an enterprise admin cannot write internal notes', async () => {
    const { id } = await portalRequest();
    expect((await error(admin.call((api) => api.workItem.reply({ id, body: '悄悄话', visibility: 'internal' })))).code).toBe('FORBIDDEN');
  });

  it('an extension moves the deadline only when a manager approves it, and only if asked before the deadline', async () => {
    const { id } = await staff.call((api) => api.workItem.create({ kind: 'consultation', title: '延期测试', channel: 'phone', stationId: tenant.stations[0]!.id, assign: { mode: 'self' } }));
    const before = (await staff.call((api) => api.workItem.get({ id }))).resolutionDueAt!;
    const later = new Date(new Date(before).getTime() + 7 * 86_400_000).toISOString();
    await staff.call((api) => api.workItem.requestExtension({ id, dueAt: later, reason: '需等待区人社局答复' }));
    expect((await staff.call((api) => api.workItem.get({ id }))).resolutionDueAt).toBe(before);
    expect((await error(staff.call((api) => api.workItem.decideExtension({ id, approve: true })))).code).toBe('FORBIDDEN');
    await manager.call((api) => api.workItem.decideExtension({ id, approve: true }));
    expect((await staff.call((api) => api.workItem.get({ id }))).resolutionDueAt).toBe(later);
    // A second decision without a pending request is refused.
    expect((await error(manager.call((api) => api.workItem.decideExtension({ id, approve: true })))).code).toBe('CONFLICT');
    // Asking after the deadline is refused.
    await t.owner.pool.query(`update work_items set resolution_due_at = now() - interval '1 hour' where id = $1`, [id]);
    const late = await error(staff.call((api) => api.workItem.requestExtension({ id, dueAt: later, reason: '再延' })));
    expect(late.code).toBe('CONFLICT');
    expect(keyOf(late)).toBe('errors.workItem.extensionAfterDeadline');
  });
});

describe('concurrency', () => {
  it('two people moving one item at once: exactly one wins, the other gets a conflict', async () => {
    const { id } = await portalRequest();
    await manager.call((api) => api.workItem.assign({ id, assigneeId: staffId }));
    const { version } = await staff.call((api) => api.workItem.get({ id }));
    const results = await Promise.allSettled([
      staff.call((api) => api.workItem.transition({ id, action: 'accept', version })),
      manager.call((api) => api.workItem.transition({ id, action: 'return', note: '不属于本站', version })),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(((results.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason as TRPCError).code).toBe('CONFLICT');
    const events = await t.owner.pool.query(`select count(*)::int as n from work_item_events where item_id = $1 and action in ('accept', 'return')`, [id]);
    expect(events.rows[0].n).toBe(1);
  });

  it('50 parallel creations get 50 distinct consecutive numbers', async () => {
    const fresh = await makeTenant(t.owner);
    const m = await signedIn(apiDeps(t.db), (await makeMember(t.owner, fresh, 'manager')).email);
    const made = await Promise.all(
      Array.from({ length: 50 }, (_, i) => m.call((api) => api.workItem.create({ kind: 'consultation', title: `并发 ${i}`, channel: 'phone', stationId: fresh.stations[0]!.id }))),
    );
    const seqs = made.map((x) => Number(x.number.slice(-6))).sort((a, b) => a - b);
    expect(seqs).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    const patrol = await m.call((api) => api.workItem.create({ kind: 'patrol', title: '消防通道堵塞', channel: 'patrol', stationId: fresh.stations[0]!.id }));
    expect(patrol.number).toMatch(/^XC-\d{4}-000001$/);
  });
});

describe('assignment', () => {
  it('round robin goes to the station’s staff on duty, skipping anyone at their limit', async () => {
    const fresh = await makeTenant(t.owner);
    const m = await signedIn(apiDeps(t.db), (await makeMember(t.owner, fresh, 'manager')).email);
    const a = await makeMember(t.owner, fresh, 'staff', { stationIndexes: [0] });
    const b = await makeMember(t.owner, fresh, 'staff', { stationIndexes: [0] });
    const c = await makeMember(t.owner, fresh, 'staff', { stationIndexes: [0] });
    await withTenant(t.owner, fresh.tenantId, async (trx) => {
      await trx.updateTable('memberships').set({ max_open_items: 1 }).where('user_id', '=', a.id).execute();
      await trx.updateTable('memberships').set({ on_duty: false }).where('user_id', '=', c.id).execute();
    });
    const assigned: (string | null)[] = [];
    for (let i = 0; i < 4; i++) {
      const { id } = await m.call((api) => api.workItem.create({ kind: 'consultation', title: `轮派 ${i}`, channel: 'phone', stationId: fresh.stations[0]!.id }));
      const r = await m.call((api) => api.workItem.assign({ id, roundRobin: true }));
      assigned.push(r.assigneeId);
    }
    expect(assigned.every((x) => x === a.id || x === b.id)).toBe(true);
    expect(assigned.filter((x) => x === a.id)).toHaveLength(1); // a's limit is one open item
    expect(assigned).not.toContain(c.id); // off duty
  });

  it('two people dispatching the item they both see: the first wins, the second gets a conflict and changes nothing', async () => {
    const { id } = await portalRequest();
    const { version } = await manager.call((api) => api.workItem.get({ id }));
    const colleague = await makeMember(t.owner, tenant, 'staff', { stationIndexes: [0] });
    const results = await Promise.allSettled([
      manager.call((api) => api.workItem.assign({ id, assigneeId: staffId, version })),
      manager.call((api) => api.workItem.assign({ id, assigneeId: colleague.id, version })),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    const lost = results.find((r): r is PromiseRejectedResult => r.status === 'rejected')!.reason as TRPCError;
    expect([lost.code, keyOf(lost)]).toEqual(['CONFLICT', 'errors.concurrentEdit']);
    const won = results.find((r) => r.status === 'fulfilled')!.value;
    const after = await manager.call((api) => api.workItem.get({ id }));
    expect(after).toMatchObject({ assigneeId: won.assigneeId, version: version + 1 });
    // A round robin on the stale version is refused too, and its pointer does not move.
    const pointer = async () => (await t.owner.pool.query(`select last_assigned_user_id from stations where id = $1`, [after.stationId])).rows[0].last_assigned_user_id as string | null;
    const before = await pointer();
    const e = await error(manager.call((api) => api.workItem.assign({ id, roundRobin: true, version })));
    expect(keyOf(e)).toBe('errors.concurrentEdit');
    expect(await pointer()).toBe(before);
    expect((await manager.call((api) => api.workItem.get({ id }))).version).toBe(version + 1);
  });

  it('staff cannot assign to someone of another station', async () => {
    const { id } = await portalRequest();
    const stranger = await makeMember(t.owner, tenant, 'staff', { stationIndexes: [1] });
    const e = await error(staff.call((api) => api.workItem.assign({ id, assigneeId: stranger.id })));
    expect(e.code).toBe('BAD_REQUEST');
  });
});

describe('SLA', () => {
  it('an item created on the Friday before Spring Festival skips the holiday and counts the make-up Saturday', async () => {
    await withTenant(t.owner, tenant.tenantId, async (trx) => {
      const off = ['2026-02-15', '2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20', '2026-02-21', '2026-02-22', '2026-02-23'];
      await trx
        .insertInto('calendar_days')
        .values([...off.map((day) => ({ tenant_id: tenant.tenantId, day, kind: 'holiday' as const, name: '春节' })), { tenant_id: tenant.tenantId, day: '2026-02-14', kind: 'workday' as const, name: '春节调休' }])
        .onConflict((oc) => oc.doNothing())
        .execute();
    });
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-02-13T10:00:00+08:00'));
    const { id } = await staff.call((api) => api.workItem.create({ kind: 'consultation', title: '春节前来访', channel: 'walk_in', stationId: tenant.stations[0]!.id, assign: { mode: 'self' } }));
    vi.useRealTimers();
    const item = await staff.call((api) => api.workItem.get({ id }));
    expect(item.resolutionDueAt).toBe(new Date('2026-02-25T10:00:00+08:00').toISOString());
    expect(item.number).toMatch(/^ZX-2026-/);
  });
});

describe('search', () => {
  const create = (c: Client, title: string, station = 0) =>
    c.call((api) => api.workItem.create({ kind: 'consultation', title, channel: 'phone', stationId: tenant.stations[station]!.id }));

  it('finds by two characters of the title, by the number in any case, within the searcher’s scope only', async () => {
    const a = await create(staff, '二次装修搜索测试：楼层隔断的报审材料');
    const b = await create(staff, '搜索测试 装 修 期间噪声投诉');
    const c = await create(staffOther, '另一站的装修搜索测试', 1);
    await create(staff, '搜索测试：社保缴费基数调整');
    const ids = (r: { items: { id: string }[] }) => r.items.map((i) => i.id).sort();

    // Whitespace in the title does not break a fragment; 装修 is one gram.
    expect(ids(await staff.call((api) => api.workItem.list({ view: 'all', q: '装修' })))).toEqual([a.id, b.id].sort());
    expect(ids(await manager.call((api) => api.workItem.list({ view: 'all', q: '装修' })))).toEqual([a.id, b.id, c.id].sort());
    // Longer fragments need their characters in a row, not just the grams somewhere.
    expect(ids(await staff.call((api) => api.workItem.list({ view: 'all', q: '隔断的报审' })))).toEqual([a.id]);
    expect(ids(await staff.call((api) => api.workItem.list({ view: 'all', q: '报审隔断' })))).toEqual([]);
    expect(ids(await staff.call((api) => api.workItem.list({ view: 'queue', q: ` ${a.number.toLowerCase()} ` })))).toEqual([a.id]);
    // Another station's number is not found by staff of this one.
    expect(ids(await staff.call((api) => api.workItem.list({ view: 'all', q: c.number })))).toEqual([]);
  });

  it('a changed title is found by its new words and no longer by its old ones', async () => {
    const item = await create(staff, '搜索改名：空调噪声扰民');
    // Titles change only through bulk corrections today: as the table owner, under the trigger.
    await t.owner.pool.query(`update work_items set title = '搜索改名：电梯维保合同' where id = $1`, [item.id]);
    const ids = async (q: string) => (await staff.call((api) => api.workItem.list({ view: 'all', q }))).items.map((i) => i.id);
    expect(await ids('电梯')).toEqual([item.id]);
    expect(await ids('空调')).toEqual([]);
    const { rows } = await t.owner.pool.query<{ n: number }>('select count(*)::int as n from work_item_title_grams where item_id = $1', [item.id]);
    expect(rows[0]!.n).toBe(new Set([...'搜索改名：电梯维保合同'].slice(1).map((c, i) => [...'搜索改名：电梯维保合同'][i]! + c)).size);
  });

  it('LIKE wildcards in the text are taken literally', async () => {
    const pct = await create(staff, '减免 5% 租金的政策咨询');
    await create(staff, '减免 50 元租金的政策咨询');
    const r = await staff.call((api) => api.workItem.list({ view: 'all', q: '5%' }));
    expect(r.items.map((i) => i.id)).toEqual([pct.id]);
  });

  it('one character, or more than fifty, is a clear BAD_REQUEST', async () => {
    for (const q of ['装', ' 装 ', 'x'.repeat(51)]) {
      expect((await error(staff.call((api) => api.workItem.list({ view: 'all', q })))).code).toBe('BAD_REQUEST');
    }
  });
});
