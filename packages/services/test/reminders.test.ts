import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTenant } from '@stationdesk/db';
import { fireReminder, fireReminders, flushDeliveries, flushInbox, replanSubjects, scheduleDigests, syncDocumentReminders, syncItemReminders, type Senders } from '@stationdesk/services';
import { apiDeps, client, makeMember, makeTenant, openTestDb, PASSWORD, signedIn, uid, type Client, type TestTenant } from '@stationdesk/test-utils';
import { insertReminders } from '@stationdesk/test-utils/worker';

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

describe('firing in batches', () => {
  /** A reminder for one person, due at `dueAt`, with nothing planned behind it. */
  const userReminders = (tenantId: string, userId: string, dueAt: Date, n = 1) =>
    insertReminders(
      t.owner,
      tenantId,
      Array.from({ length: n }, () => ({ kind: 'test_reminder', subjectType: 'user' as const, subjectId: userId, recipients: [`user:${userId}`], channels: ['inbox' as const], dueAt, key: `test:${uid()}` })),
    );
  const overdueReminderOf = async (itemId: string) => {
    const r = (await t.owner.pool.query(`select id, due_at from reminders where subject_id = $1 and kind = 'resolution_overdue' and status = 'scheduled'`, [itemId])).rows[0] as { id: string; due_at: string };
    return { id: r.id, due_at: new Date(r.due_at) };
  };
  const statusOf = async (id: string) => (await t.owner.pool.query(`select status from reminders where id = $1`, [id])).rows[0]?.status as string;
  const deliveriesOf = async (ids: string[]) =>
    (await t.owner.pool.query(`select reminder_id, channel, target from deliveries where reminder_id = any($1::uuid[])`, [ids])).rows as { reminder_id: string; channel: string; target: string }[];
  /** Two transactions side by side: the first holds its locks until `release` is called. */
  function held<T>(tenantId: string, fn: Parameters<typeof withTenant<T>>[2]) {
    let release!: () => void;
    let ready!: (v: T) => void;
    const done = new Promise<void>((r) => (release = r));
    const reached = new Promise<T>((r) => (ready = r));
    const committed = withTenant(t.db, tenantId, async (trx) => {
      const v = await fn(trx);
      ready(v);
      await done;
      return v;
    });
    return { reached, release, committed };
  }

  it('a batch of due, resolved, cancelled, not yet due, already sent and foreign reminders: each gets its own outcome', async () => {
    const due = await staff.call((api) => api.workItem.create({ kind: 'consultation', title: '批量到期', channel: 'phone', stationId: tenant.stations[0]!.id, assign: { mode: 'self' } }));
    const resolved = await staff.call((api) => api.workItem.create({ kind: 'consultation', title: '批量已办结', channel: 'phone', stationId: tenant.stations[0]!.id, assign: { mode: 'self' } }));
    const rDue = await overdueReminderOf(due.id);
    const rResolved = await overdueReminderOf(resolved.id);
    await t.owner.pool.query(`update work_items set status = 'resolved', resolved_at = now() where id = $1`, [resolved.id]);
    // A licence expiring in ten days: its 7-day reminder is scheduled (the 30-day one already past).
    const expiresOn = new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10);
    const [doc] = (
      await t.owner.pool.query(`insert into enterprise_documents (tenant_id, enterprise_id, doc_type, expires_on) values ($1, $2, 'business_licence', $3) returning id`, [
        tenant.tenantId,
        tenant.enterpriseIds[0],
        expiresOn,
      ])
    ).rows as { id: string }[];
    await withTenant(t.db, tenant.tenantId, (trx) => syncDocumentReminders({ trx, tenantId: tenant.tenantId, timezone: 'Asia/Shanghai' }, doc!.id));
    const rDoc = (await t.owner.pool.query(`select id, due_at from reminders where subject_id = $1 and status = 'scheduled'`, [doc!.id])).rows as { id: string; due_at: string }[];
    expect(rDoc).toHaveLength(1);

    const now = new Date(Math.max(rDue.due_at.getTime(), rResolved.due_at.getTime(), Date.parse(rDoc[0]!.due_at)) + 1000);
    const [early] = await userReminders(tenant.tenantId, staffId, new Date(now.getTime() + 3_600_000));
    const [cancelled, sentBefore] = await userReminders(tenant.tenantId, staffId, now, 2);
    await t.owner.pool.query(`update reminders set status = 'cancelled' where id = $1`, [cancelled]);
    expect((await fire(tenant.tenantId, sentBefore!, now)).outcome).toBe('sent');
    const [foreign] = await userReminders(other.tenantId, (await makeMember(t.owner, other, 'staff')).id, now);

    const ids = [rDue.id, rResolved.id, rDoc[0]!.id, early!, cancelled!, sentBefore!, foreign!];
    const result = await withTenant(t.db, tenant.tenantId, (trx) => fireReminders({ trx, tenantId: tenant.tenantId }, ids, now));
    expect(Object.fromEntries(ids.map((id) => [id, result.outcomes.get(id)]))).toEqual({
      [rDue.id]: { outcome: 'sent' },
      [rResolved.id]: { outcome: 'dropped' },
      [rDoc[0]!.id]: { outcome: 'sent' },
      [early!]: { outcome: 'not_due', dueAt: new Date(now.getTime() + 3_600_000).toISOString() },
      [cancelled!]: { outcome: 'dropped' },
      [sentBefore!]: { outcome: 'skipped' },
      [foreign!]: { outcome: 'skipped' },
    });
    // The resolved item's reminder is left for the re-plan, which cancels it.
    expect(result.replan).toEqual([{ type: 'work_item', id: resolved.id }]);
    expect(await statusOf(rResolved.id)).toBe('scheduled');
    await withTenant(t.db, tenant.tenantId, (trx) => replanSubjects({ trx, tenantId: tenant.tenantId }, result.replan));
    expect(await statusOf(rResolved.id)).toBe('cancelled');

    expect(await Promise.all(ids.map(statusOf))).toEqual(['sent', 'cancelled', 'sent', 'scheduled', 'cancelled', 'sent', 'scheduled']);
    const deliveries = await deliveriesOf(ids);
    const key = (d: { reminder_id: string; channel: string; target: string }) => `${d.reminder_id === rDue.id ? 'due' : d.reminder_id === rDoc[0]!.id ? 'doc' : d.reminder_id === sentBefore ? 'before' : d.reminder_id}:${d.channel}:${d.target === staffId ? 'staff' : d.target === managerId ? 'manager' : d.target}`;
    expect(deliveries.map(key).sort()).toEqual(['before:inbox:staff', 'doc:email:staff', 'doc:inbox:staff', 'due:email:manager', 'due:email:staff', 'due:inbox:manager', 'due:inbox:staff']);
    // Each (channel, target) to flush once, however many reminders it has.
    expect(result.flush).toHaveLength(new Set(result.flush.map((f) => `${f.channel}:${f.target}`)).size);
    expect(result.flush).toEqual(expect.arrayContaining([{ channel: 'inbox', target: staffId }, { channel: 'email', target: managerId }]));
  });

  it('two workers firing the same batch at once: the second finds it busy without waiting, a third finds it sent — one delivery each', async () => {
    const now = new Date();
    const ids = await userReminders(tenant.tenantId, staffId, now, 5);
    const first = held(tenant.tenantId, (trx) => fireReminders({ trx, tenantId: tenant.tenantId }, ids, now));
    try {
      expect([...(await first.reached).outcomes.values()].map((o) => o.outcome)).toEqual(Array(5).fill('sent'));
      const second = await withTenant(t.db, tenant.tenantId, (trx) => fireReminders({ trx, tenantId: tenant.tenantId }, ids, now));
      expect([...second.outcomes.values()].map((o) => o.outcome)).toEqual(Array(5).fill('busy'));
      expect(second.flush).toEqual([]);
    } finally {
      first.release();
      await first.committed;
    }
    const third = await withTenant(t.db, tenant.tenantId, (trx) => fireReminders({ trx, tenantId: tenant.tenantId }, ids, now));
    expect([...third.outcomes.values()].map((o) => o.outcome)).toEqual(Array(5).fill('skipped'));
    expect((await deliveriesOf(ids)).map((d) => d.reminder_id).sort()).toEqual([...ids].sort());
  });

  it('a batch and a transition re-planning the same item never deadlock: the transition waits for the batch, the batch does not wait for it', async () => {
    const item = await staff.call((api) => api.workItem.create({ kind: 'consultation', title: '并发重排', channel: 'phone', stationId: tenant.stations[0]!.id, assign: { mode: 'self' } }));
    const r = await overdueReminderOf(item.id);
    const [other] = await userReminders(tenant.tenantId, staffId, r.due_at);
    const replan = (trx: Parameters<Parameters<typeof withTenant>[2]>[0]) => syncItemReminders({ trx, tenantId: tenant.tenantId, timezone: 'Asia/Shanghai' }, item.id);

    // A transition holds the item's reminders: the batch fires the rest and reports this one busy at once.
    const transition = held(tenant.tenantId, replan);
    try {
      await transition.reached;
      const batch = await withTenant(t.db, tenant.tenantId, (trx) => fireReminders({ trx, tenantId: tenant.tenantId }, [r.id, other!], r.due_at));
      expect([batch.outcomes.get(r.id)?.outcome, batch.outcomes.get(other!)?.outcome]).toEqual(['busy', 'sent']);
    } finally {
      transition.release();
      await transition.committed;
    }

    // The batch holds it: the transition waits for the commit, then finds it sent and leaves it be.
    const firing = held(tenant.tenantId, (trx) => fireReminders({ trx, tenantId: tenant.tenantId }, [r.id], r.due_at));
    let replanned = false;
    let waiting: Promise<unknown> = Promise.resolve();
    try {
      expect((await firing.reached).outcomes.get(r.id)?.outcome).toBe('sent');
      waiting = withTenant(t.db, tenant.tenantId, replan).then(() => (replanned = true));
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(replanned).toBe(false);
    } finally {
      firing.release();
      await Promise.all([firing.committed, waiting]);
    }
    expect(await statusOf(r.id)).toBe('sent');
  });

  it('the inbox of a tenant is flushed set-based: one notification per person, each delivery once even with two flushes at once', async () => {
    const fresh = await makeTenant(t.owner);
    const people = [await makeMember(t.owner, fresh, 'staff'), await makeMember(t.owner, fresh, 'staff')];
    const now = new Date();
    const ids = [...(await userReminders(fresh.tenantId, people[0]!.id, now, 3)), ...(await userReminders(fresh.tenantId, people[1]!.id, now, 2))];
    await withTenant(t.db, fresh.tenantId, (trx) => fireReminders({ trx, tenantId: fresh.tenantId }, ids, now));
    const [a, b] = await Promise.all([flushInbox(t.db, fresh.tenantId, { limit: 3 }), flushInbox(t.db, fresh.tenantId, { limit: 3 })]);
    const rest = await flushInbox(t.db, fresh.tenantId);
    expect(a.sent + b.sent + rest.sent).toBe(5);
    expect((await flushInbox(t.db, fresh.tenantId)).sent).toBe(0);
    const notes = (await t.owner.pool.query(`select user_id, items from notifications where tenant_id = $1`, [fresh.tenantId])).rows as { user_id: string; items: unknown[] }[];
    const lines = (userId: string) => notes.filter((n) => n.user_id === userId).reduce((s, n) => s + n.items.length, 0);
    expect([lines(people[0]!.id), lines(people[1]!.id)]).toEqual([3, 2]);
    expect((await t.owner.pool.query(`select count(*)::int as n from deliveries where reminder_id = any($1::uuid[]) and status = 'sent'`, [ids])).rows[0].n).toBe(5);
  });
});

