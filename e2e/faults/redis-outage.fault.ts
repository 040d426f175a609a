import { createServer, connect, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type Db } from '@stationdesk/db';
import { redisAnswers } from '@stationdesk/infra/services';
import { createProducer, createQueueBackend, type QueueBackend } from '@stationdesk/jobs';
import { makeMember, makeTenant, PASSWORD, uid } from '@stationdesk/test-utils';
import { createTestDatabase, type TestDatabase } from '@stationdesk/test-utils/test-database';
import { countBy, deliveriesOf, remindersOf, suppressDigests, wipeQueues } from '@stationdesk/test-utils/worker';
import { dueSoon, insertItems } from '../../apps/worker/test/integration/helpers.ts';
import { localPostgres, signInOverHttp, sleep, startApp, waitFor, type App } from './support.ts';

/**
 * Redis out of reach for most of a minute (issue 16): web and worker reach Redis through a TCP
 * proxy the test controls, which cuts every connection and then swallows new ones without an
 * answer (a host gone silent, the case that used to hold a create until Redis came back).
 * Creates must answer at once, /readyz says "degraded", the worker logs the outage a few times
 * rather than hundreds, and when Redis returns every reminder that fell due is delivered once.
 */
const OUTAGE_MS = 45_000;
const RECONCILE_MS = 5000;

/** A TCP proxy to Redis that can go silent: existing connections cut, new ones accepted and ignored. */
function redisProxy(target: { host: string; port: number }) {
  let silent = false;
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.on('error', () => undefined);
    if (silent) return; // accepted, never answered
    const upstream = connect(target.port, target.host);
    sockets.add(upstream);
    upstream.on('close', () => {
      sockets.delete(upstream);
      client.destroy();
    });
    upstream.on('error', () => client.destroy());
    client.on('close', () => upstream.destroy());
    client.pipe(upstream).pipe(client);
  });
  return {
    listen: () => new Promise<number>((done) => server.listen(0, '127.0.0.1', () => done((server.address() as { port: number }).port))),
    goSilent() {
      silent = true;
      for (const s of sockets) s.destroy();
    },
    resume() {
      silent = false;
      for (const s of sockets) s.destroy(); // the silent ones: their owners reconnect through the live path
    },
    close: () => {
      for (const s of sockets) s.destroy();
      return new Promise<void>((done) => server.close(() => done()));
    },
  };
}

let database: TestDatabase;
let owner: Db;
let app: Db;
let backend: QueueBackend | undefined;
let proxy: ReturnType<typeof redisProxy> | undefined;
let running: App | undefined;

beforeAll(async () => {
  database = await createTestDatabase(await localPostgres(), 'redisout');
  owner = createDb(database.ownerUrl, { max: 4 });
  app = createDb(database.appUrl, { max: 4 });
});

afterAll(async () => {
  running?.kill();
  if (backend) {
    if (backend.config.kind === 'redis') await wipeQueues(backend.config);
    await backend.close();
  }
  await proxy?.close();
  await app?.close();
  await owner?.close();
  await database?.drop();
});

const redisUrl = process.env.SD_TEST_REDIS_URL || ((await redisAnswers()) ? 'redis://127.0.0.1:6379' : '');

