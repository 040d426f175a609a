import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { withTenant } from '@stationdesk/db';
import type { QueueBackend, QueueProducer } from '@stationdesk/jobs';
import { allowRobotHosts, checkWebhookUrl, createSenders, flushDeliveries, isPublicAddress, opsOverview, reconcile } from '@stationdesk/services';
import { apiDeps, makeMember, makeTenant, makeUser, openTestDb, signedIn, uid, type Client, type TestTenant, error, keyOf } from '@stationdesk/test-utils';

/** The people side of reminders (inbox, robots, delivery log, outbox) and the operators' figures. */
let t: ReturnType<typeof openTestDb>;
let tenant: TestTenant;
let other: TestTenant;
let manager: Client;
let staff: Client;
let staffOther: Client;
let admin: Client;
let foreign: Client;
let operator: Client;
let staffId: string;
let staffOtherId: string;
let robots: Server;
let robotBase: string;
const received: { path: string; query: URLSearchParams; body: Record<string, unknown> }[] = [];
const enqueued: { name: string; payload: unknown; jobId: string | undefined }[] = [];
/** What the server logged (warnings and up): where the details of a failed send go. */
const logged: string[] = [];
const logger = pino({ level: 'warn' }, { write: (line: string) => void logged.push(line) });

/** A queue that records what is enqueued and reports fixed depths. */
const fakeBackend = {
  config: { kind: 'redis', url: 'redis://fake', prefix: 'fake' },
  queue: (name: string) => ({ getJobCounts: async () => ({ waiting: 3, delayed: 1, active: 0, failed: name === 'notifications' ? 2 : 0 }) }),
} as unknown as QueueBackend;
const queue: QueueProducer = {
  backend: fakeBackend,
  ping: async () => {},
  async enqueue(def, payload, opts) {
    enqueued.push({ name: def.name, payload, jobId: opts?.jobId });
  },
};


function readBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  return new Promise((done) => {
    let text = '';
    req.on('data', (c: Buffer) => (text += c.toString()));
    req.on('end', () => done(text ? (JSON.parse(text) as Record<string, unknown>) : {}));
  });
}

/** Answers of /slow/… held back while this is set (a robot that takes the message and answers too late). */
let slowRobotAnswersLate = true;
const heldAnswers: import('node:http').ServerResponse[] = [];

/** Robots on this machine: /ok/… accepts like WeCom and DingTalk, /bad/… refuses, /open-apis/… is Feishu, /slow/… may answer late. */
function startRobots(): Promise<string> {
  robots = createServer((req, res) => {
    void readBody(req).then((body) => {
      const url = new URL(req.url ?? '/', 'http://robot');
      received.push({ path: url.pathname, query: url.searchParams, body });
      if (url.pathname.startsWith('/slow/') && slowRobotAnswersLate) {
        heldAnswers.push(res);
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      if (url.pathname.startsWith('/bad/')) res.end(JSON.stringify({ errcode: 93000, errmsg: 'invalid webhook url' }));
      else if (url.pathname.startsWith('/open-apis/')) res.end(JSON.stringify({ code: 0, msg: 'success' }));
      else res.end(JSON.stringify({ errcode: 0, errmsg: 'ok' }));
    });
  });
  return new Promise((done) => robots.listen(0, '127.0.0.1', () => done(`http://127.0.0.1:${(robots.address() as AddressInfo).port}`)));
}

/** A port nobody listens on. */
function closedPort(): Promise<number> {
  return new Promise((done) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as AddressInfo;
      s.close(() => done(port));
    });
  });
}

beforeAll(async () => {
  t = openTestDb();
  robotBase = await startRobots();
  tenant = await makeTenant(t.owner);
  other = await makeTenant(t.owner);
  const deps = apiDeps(t.db, { queue, logger });
  manager = await signedIn(deps, (await makeMember(t.owner, tenant, 'manager')).email);
  const s = await makeMember(t.owner, tenant, 'staff', { stationIndexes: [0] });
  staffId = s.id;
  staff = await signedIn(deps, s.email);
  const s2 = await makeMember(t.owner, tenant, 'staff', { stationIndexes: [1] });
  staffOtherId = s2.id;
  staffOther = await signedIn(deps, s2.email);
  admin = await signedIn(deps, (await makeMember(t.owner, tenant, 'enterprise_admin', { enterpriseIndex: 0 })).email);
  foreign = await signedIn(deps, (await makeMember(t.owner, other, 'manager')).email);
  operator = await signedIn(deps, (await makeUser(t.owner, { platformAdmin: true })).email);
});
afterAll(async () => {
  robots.closeAllConnections();
  await new Promise((r) => robots.close(r));
  await t.close();
});
beforeEach(() => {
  received.length = 0;
  enqueued.length = 0;
  logged.length = 0;
});

async function notify(tenantId: string, userId: string, title: string, extra: { items?: unknown[]; read?: boolean } = {}) {
  return withTenant(t.owner, tenantId, (trx) =>
    trx
      .insertInto('notifications')
      .values({
        tenant_id: tenantId,
        user_id: userId,
        kind: 'resolution_overdue',
        title,
        body: title,
        items: JSON.stringify(extra.items ?? []),
        read_at: extra.read ? new Date() : null,
      })
      .returning('id')
      .executeTakeFirstOrThrow(),
  ).then((r) => r.id);
}

