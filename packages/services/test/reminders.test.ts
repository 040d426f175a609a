import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTenant } from '@stationdesk/db';
import { fireReminder, flushDeliveries, scheduleDigests, type Senders } from '@stationdesk/services';
import { apiDeps, makeMember, makeTenant, openTestDb, signedIn, type Client, type TestTenant } from '@stationdesk/test-utils';

/** The reminder rules, through the real procedures and the services the worker runs. */
let t: ReturnType<typeof openTestDb>;
let tenant: TestTenant;
let other: TestTenant;
let staff: Client;
let staffId: string;
let managerId: string;

const noSend: Senders = {
  email: async () => ({}),
  webhook: async () => ({}),
};

async function scheduled(itemId: string) {
  const { rows } = await t.owner.pool.query(`select kind, status, due_at from reminders where subject_id = $1 order by due_at`, [itemId]);
  return rows as { kind: string; status: string; due_at: string }[];
}

async function fire(tenantId: string, reminderId: string, now: Date) {
  return withTenant(t.db, tenantId, (trx) => fireReminder({ trx, tenantId, timezone: 'Asia/Shanghai' }, reminderId, now));
}

beforeAll(async () => {
  t = openTestDb();
  tenant = await makeTenant(t.owner);
  other = await makeTenant(t.owner);
  const s = await makeMember(t.owner, tenant, 'staff', { stationIndexes: [0] });
  staffId = s.id;
  staff = await signedIn(apiDeps(t.db), s.email);
  managerId = (await makeMember(t.owner, tenant, 'manager')).id;
});
afterAll(() => t.close());

describe('scheduling follows the item', () => {
  it('a new item gets first-contact and resolution reminders; contacting and resolving cancel them', async () => {
    const { id } = await staff.call((api) => api.workItem.create({ kind: 'consultation', title: '提醒测试', channel: 'portal', stationId: tenant.stations[0]!.id }));
    const kinds = (await scheduled(id)).filter((r) => r.status === 'scheduled').map((r) => r.kind);
    expect(kinds).toEqual(['first_contact_warning', 'first_contact_breach', 'resolution_warning', 'resolution_overdue']);
    await staff.call((api) => api.workItem.assign({ id, assigneeId: staffId }));
    const v = (await staff.call((api) => api.workItem.get({ id }))).version;
    await staff.call((api) => api.workItem.transition({ id, action: 'accept', version: v }));
    await staff.call((api) => api.workItem.recordContact({ id }));
    expect((await scheduled(id)).filter((r) => r.status === 'scheduled').map((r) => r.kind)).toEqual(['resolution_warning', 'resolution_overdue']);
    const v2 = (await staff.call((api) => api.workItem.get({ id }))).version;
    await staff.call((api) => api.workItem.transition({ id, action: 'resolve', note: '已答复', version: v2 }));
    const after = await scheduled(id);
    expect(after.filter((r) => r.kind.startsWith('resolution')).every((r) => r.status === 'cancelled')).toBe(true);
  });

  it('a moved due time moves the reminder: the old one is cancelled, the new one scheduled', async () => {
    const { id } = await staff.call((api) => api.workItem.create({ kind: 'consultation', title: '延期提醒', channel: 'phone', stationId: tenant.stations[0]!.id, assign: { mode: 'self' } }));
    const before = (await scheduled(id)).find((r) => r.kind === 'resolution_overdue' && r.status === 'scheduled')!;
    const item = await staff.call((api) => api.workItem.get({ id }));
    const later = new Date(new Date(item.resolutionDueAt!).getTime() + 3 * 86_400_000).toISOString();
    await staff.call((api) => api.workItem.requestExtension({ id, dueAt: later, reason: '等待部门回复' }));
    const manager = await signedIn(apiDeps(t.db), (await t.owner.pool.query('select email from users where id = $1', [managerId])).rows[0].email);
    await manager.call((api) => api.workItem.decideExtension({ id, approve: true }));
    const overdue = (await scheduled(id)).filter((r) => r.kind === 'resolution_overdue');
    expect(overdue.find((r) => r.status === 'cancelled')?.due_at).toBe(before.due_at);
    expect(overdue.find((r) => r.status === 'scheduled')?.due_at).toBe(later);
  });
});