describe.skipIf(!redisUrl)('Redis out of reach for most of a minute', () => {
  it('creates answer at once, /readyz is degraded, the worker stays quiet, and every due reminder is delivered once after', async () => {
    const target = new URL(redisUrl);
    proxy = redisProxy({ host: target.hostname, port: Number(target.port || 6379) });
    const proxyPort = await proxy.listen();
    const prefix = `sdredisout-${database.name}`;
    backend = createQueueBackend({ kind: 'redis', url: redisUrl, prefix });
    const tenant = await makeTenant(owner, { stations: 1 });
    const staff = await makeMember(owner, tenant, 'staff', { stationIndexes: [0] });
    await suppressDigests(owner, tenant.tenantId);

    running = await startApp(database.appUrl, {
      LOG_LEVEL: 'info',
      REDIS_URL: `redis://127.0.0.1:${proxyPort}`,
      QUEUE_PREFIX: prefix,
      RECONCILE_EVERY_MS: String(RECONCILE_MS),
      BATCH_WINDOW_MS: '200',
    });
    const { base, processes } = running;

    // Reminders already in the queue, falling due in the middle of the outage.
    const tag = uid();
    const titles = Array.from({ length: 200 }, (_, i) => `断缓存-${tag}-${i}`);
    const byTitle = await insertItems(owner, tenant, titles.map((title) => ({ title, assigneeId: staff.id })));
    const ids = titles.map((ti) => byTitle.get(ti)!);
    const reminderOf = await dueSoon({ db: app, owner }, tenant, ids, new Date(Date.now() + 20_000), createProducer(backend));

    const cookie = await signInOverHttp(base, staff.email, PASSWORD);
    const workerLinesBefore = processes.find((c) => c.name === 'worker')!.output.length;

    proxy.goSilent();
    const outageEnds = Date.now() + OUTAGE_MS;
    await sleep(3000);
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'degraded', failed: ['queue'], checks: { database: 'ok' } });

    // Creates during the outage: answered (the bound is generous — before, they waited for Redis).
    const created: string[] = [];
    let slowest = 0;
    for (let n = 0; n < 20; n++) {
      const startedAt = Date.now();
      const res = await fetch(`${base}/api/trpc/workItem.create`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: base, cookie },
        body: JSON.stringify({ kind: 'consultation', title: `断缓存期间登记-${tag}-${n}`, channel: 'phone', stationId: tenant.stations[0]!.id, assign: { mode: 'self' } }),
        signal: AbortSignal.timeout(5000),
      });
      slowest = Math.max(slowest, Date.now() - startedAt);
      expect(res.status).toBe(200);
      created.push(((await res.json()) as { result: { data: { id: string } } }).result.data.id);
    }
    console.log(`creates while Redis was out of reach: 20 answered, slowest ${slowest} ms`);
    await sleep(Math.max(0, outageEnds - Date.now()));
    proxy.resume();

    // Every reminder that fell due during the outage is delivered once, within a reconcile period or so.
    await waitFor(
      async () => (await remindersOf(owner, tenant.tenantId)).filter((r) => r.kind === 'resolution_overdue' && r.status === 'sent').length >= ids.length,
      { timeoutMs: RECONCILE_MS + 60_000, what: async () => JSON.stringify(countBy(await remindersOf(owner, tenant.tenantId), (r) => `${r.kind}:${r.status}`)) },
    );
    const wanted = new Set(reminderOf.values());
    await waitFor(async () => (await deliveriesOf(owner, tenant.tenantId)).filter((d) => d.channel === 'inbox' && d.status === 'sent' && wanted.has(d.reminder_id)).length === ids.length, {
      timeoutMs: 30_000,
      what: 'inbox deliveries',
    });
    const inbox = (await deliveriesOf(owner, tenant.tenantId)).filter((d) => d.channel === 'inbox' && wanted.has(d.reminder_id));
    expect(inbox).toHaveLength(ids.length);
    // The items created during the outage are there with their reminders planned in Postgres.
    const planned = await owner.pool.query<{ n: number }>(
      `select count(distinct subject_id)::int as n from reminders where tenant_id = $1 and subject_id = any($2::uuid[]) and status = 'scheduled'`,
      [tenant.tenantId, created],
    );
    expect(planned.rows[0]!.n).toBe(created.length);

    // Quiet: the worker said what happened a few times, not once per reconnection attempt.
    const worker = processes.find((c) => c.name === 'worker')!;
    const errorLines = worker.output.slice(workerLinesBefore).filter((l) => /"level":(50|40)/.test(l));
    console.log(`worker warnings/errors during the outage: ${errorLines.length}`);
    expect(errorLines.length).toBeLessThanOrEqual(20);
    expect(running.exited(), running.describeExits()).toEqual([]);
  });
});