describe('the recipient’s language', () => {
  it('a fired reminder reaches each person’s inbox in their language: English for one who signed in with English chosen, Chinese for the rest', async () => {
    const fresh = await makeTenant(t.owner);
    const english = await makeMember(t.owner, fresh, 'staff', { stationIndexes: [0] });
    const chinese = (await makeMember(t.owner, fresh, 'manager')).id;
    const switched = await makeMember(t.owner, fresh, 'manager');
    // Signed in with the language switch on English (the sd_lang cookie): that is remembered.
    const c = client(apiDeps(t.db), { headers: { cookie: 'sd_lang=en' } });
    await c.call((api) => api.auth.signIn({ email: english.email, password: PASSWORD }));
    // Switched to English once signed in (what /set-language calls).
    await (await signedIn(apiDeps(t.db), switched.email)).call((api) => api.auth.setLocale({ locale: 'en' }));
    const { id } = await c.call((api) => api.workItem.create({ kind: 'consultation', title: '语言测试', channel: 'phone', stationId: fresh.stations[0]!.id, assign: { mode: 'self' } }));
    const r = (await t.owner.pool.query(`select id, due_at from reminders where subject_id = $1 and kind = 'resolution_overdue' and status = 'scheduled'`, [id])).rows[0];
    expect((await fire(fresh.tenantId, r.id, new Date(r.due_at))).outcome).toBe('sent');
    for (const target of [english.id, switched.id, chinese]) await flushDeliveries(t.db, fresh.tenantId, 'inbox', target, noSend);
    const noteOf = async (userId: string) => (await t.owner.pool.query(`select title, body from notifications where user_id = $1`, [userId])).rows[0] as { title: string; body: string };
    for (const userId of [english.id, switched.id]) {
      const en = await noteOf(userId);
      expect(en.title).toBe('You have 1 reminder');
      expect(en.body).toContain('Past the resolution deadline: 语言测试');
    }
    const zh = await noteOf(chinese);
    expect(zh.title).toBe('您有 1 条待办提醒');
    expect(zh.body).toContain('已超过办结时限：语言测试');
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