describe('inbox', () => {
  it('lists one’s own notifications newest first with the unread count, and marks them read', async () => {
    const itemId = '0190a3b0-0000-7000-8000-000000000001';
    const first = await notify(tenant.tenantId, staffId, '您有 1 条待办提醒', { items: [{ id: itemId, number: 'ZX-2026-000001', title: '已超过办结时限：稳岗补贴咨询', link: `/items/${itemId}` }] });
    const second = await notify(tenant.tenantId, staffId, '今日待办：2 件工单今天到期或已超时');
    await notify(tenant.tenantId, staffId, '已读的旧消息', { read: true });

    const list = await staff.call((api) => api.notification.list());
    expect(list.unread).toBe(2);
    expect(list.items.map((n) => n.id).filter((id) => id === first || id === second)).toEqual([second, first]);
    expect(list.items.find((n) => n.id === first)?.items[0]).toMatchObject({ number: 'ZX-2026-000001', link: `/items/${itemId}` });
    expect((await staff.call((api) => api.notification.list({ unreadOnly: true }))).items.every((n) => n.readAt === null)).toBe(true);
    expect(await staff.call((api) => api.notification.unreadCount())).toEqual({ count: 2 });

    expect(await staff.call((api) => api.notification.markRead({ ids: [first] }))).toEqual({ marked: 1 });
    expect(await staff.call((api) => api.notification.unreadCount())).toEqual({ count: 1 });
    expect(await staff.call((api) => api.notification.markRead({}))).toEqual({ marked: 1 });
    expect(await staff.call((api) => api.notification.unreadCount())).toEqual({ count: 0 });
  });

  it('another person’s notifications are invisible and cannot be marked read', async () => {
    const theirs = await notify(tenant.tenantId, staffOtherId, '别人的消息');
    const mine = await staff.call((api) => api.notification.list({ limit: 100 }));
    expect(mine.items.some((n) => n.id === theirs)).toBe(false);
    expect(await staff.call((api) => api.notification.markRead({ ids: [theirs] }))).toEqual({ marked: 0 });
    expect(await staffOther.call((api) => api.notification.unreadCount())).toEqual({ count: 1 });
    // Another tenant's manager does not see it either.
    expect((await foreign.call((api) => api.notification.list())).items.some((n) => n.id === theirs)).toBe(false);
  });

  it('every member has an inbox, enterprise admins too; only links into the app are passed on', async () => {
    const adminUser = (await t.owner.pool.query(`select user_id from memberships where tenant_id = $1 and role = 'enterprise_admin'`, [tenant.tenantId])).rows[0].user_id as string;
    await notify(tenant.tenantId, adminUser, '诉求已办结，请您评价', { items: [{ title: '外链', link: 'https://evil.example/phish' }] });
    const list = await admin.call((api) => api.notification.list());
    expect(list.unread).toBe(1);
    expect(list.items[0]!.items[0]!.link).toBeUndefined();
  });

  it('refuses bad input', async () => {
    expect((await error(staff.call((api) => api.notification.markRead({ ids: ['not-a-uuid'] })))).code).toBe('BAD_REQUEST');
    expect((await error(staff.call((api) => api.notification.list({ limit: 1000 })))).code).toBe('BAD_REQUEST');
    // A platform operator outside any tenant has no inbox.
    expect((await error(operator.call((api) => api.notification.unreadCount()))).code).toBe('FORBIDDEN');
  });
});

