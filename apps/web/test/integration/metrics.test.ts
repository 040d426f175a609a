import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { withTenant } from '@stationdesk/db';
import { createProducer, createQueueBackend, queueNames, type QueueBackend } from '@stationdesk/jobs';
import { apiDeps, makeTenant, openTestDb, uid } from '@stationdesk/test-utils';
import { createMetricsHandler, isLocalRequest } from '../../server/metrics.ts';

/** /metrics over real HTTP: who may scrape it, and that Prometheus can read what it says. */
let t: ReturnType<typeof openTestDb>;
let backend: QueueBackend;
const servers: Server[] = [];
const TOKEN = 'metrics-token-for-tests-0123456789';

function serve(token?: string): Promise<string> {
  const server = createServer(createMetricsHandler(apiDeps(t.db, { queue: createProducer(backend) }), { token }));
  servers.push(server);
  return new Promise((done) => server.listen(0, '127.0.0.1', () => done(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)));
}

let withToken: string;
let loopbackOnly: string;

beforeAll(async () => {
  t = openTestDb();
  const redisUrl = inject('redisUrl');
  backend = createQueueBackend(
    redisUrl ? { kind: 'redis', url: redisUrl, prefix: `${inject('queuePrefix')}-metrics` } : { kind: 'postgres', url: inject('db').appUrl, schema: 'bullmq' },
  );
  withToken = await serve(TOKEN);
  loopbackOnly = await serve();
});

afterAll(async () => {
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  await backend.close();
  await t.close();
});

const NAME = '[a-zA-Z_:][a-zA-Z0-9_:]*';
const SAMPLE = new RegExp(`^(${NAME})(\\{(?:[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\\\\n]|\\\\.)*",?)*\\})? (-?(?:\\d+(?:\\.\\d+)?(?:e[+-]?\\d+)?)|NaN|[+-]Inf)$`);

/** A strict reading of the text exposition format (0.0.4): every line a comment or a sample of a declared family. */
function parseExposition(text: string) {
  const types = new Map<string, string>();
  const samples = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line === '') continue;
    if (line.startsWith('# HELP ')) {
      expect(line).toMatch(new RegExp(`^# HELP ${NAME} \\S`));
      continue;
    }
    if (line.startsWith('# TYPE ')) {
      const m = new RegExp(`^# TYPE (${NAME}) (counter|gauge|histogram|summary|untyped)$`).exec(line);
      expect(m, line).not.toBeNull();
      types.set(m![1]!, m![2]!);
      continue;
    }
    const m = SAMPLE.exec(line);
    expect(m, line).not.toBeNull();
    const family = m![1]!;
    expect(types.has(family), `${family} has a # TYPE line`).toBe(true);
    samples.set(`${family}${m![2] ?? ''}`, Number(m![3]));
  }
  return { types, samples };
}