describe('firing', () => {
  it('a due reminder fires once: deliveries per recipient and channel, then one inbox message', async () => {
    const { id } = await staff.call((api) => api.workItem.create({ kind: 'consultation', title: '即将超时的咨询', channel: 'phone', stationId: tenant.stations[0]!.id, assign: { mode: 'self' } }));
    const r = (await t.owner.pool.query(`select id, due_at from reminders where subject_id = $1 and kind = 'resolution_overdue' and status = 'scheduled'`, [id])).rows[0];
    const at = new Date(r.due_at);
    expect((await fire(tenant.tenantId, r.id, new Date(at.getTime() - 60_000))).outcome).toBe('not_due');
    const first = await fire(tenant.tenantId, r.id, at);
    expect(first.outcome).toBe('sent');
    expect(first.flush).toEqual(expect.arrayContaining([{ channel: 'inbox', target: staffId }, { channel: 'inbox', target: managerId }, { channel: 'email', target: staffId }]));
    expect((await fire(tenant.tenantId, r.id, at)).outcome).toBe('skipped');
    const inbox = await flushDeliveries(t.db, tenant.tenantId, 'inbox', staffId, noSend);
    expect(inbox.sent).toBeGreaterThanOrEqual(1);
    expect((await flushDeliveries(t.db, tenant.tenantId, 'inbox', staffId, noSend)).sent).toBe(0);
    const notes = await t.owner.pool.query(`select title, body from notifications where user_id = $1`, [staffId]);
    expect(notes.rows.some((n: { body: string }) => n.body.includes('即将超时的咨询'))).toBe(true);
    const deliveries = await t.owner.pool.query(`select count(*)::int as n from deliveries where reminder_id = $1`, [r.id]);
    expect(deliveries.rows[0].n).toBe(first.flush.length);
  });

  it('a reminder for an item resolved meanwhile is dropped', async () => {
    const { id } = await staff.call((api) => api.workItem.create({ kind: 'consultation', title: '已办结', channel: 'phone', stationId: tenant.stations[0]!.id, assign: { mode: 'self' } }));
    const r = (await t.owner.pool.query(`select id, due_at from reminders where subject_id = $1 and kind = 'resolution_overdue' and status = 'scheduled'`, [id])).rows[0];
    // Resolved behind the reminder's back (as if the cancellation had been lost).
    await t.owner.pool.query(`update work_items set status = 'resolved', resolved_at = now() where id = $1`, [id]);
    expect((await fire(tenant.tenantId, r.id, new Date(r.due_at))).outcome).toBe('dropped');
    expect((await t.owner.pool.query(`select status from reminders where id = $1`, [r.id])).rows[0].status).toBe('cancelled');
    expect((await t.owner.pool.query(`select count(*)::int as n from deliveries where reminder_id = $1`, [r.id])).rows[0].n).toBe(0);
  });

  it('a tenant’s reminder never mentions another tenant: firing in the wrong tenant finds nothing', async () => {
    const { id } = await staff.call((api) => api.workItem.create({ kind: 'consultation', title: '甲街道的秘密', channel: 'phone', stationId: tenant.stations[0]!.id, assign: { mode: 'self' } }));
    const r = (await t.owner.pool.query(`select id, due_at from reminders where subject_id = $1 and kind = 'resolution_overdue'`, [id])).rows[0];
    expect((await fire(other.tenantId, r.id, new Date(r.due_at))).outcome).toBe('skipped');
    expect((await t.owner.pool.query(`select status from reminders where id = $1`, [r.id])).rows[0].status).toBe('scheduled');
  });
});

describe('digests', () => {
  it('the staff digest is made at 08:30 on working days only: a holiday no, a make-up Saturday yes', async () => {
    const fresh = await makeTenant(t.owner);
    await makeMember(t.owner, fresh, 'staff', { stationIndexes: [0] });
    await withTenant(t.owner, fresh.tenantId, (trx) =>
      trx
        .insertInto('calendar_days')
        .values([
          { tenant_id: fresh.tenantId, day: '2026-10-01', kind: 'holiday', name: '国庆节' },
          { tenant_id: fresh.tenantId, day: '2026-10-10', kind: 'workday', name: '国庆调休' },
        ])
        .execute(),
    );
    const at = (s: string) => new Date(`${s}+08:00`);
    expect(await scheduleDigests(t.db, null, fresh.tenantId, 'Asia/Shanghai', at('2026-10-01T09:00:00'))).toBe(0); // holiday Thursday
    expect(await scheduleDigests(t.db, null, fresh.tenantId, 'Asia/Shanghai', at('2026-10-11T09:00:00'))).toBe(0); // Sunday
    expect(await scheduleDigests(t.db, null, fresh.tenantId, 'Asia/Shanghai', at('2026-10-10T08:00:00'))).toBe(0); // before 08:30
    expect(await scheduleDigests(t.db, null, fresh.tenantId, 'Asia/Shanghai', at('2026-10-10T08:31:00'))).toBe(1); // make-up Saturday
    expect(await scheduleDigests(t.db, null, fresh.tenantId, 'Asia/Shanghai', at('2026-10-10T09:31:00'))).toBe(0); // once a day
  });
});