describe('station robots', () => {
  const station = () => tenant.stations[0]!.id;

  it('a manager adds a robot; the secret and the token never come back', async () => {
    const hook = await manager.call((api) =>
      api.webhook.save({ stationId: tenant.stations[1]!.id, provider: 'dingtalk', url: `${robotBase}/ok/robot/send?access_token=abcdef1234567890`, secret: 'SECabcdef0123456789', enabled: true }),
    );
    expect(hook).toMatchObject({ provider: 'dingtalk', hasSecret: true, enabled: true, stationName: '工作站2' });
    expect(hook.url).toBe(`${robotBase}/ok/robot/send?access_token=abcd…7890`);
    const listed = await manager.call((api) => api.webhook.list());
    expect(JSON.stringify(listed)).not.toContain('SECabcdef0123456789');
    expect(JSON.stringify(listed)).not.toContain('abcdef1234567890');

    // Editing without a new address or secret keeps both; switching it off is enough.
    const off = await manager.call((api) => api.webhook.save({ id: hook.id, stationId: tenant.stations[1]!.id, provider: 'dingtalk', enabled: false }));
    expect(off).toMatchObject({ enabled: false, hasSecret: true, url: hook.url });
    const audit = await t.owner.pool.query(`select action, data from audit_log where subject_id = $1 order by at`, [hook.id]);
    expect(audit.rows.map((r: { action: string }) => r.action)).toEqual(['webhook.create', 'webhook.update']);
    expect(JSON.stringify(audit.rows)).not.toContain('SECabcdef');

    // The test message is signed (timestamp + sign) and reaches the robot.
    const r = await manager.call((api) => api.webhook.test({ id: hook.id }));
    expect(r).toMatchObject({ ok: true, message: '测试消息已发送，请到群里确认是否收到。' });
    expect(received).toHaveLength(1);
    expect(received[0]!.query.get('access_token')).toBe('abcdef1234567890');
    expect(received[0]!.query.get('timestamp')).toMatch(/^\d+$/);
    expect(received[0]!.query.get('sign')).toBeTruthy();
    expect(JSON.stringify(received[0]!.body)).toContain('工作站2');

    // A removed secret is gone for good.
    const cleared = await manager.call((api) => api.webhook.save({ id: hook.id, stationId: tenant.stations[1]!.id, provider: 'dingtalk', secret: null, enabled: true }));
    expect(cleared.hasSecret).toBe(false);
  });

  it('a refusing robot and an unreachable one give a clear, translated reason', async () => {
    const bad = await manager.call((api) => api.webhook.save({ stationId: station(), provider: 'wecom', url: `${robotBase}/bad/cgi-bin/webhook/send?key=k-123`, enabled: true }));
    const refused = await manager.call((api) => api.webhook.test({ id: bad.id }));
    expect(refused).toMatchObject({ ok: false, reason: 'refused' });
    expect(refused.message).toContain('机器人拒绝了消息');
    expect(refused.message).toContain('93000');

    const port = await closedPort();
    await manager.call((api) => api.webhook.save({ id: bad.id, stationId: station(), provider: 'wecom', url: `http://127.0.0.1:${port}/cgi-bin/webhook/send?key=k-123`, enabled: true }));
    const unreachable = await manager.call((api) => api.webhook.test({ id: bad.id }));
    expect(unreachable).toMatchObject({ ok: false, reason: 'unreachable' });
    expect(unreachable.message).toContain('无法连接到机器人地址');
    // No socket details for the manager (they would map the internal network); the server log keeps them.
    expect(unreachable.message).not.toMatch(/ECONNREFUSED|127\.0\.0\.1/);
    expect(unreachable.message).not.toContain(String(port));
    expect(JSON.stringify(unreachable)).not.toContain('ECONNREFUSED');
    expect(logged.join('\n')).toContain('ECONNREFUSED');
    await manager.call((api) => api.webhook.delete({ id: bad.id }));
    expect((await manager.call((api) => api.webhook.list())).some((w) => w.id === bad.id)).toBe(false);
  });

  it('an address that leads to this machine is refused when connecting, whatever the URL says (a name resolving inside, an IPv4-mapped address)', async () => {
    // Stored directly, as if saved before the rule or re-resolved since (DNS rebinding): the check at connect time is what counts.
    const port = new URL(robotBase).port;
    const stationId = tenant.stations[1]!.id;
    for (const url of [`http://localhost:${port}/ok/cgi-bin/webhook/send?key=k-local`, `http://[::ffff:127.0.0.1]:${port}/ok/cgi-bin/webhook/send?key=k-mapped`]) {
      const { rows } = await t.owner.pool.query<{ id: string }>(
        `insert into station_webhooks (tenant_id, station_id, provider, url) values ($1, $2, 'wecom', $3) returning id`,
        [tenant.tenantId, stationId, url],
      );
      const r = await manager.call((api) => api.webhook.test({ id: rows[0]!.id }));
      expect(r, url).toMatchObject({ ok: false, reason: 'unreachable' });
      expect(r.message, url).not.toMatch(/127\.0\.0\.1|localhost|ffff|ECONN/);
      expect(r.message, url).not.toContain(port);
      expect(received, url).toHaveLength(0);
      expect(logged.join('\n'), url).toContain('not a public address');
      logged.length = 0;
      await t.owner.pool.query('delete from station_webhooks where id = $1', [rows[0]!.id]);
    }
  });

  it('a Feishu robot is tested in its own dialect', async () => {
    const hook = await manager.call((api) => api.webhook.save({ stationId: station(), provider: 'feishu', url: `${robotBase}/open-apis/bot/v2/hook/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0`, secret: 'feishu-secret', enabled: true }));
    expect(hook.url).toBe(`${robotBase}/open-apis/bot/v2/hook/0f1e…e1f0`);
    expect(await manager.call((api) => api.webhook.test({ id: hook.id }))).toMatchObject({ ok: true });
    expect(received[0]!.body).toMatchObject({ msg_type: 'text', sign: expect.any(String), timestamp: expect.any(String) });
    await manager.call((api) => api.webhook.delete({ id: hook.id }));
  });

  it('refuses addresses that are not the provider’s kind, plain http off this machine, and a second robot of a kind', async () => {
    const save = (url: string, provider: 'wecom' | 'dingtalk' | 'feishu' = 'wecom') => manager.call((api) => api.webhook.save({ stationId: station(), provider, url, enabled: true }));
    const cases: [string, 'wecom' | 'dingtalk' | 'feishu', string][] = [
      ['http://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abc', 'wecom', 'errors.webhook.httpsRequired'],
      ['https://qyapi.weixin.qq.com/cgi-bin/webhook/send', 'wecom', 'errors.webhook.urlShape.wecom'],
      ['https://oapi.dingtalk.com/robot/send', 'dingtalk', 'errors.webhook.urlShape.dingtalk'],
      ['https://open.feishu.cn/open-apis/bot/v2/', 'feishu', 'errors.webhook.urlShape.feishu'],
      ['ftp://example.com/hook/x', 'feishu', 'errors.webhook.invalidUrl'],
      ['not a url', 'wecom', 'errors.webhook.invalidUrl'],
      ['https://user:pw@qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abc', 'wecom', 'errors.webhook.invalidUrl'],
    ];
    for (const [url, provider, key] of cases) {
      const e = await error(save(url, provider));
      expect(e.code, url).toBe('BAD_REQUEST');
      expect(keyOf(e), url).toBe(key);
    }
    expect((await error(manager.call((api) => api.webhook.save({ stationId: station(), provider: 'slack' as never, url: 'https://x', enabled: true })))).code).toBe('BAD_REQUEST');
    expect((await error(manager.call((api) => api.webhook.save({ stationId: station(), provider: 'wecom', enabled: true })))).code).toBe('BAD_REQUEST');
    expect(keyOf(await error(manager.call((api) => api.webhook.save({ stationId: other.stations[0]!.id, provider: 'wecom', url: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abc', enabled: true }))))).toBe(
      'errors.workItem.unknownStation',
    );

    const real = await save('https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa');
    expect(real.hasSecret).toBe(false);
    const dup = await error(save('https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=another'));
    expect(dup.code).toBe('CONFLICT');
    expect(keyOf(dup)).toBe('errors.webhook.duplicate');
    await manager.call((api) => api.webhook.delete({ id: real.id }));
  });

  it('staff and enterprise admins may not manage robots; another tenant’s robot is not found', async () => {
    const hook = await manager.call((api) => api.webhook.save({ stationId: station(), provider: 'dingtalk', url: `${robotBase}/ok/robot/send?access_token=t-1`, enabled: true }));
    for (const c of [staff, admin]) {
      expect((await error(c.call((api) => api.webhook.list()))).code).toBe('FORBIDDEN');
      expect((await error(c.call((api) => api.webhook.test({ id: hook.id })))).code).toBe('FORBIDDEN');
      expect((await error(c.call((api) => api.webhook.delete({ id: hook.id })))).code).toBe('FORBIDDEN');
      expect((await error(c.call((api) => api.webhook.save({ stationId: station(), provider: 'feishu', url: 'https://open.feishu.cn/open-apis/bot/v2/hook/x', enabled: true })))).code).toBe('FORBIDDEN');
    }
    expect((await error(foreign.call((api) => api.webhook.test({ id: hook.id })))).code).toBe('NOT_FOUND');
    expect((await error(foreign.call((api) => api.webhook.delete({ id: hook.id })))).code).toBe('NOT_FOUND');
    expect((await error(foreign.call((api) => api.webhook.save({ id: hook.id, stationId: other.stations[0]!.id, provider: 'dingtalk', enabled: false })))).code).toBe('NOT_FOUND');
    expect(await foreign.call((api) => api.webhook.list())).toEqual([]);
    expect(received).toHaveLength(0);
    expect((await manager.call((api) => api.webhook.list())).find((w) => w.id === hook.id)?.enabled).toBe(true);
    await manager.call((api) => api.webhook.delete({ id: hook.id }));
  });
});

describe('robot addresses in production', () => {
  it('refuses this machine and private networks (the send test must not probe internal services)', () => {
    // Production: no host let through (WEBHOOK_ALLOW_HOSTS unset).
    allowRobotHosts([]);
    try {
      for (const url of [
        'http://127.0.0.1:8080/cgi-bin/webhook/send?key=abc',
        'https://localhost/cgi-bin/webhook/send?key=abc',
        'https://10.1.2.3/cgi-bin/webhook/send?key=abc',
        'https://192.168.0.10/cgi-bin/webhook/send?key=abc',
        'https://172.20.0.1/cgi-bin/webhook/send?key=abc',
        'https://169.254.169.254/cgi-bin/webhook/send?key=abc',
        'https://[::1]/cgi-bin/webhook/send?key=abc',
        'https://[::ffff:127.0.0.1]:8443/cgi-bin/webhook/send?key=abc',
        'https://[::ffff:10.0.0.1]/cgi-bin/webhook/send?key=abc',
        'https://[::]/cgi-bin/webhook/send?key=abc',
        'https://0.0.0.0/cgi-bin/webhook/send?key=abc',
        'https://100.64.0.1/cgi-bin/webhook/send?key=abc',
        'https://224.0.0.1/cgi-bin/webhook/send?key=abc',
        'https://255.255.255.255/cgi-bin/webhook/send?key=abc',
        'https://[fe80::1]/cgi-bin/webhook/send?key=abc',
        'https://[fd12:3456::1]/cgi-bin/webhook/send?key=abc',
        'https://[64:ff9b::a00:1]/cgi-bin/webhook/send?key=abc',
        'https://app.localhost/cgi-bin/webhook/send?key=abc',
      ]) {
        expect(() => checkWebhookUrl('wecom', url), url).toThrow(expect.objectContaining({ messageKey: 'errors.webhook.privateAddress' }));
      }
      expect(checkWebhookUrl('wecom', 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6')).toBe('https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6');
      expect(checkWebhookUrl('wecom', 'https://172.32.0.1/cgi-bin/webhook/send?key=abc')).toContain('172.32.0.1');
      // NAT64 of a public address (what DNS64 gives on an IPv6-only network) is public.
      expect(checkWebhookUrl('wecom', 'https://[64:ff9b::808:808]/cgi-bin/webhook/send?key=abc')).toContain('64:ff9b');
      // Plain http is for hosts the operator lets through only.
      expect(() => checkWebhookUrl('wecom', 'http://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abc')).toThrow(expect.objectContaining({ messageKey: 'errors.webhook.httpsRequired' }));
    } finally {
      allowRobotHosts(['127.0.0.1']);
    }
  });
});

describe('which addresses a robot may connect to', () => {
  it('public unicast only; NAT64 by the IPv4 address it carries', () => {
    for (const a of ['127.0.0.1', '127.8.9.1', '10.0.0.1', '172.16.0.1', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '0.1.2.3', '224.0.0.251', '255.255.255.255', '192.0.2.1', '198.18.0.1', '240.0.0.1']) {
      expect(isPublicAddress(a), a).toBe(false);
    }
    for (const a of ['::', '::1', '::ffff:127.0.0.1', '::ffff:8.8.8.8', 'fe80::1', 'fd00::1', 'fc00::1', 'ff02::1', '64:ff9b::7f00:1', '64:ff9b::a00:1', '64:ff9b:1::1', '2002:7f00:1::1', '2001:db8::1', 'not-an-ip']) {
      expect(isPublicAddress(a), a).toBe(false);
    }
    for (const a of ['8.8.8.8', '101.226.103.106', '2408:8000::1', '240e:e1::1', '64:ff9b::808:808']) {
      expect(isPublicAddress(a), a).toBe(true);
    }
  });
});

describe('delivery log and retry', () => {
  let itemId: string;
  let itemNumber: string;
  let hookId: string;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    ({ id: itemId, number: itemNumber } = await staff.call((api) =>
      api.workItem.create({ kind: 'consultation', title: '发送记录测试', channel: 'phone', stationId: tenant.stations[0]!.id, assign: { mode: 'self' } }),
    ));
    hookId = (await manager.call((api) => api.webhook.save({ stationId: tenant.stations[0]!.id, provider: 'wecom', url: `${robotBase}/ok/cgi-bin/webhook/send?key=log-1`, enabled: true }))).id;
    await withTenant(t.owner, tenant.tenantId, async (trx) => {
      const docEnterprise = tenant.enterpriseIds[1]!;
      const doc = await trx.insertInto('enterprise_documents').values({ tenant_id: tenant.tenantId, enterprise_id: docEnterprise, doc_type: 'lease', expires_on: '2026-12-31' }).returning('id').executeTakeFirstOrThrow();
      const reminder = (kind: string, subjectType: 'work_item' | 'enterprise_document', subjectId: string) =>
        trx
          .insertInto('reminders')
          .values({ tenant_id: tenant.tenantId, kind, subject_type: subjectType, subject_id: subjectId, recipients: JSON.stringify(['assignee']), channels: ['inbox', 'email', 'webhook'], due_at: new Date(), status: 'sent', fired_at: new Date(), idempotency_key: `test:${uid()}` })
          .returning('id')
          .executeTakeFirstOrThrow();
      const onItem = await reminder('resolution_overdue', 'work_item', itemId);
      const onDoc = await reminder('document_expiry_30', 'enterprise_document', doc.id);
      const at = (s: number) => new Date(Date.now() - s * 1000);
      const rows = [
        { key: 'inbox', reminder_id: onItem.id, channel: 'inbox' as const, target: staffId, status: 'sent' as const, attempts: 1, created_at: at(50), sent_at: at(49) },
        { key: 'email', reminder_id: onItem.id, channel: 'email' as const, target: staffId, status: 'uncertain' as const, attempts: 1, last_error: 'interrupted between send and confirmation', created_at: at(40) },
        { key: 'webhook', reminder_id: onItem.id, channel: 'webhook' as const, target: hookId, status: 'failed' as const, attempts: 5, last_error: 'wecom robot refused: HTTP 200 {"errcode":93000}', created_at: at(30) },
        { key: 'doc', reminder_id: onDoc.id, channel: 'email' as const, target: staffId, status: 'failed' as const, attempts: 5, last_error: 'SMTP timeout', created_at: at(20) },
        { key: 'gone', reminder_id: onDoc.id, channel: 'webhook' as const, target: '0190a3b0-0000-7000-8000-00000000dead', status: 'failed' as const, attempts: 1, last_error: 'recipient or webhook no longer exists', created_at: at(10) },
      ];
      for (const { key, ...row } of rows) {
        ids[key] = (await trx.insertInto('deliveries').values({ tenant_id: tenant.tenantId, ...row }).returning('id').executeTakeFirstOrThrow()).id;
      }
    });
  });

  it('lists deliveries newest first with the reminder, its subject and the recipient', async () => {
    const page = await manager.call((api) => api.delivery.list());
    const mine = page.items.filter((d) => Object.values(ids).includes(d.id));
    expect(mine.map((d) => d.id)).toEqual([ids.gone, ids.doc, ids.webhook, ids.email, ids.inbox]);
    const byId = Object.fromEntries(mine.map((d) => [d.id, d]));
    expect(byId[ids.webhook!]).toMatchObject({
      reminderKind: 'resolution_overdue',
      channel: 'webhook',
      status: 'failed',
      attempts: 5,
      subject: { type: 'work_item', id: itemId, number: itemNumber, title: '发送记录测试' },
      recipient: { type: 'robot', provider: 'wecom', stationName: '工作站1' },
    });
    expect(byId[ids.email!]!.recipient).toMatchObject({ type: 'user', name: '测试用户' });
    expect(byId[ids.doc!]!.subject).toMatchObject({ type: 'enterprise', id: tenant.enterpriseIds[1] });
    expect(byId[ids.gone!]!.recipient).toBeNull();
  });

  it('filters by status and channel and pages with a cursor', async () => {
    const failed = await manager.call((api) => api.delivery.list({ status: 'failed' }));
    expect(failed.items.every((d) => d.status === 'failed')).toBe(true);
    expect(failed.items.map((d) => d.id)).toEqual(expect.arrayContaining([ids.webhook, ids.doc, ids.gone]));
    const robotsOnly = await manager.call((api) => api.delivery.list({ channel: 'webhook' }));
    expect(robotsOnly.items.every((d) => d.channel === 'webhook')).toBe(true);

    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await manager.call((api) => api.delivery.list({ limit: 2, ...(cursor ? { cursor } : {}) }));
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((d) => d.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen.filter((id) => Object.values(ids).includes(id))).toEqual([ids.gone, ids.doc, ids.webhook, ids.email, ids.inbox]);
    expect(new Set(seen).size).toBe(seen.length);

    expect(keyOf(await error(manager.call((api) => api.delivery.list({ cursor: 'garbage' }))))).toBe('errors.invalidCursor');
    expect((await error(manager.call((api) => api.delivery.list({ status: 'bogus' as never })))).code).toBe('BAD_REQUEST');
    expect((await error(manager.call((api) => api.delivery.list({ limit: 0 })))).code).toBe('BAD_REQUEST');
  });

  it('counts what needs attention', async () => {
    const a = await manager.call((api) => api.delivery.attention());
    expect(a.failed).toBeGreaterThanOrEqual(3);
    expect(a.uncertain).toBeGreaterThanOrEqual(1);
  });

  it('a failed delivery is sent again: pending, audited, and a flush enqueued after commit', async () => {
    expect(await manager.call((api) => api.delivery.retry({ id: ids.webhook! }))).toEqual({ id: ids.webhook, status: 'pending' });
    const row = (await t.owner.pool.query('select status, attempts, last_error from deliveries where id = $1', [ids.webhook])).rows[0];
    expect(row).toMatchObject({ status: 'pending', attempts: 0 });
    expect(enqueued).toHaveLength(1);
    expect(enqueued[0]).toMatchObject({ name: 'flush', payload: { tenantId: tenant.tenantId, channel: 'webhook', target: hookId } });
    expect(enqueued[0]!.jobId).toBe(`flush-${tenant.tenantId}-webhook-${hookId}`);
    const audit = (await t.owner.pool.query(`select action, actor_user_id, data from audit_log where subject_id = $1`, [ids.webhook])).rows;
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: 'delivery.retry', data: { from: 'failed', channel: 'webhook', attempts: 5 } });
  });

  it('only failed or uncertain deliveries are sent again; an uncertain one needs the warning acknowledged', async () => {
    const sent = await error(manager.call((api) => api.delivery.retry({ id: ids.inbox! })));
    expect(sent.code).toBe('CONFLICT');
    expect(keyOf(sent)).toBe('errors.delivery.notRetryable');

    const unconfirmed = await error(manager.call((api) => api.delivery.retry({ id: ids.email! })));
    expect(unconfirmed.code).toBe('PRECONDITION_FAILED');
    expect(keyOf(unconfirmed)).toBe('errors.delivery.confirmUncertain');
    expect((await t.owner.pool.query('select status from deliveries where id = $1', [ids.email])).rows[0].status).toBe('uncertain');
    await manager.call((api) => api.delivery.retry({ id: ids.email!, acknowledgeUncertain: true }));
    expect((await t.owner.pool.query('select status from deliveries where id = $1', [ids.email])).rows[0].status).toBe('pending');
    expect(enqueued.map((e) => e.payload)).toEqual([{ tenantId: tenant.tenantId, channel: 'email', target: staffId }]);
    expect(enqueued).toHaveLength(1);
  });

  it('staff and enterprise admins see no log; another tenant’s deliveries are not found', async () => {
    for (const c of [staff, admin]) {
      expect((await error(c.call((api) => api.delivery.list()))).code).toBe('FORBIDDEN');
      expect((await error(c.call((api) => api.delivery.retry({ id: ids.doc! })))).code).toBe('FORBIDDEN');
      expect((await error(c.call((api) => api.delivery.attention()))).code).toBe('FORBIDDEN');
    }
    expect((await error(foreign.call((api) => api.delivery.retry({ id: ids.doc! })))).code).toBe('NOT_FOUND');
    expect((await foreign.call((api) => api.delivery.list())).items.some((d) => Object.values(ids).includes(d.id))).toBe(false);
    expect((await t.owner.pool.query('select status from deliveries where id = $1', [ids.doc])).rows[0].status).toBe('failed');
    expect((await error(manager.call((api) => api.delivery.retry({ id: 'nope' })))).code).toBe('BAD_REQUEST');
    expect(enqueued).toHaveLength(0);
  });
});

describe('a robot that takes the message but answers too late', () => {
  it('is sent once and marked uncertain; no flush or reconcile sends it again; a manager’s “send again” sends it once more', async () => {
    const stationId = tenant.stations[1]!.id;
    const hook = await manager.call((api) => api.webhook.save({ stationId, provider: 'wecom', url: `${robotBase}/slow/cgi-bin/webhook/send?key=slow-1`, enabled: true }));
    const { id: itemId } = await staff.call((api) =>
      api.workItem.create({ kind: 'consultation', title: '机器人迟迟不答', channel: 'phone', stationId: tenant.stations[0]!.id, assign: { mode: 'self' } }),
    );
    const deliveryId = await withTenant(t.owner, tenant.tenantId, async (trx) => {
      const reminder = await trx
        .insertInto('reminders')
        .values({ tenant_id: tenant.tenantId, kind: 'resolution_overdue', subject_type: 'work_item', subject_id: itemId, recipients: JSON.stringify(['station_robot']), channels: ['webhook'], due_at: new Date(), status: 'sent', fired_at: new Date(), idempotency_key: `slow:${uid()}` })
        .returning('id')
        .executeTakeFirstOrThrow();
      const d = await trx.insertInto('deliveries').values({ tenant_id: tenant.tenantId, reminder_id: reminder.id, channel: 'webhook', target: hook.id, status: 'pending' }).returning('id').executeTakeFirstOrThrow();
      return d.id;
    });
    // The robot client's own timeouts, shortened: the robot holds its answer for as long as the test wants.
    const senders = createSenders({ smtp: null, robotTimeouts: { connectMs: 5_000, responseMs: 300 } });
    const slow = () => received.filter((r) => r.path.startsWith('/slow/'));
    const row = async () => (await t.owner.pool.query('select status, attempts, last_error from deliveries where id = $1', [deliveryId])).rows[0] as { status: string; attempts: number; last_error: string | null };

    expect(await flushDeliveries(t.db, tenant.tenantId, 'webhook', hook.id, senders)).toEqual({ sent: 0, uncertain: 1 });
    expect(slow()).toHaveLength(1);
    expect(await row()).toMatchObject({ status: 'uncertain', attempts: 1 });

    // Another flush (a retried job) and the reconciler leave it alone.
    expect(await flushDeliveries(t.db, tenant.tenantId, 'webhook', hook.id, senders)).toEqual({ sent: 0, uncertain: 0 });
    // A moment at which no digest falls due (03:00 in Shanghai), past the "stuck delivery" threshold.
    const later = new Date();
    later.setUTCHours(19, 0, 0, 0);
    if (later.getTime() < Date.now() + 60_000) later.setUTCDate(later.getUTCDate() + 1);
    await reconcile(t.db, queue, later);
    expect(enqueued.filter((e) => (e.payload as { target?: string }).target === hook.id)).toEqual([]);
    expect(slow()).toHaveLength(1);
    expect((await row()).status).toBe('uncertain');

    // The manager sees it and sends it again, knowing it may arrive twice.
    const listed = await manager.call((api) => api.delivery.list({ status: 'uncertain', channel: 'webhook' }));
    expect(listed.items.find((d) => d.id === deliveryId)).toMatchObject({ status: 'uncertain', recipient: { type: 'robot', provider: 'wecom' } });
    expect((await error(manager.call((api) => api.delivery.retry({ id: deliveryId })))).code).toBe('PRECONDITION_FAILED');
    slowRobotAnswersLate = false;
    await manager.call((api) => api.delivery.retry({ id: deliveryId, acknowledgeUncertain: true }));
    expect(enqueued.filter((e) => (e.payload as { target?: string }).target === hook.id)).toHaveLength(1);
    expect(await flushDeliveries(t.db, tenant.tenantId, 'webhook', hook.id, senders)).toEqual({ sent: 1, uncertain: 0 });
    expect(slow()).toHaveLength(2);
    expect(await row()).toMatchObject({ status: 'sent' });
    const audit = (await t.owner.pool.query(`select action, data from audit_log where subject_id = $1`, [deliveryId])).rows;
    expect(audit).toEqual([expect.objectContaining({ action: 'delivery.retry', data: expect.objectContaining({ from: 'uncertain', channel: 'webhook' }) })]);

    for (const res of heldAnswers.splice(0)) res.destroy();
    await manager.call((api) => api.webhook.delete({ id: hook.id }));
  });
});

describe('e-mail outbox', () => {
  it('managers read their tenant’s outbox, newest first; nobody else does', async () => {
    const write = (tenantId: string, subject: string) =>
      withTenant(t.owner, tenantId, (trx) => trx.insertInto('email_outbox').values({ tenant_id: tenantId, to_address: 'staff@example.test', subject, body_text: `${subject}\n• ZX-2026-000001 稳岗补贴咨询` }).execute());
    await write(tenant.tenantId, '您有 1 条待办提醒');
    await write(tenant.tenantId, '今日待办：3 件工单今天到期或已超时');
    await write(other.tenantId, '华漕镇的邮件');
    const page = await manager.call((api) => api.outbox.list({ limit: 1 }));
    expect(page.items).toHaveLength(1);
    expect(page.items[0]).toMatchObject({ subject: '今日待办：3 件工单今天到期或已超时', to: 'staff@example.test' });
    const rest = await manager.call((api) => api.outbox.list({ cursor: page.nextCursor! }));
    expect(rest.items.map((m) => m.subject)).toEqual(['您有 1 条待办提醒']);
    expect((await foreign.call((api) => api.outbox.list())).items.map((m) => m.subject)).toEqual(['华漕镇的邮件']);
    for (const c of [staff, admin]) expect((await error(c.call((api) => api.outbox.list()))).code).toBe('FORBIDDEN');
  });
});

describe('operations', () => {
  it('platform operators see queue depths, failures and workers; members of a tenant do not', async () => {
    const ops = await operator.call((api) => api.ops.queues());
    expect(ops.queueBackend).toBe('redis');
    expect(ops.queueError).toBeNull();
    expect(ops.queues.map((q) => q.name).sort()).toEqual(['digests', 'maintenance', 'notifications', 'reminders']);
    expect(ops.queues.find((q) => q.name === 'notifications')).toEqual({ name: 'notifications', waiting: 3, delayed: 1, active: 0, failed: 2 });
    expect(ops.deliveries24h.failed).toBeGreaterThanOrEqual(1);
    expect(Array.isArray(ops.workers)).toBe(true);
    expect(JSON.stringify(ops)).not.toContain('发送记录测试');
    for (const c of [manager, staff]) expect((await error(c.call((api) => api.ops.queues()))).code).toBe('FORBIDDEN');
  });

  it('reminder lag is measured across tenants over the last hour', async () => {
    // An hour of its own, far from anything else the run writes.
    const now = new Date('2099-01-01T12:00:00Z');
    const lags = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 100];
    for (const [i, lag] of lags.entries()) {
      const tn = i % 2 ? tenant : other;
      const due = new Date(now.getTime() - 30 * 60_000);
      await withTenant(t.owner, tn.tenantId, (trx) =>
        trx
          .insertInto('reminders')
          .values({ tenant_id: tn.tenantId, kind: 'resolution_overdue', subject_type: 'tenant', subject_id: null, recipients: '[]', due_at: due, status: 'sent', fired_at: new Date(due.getTime() + lag * 1000), idempotency_key: `lag:${uid()}` })
          .execute(),
      );
    }
    // Fired over an hour before: outside the window.
    await withTenant(t.owner, tenant.tenantId, (trx) =>
      trx
        .insertInto('reminders')
        .values({ tenant_id: tenant.tenantId, kind: 'resolution_overdue', subject_type: 'tenant', recipients: '[]', due_at: new Date(now.getTime() - 2 * 3_600_000), status: 'sent', fired_at: new Date(now.getTime() - 2 * 3_600_000 + 5_000), idempotency_key: `lag:${uid()}` })
        .execute(),
    );
    const o = await opsOverview({ db: t.db, backend: null }, now);
    expect(o.lag).toMatchObject({ count: 11, p50: 6, p95: 55, max: 100 });
    expect(o.lag.p99).toBeCloseTo(91, 6);
    expect(o.lag.buckets).toEqual([
      { le: 5, count: 5 },
      { le: 30, count: 5 },
      { le: 60, count: 0 },
      { le: 300, count: 1 },
      { le: 900, count: 0 },
      { le: null, count: 0 },
    ]);
    expect(o.queueError).toBe('no queue configured');
    expect(o.queues).toEqual([]);
  });

  it('a reminder already past due when it was scheduled counts its lag from when it was scheduled', async () => {
    const now = new Date('2098-06-01T12:00:00Z');
    const scheduled = new Date(now.getTime() - 10 * 60_000);
    // Due five days before it was even written (an item created late, a calendar recomputed): fired 4 s after it was written.
    for (const lag of [4, 4, 4]) {
      await withTenant(t.owner, tenant.tenantId, (trx) =>
        trx
          .insertInto('reminders')
          .values({
            tenant_id: tenant.tenantId,
            kind: 'resolution_overdue',
            subject_type: 'tenant',
            recipients: '[]',
            due_at: new Date(scheduled.getTime() - 5 * 86_400_000),
            created_at: scheduled,
            status: 'sent',
            fired_at: new Date(scheduled.getTime() + lag * 1000),
            idempotency_key: `lag:${uid()}`,
          })
          .execute(),
      );
    }
    const o = await opsOverview({ db: t.db, backend: null }, now);
    expect(o.lag).toMatchObject({ count: 3, p50: 4, p95: 4, max: 4 });
  });
});