async function scrape(base: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${base}/metrics`, { headers });
  return { status: res.status, type: res.headers.get('content-type'), auth: res.headers.get('www-authenticate'), text: await res.text() };
}

describe('/metrics with METRICS_TOKEN set', () => {
  it('refuses a scrape without the bearer token, or with a wrong one', async () => {
    const none = await scrape(withToken);
    expect(none.status).toBe(401);
    expect(none.auth).toBe('Bearer realm="metrics"');
    expect((await scrape(withToken, { authorization: 'Bearer wrong-token' })).status).toBe(401);
    expect((await scrape(withToken, { authorization: `Basic ${TOKEN}` })).status).toBe(401);
    expect(none.text).not.toContain('stationdesk_');
  });

  it('answers the token in Prometheus text format with a gauge per queue and state', async () => {
    const res = await scrape(withToken, { authorization: `Bearer ${TOKEN}` });
    expect(res.status).toBe(200);
    expect(res.type).toBe('text/plain; version=0.0.4; charset=utf-8');
    const { types, samples } = parseExposition(res.text);
    expect(types.get('stationdesk_queue_jobs')).toBe('gauge');
    for (const queue of Object.values(queueNames)) {
      for (const state of ['waiting', 'delayed', 'active', 'failed']) {
        expect(samples.has(`stationdesk_queue_jobs{queue="${queue}",state="${state}"}`), `${queue}/${state}`).toBe(true);
      }
    }
    expect(samples.get('stationdesk_queue_up')).toBe(1);
    expect(samples.has('stationdesk_deliveries_last_24h{status="failed"}')).toBe(true);
    expect(samples.has('stationdesk_deliveries_last_24h{status="uncertain"}')).toBe(true);
    expect(samples.has('stationdesk_workers_alive')).toBe(true);
    expect(samples.has('stationdesk_reminder_lag_last_hour_bucket{le="+Inf"}')).toBe(true);
  });

  it('follows the queue and the reminders as they are', async () => {
    const q = backend.queue(queueNames.digests);
    const job = await q.add('metrics-probe', {}, { delay: 3_600_000, jobId: `probe-${uid()}` });
    const tenant = await makeTenant(t.owner);
    const now = Date.now();
    await withTenant(t.owner, tenant.tenantId, (trx) =>
      trx
        .insertInto('reminders')
        .values(
          [2, 4, 40].map((lagSeconds) => ({
            tenant_id: tenant.tenantId,
            kind: 'resolution_overdue',
            subject_type: 'tenant' as const,
            recipients: '[]',
            // Written well before it fell due: the lag runs from the due time.
            created_at: new Date(now - 1_200_000),
            due_at: new Date(now - 600_000),
            fired_at: new Date(now - 600_000 + lagSeconds * 1000),
            status: 'sent' as const,
            idempotency_key: `metrics:${uid()}`,
          })),
        )
        .execute(),
    );
    try {
      const { samples } = parseExposition((await scrape(withToken, { authorization: `Bearer ${TOKEN}` })).text);
      expect(samples.get('stationdesk_queue_jobs{queue="digests",state="delayed"}')).toBeGreaterThanOrEqual(1);
      expect(samples.get('stationdesk_reminders_fired_last_hour')).toBeGreaterThanOrEqual(3);
      expect(samples.get('stationdesk_reminder_lag_last_hour_seconds{quantile="0.5"}')).toBeGreaterThanOrEqual(0);
      expect(samples.get('stationdesk_reminder_lag_last_hour_seconds_max')).toBeGreaterThanOrEqual(40);
      const inf = samples.get('stationdesk_reminder_lag_last_hour_bucket{le="+Inf"}')!;
      expect(inf).toBe(samples.get('stationdesk_reminders_fired_last_hour'));
      expect(samples.get('stationdesk_reminder_lag_last_hour_bucket{le="5"}')).toBeLessThanOrEqual(inf);
    } finally {
      await job.remove();
    }
  });

  it('answers GET and HEAD only', async () => {
    const res = await fetch(`${withToken}/metrics`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}` } });
    expect(res.status).toBe(405);
  });
});

describe('/metrics without a token', () => {
  it('answers requests from this machine', async () => {
    const res = await scrape(loopbackOnly);
    expect(res.status).toBe(200);
    expect(parseExposition(res.text).samples.get('stationdesk_queue_up')).toBe(1);
  });

  it('refuses what a proxy forwarded, even from loopback', async () => {
    const res = await scrape(loopbackOnly, { 'x-forwarded-for': '203.0.113.7' });
    expect(res.status).toBe(403);
    expect(res.text).toContain('METRICS_TOKEN');
    const forwarded = await new Promise<number>((done) => {
      const req = request(`${loopbackOnly}/metrics`, { headers: { forwarded: 'for=203.0.113.7' } }, (r) => {
        r.resume();
        done(r.statusCode ?? 0);
      });
      req.end();
    });
    expect(forwarded).toBe(403);
  });

  it('counts only loopback addresses as this machine', () => {
    const req = (remoteAddress: string, headers: Record<string, string> = {}) => ({ socket: { remoteAddress }, headers });
    expect(isLocalRequest(req('127.0.0.1'))).toBe(true);
    expect(isLocalRequest(req('::1'))).toBe(true);
    expect(isLocalRequest(req('::ffff:127.0.0.1'))).toBe(true);
    expect(isLocalRequest(req('10.0.0.5'))).toBe(false);
    expect(isLocalRequest(req('::ffff:192.168.1.20'))).toBe(false);
    expect(isLocalRequest(req('127.0.0.1', { 'x-forwarded-for': '198.51.100.1' }))).toBe(false);
  });
});
