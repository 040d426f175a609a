import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Gauge, Registry } from 'prom-client';
import type { ApiDeps } from '@stationdesk/api';
import { opsOverview, queueStates, type OpsOverview } from '@stationdesk/services';

/**
 * /metrics in Prometheus text format: the figures of the operators' page (queue depths, reminder
 * lag over the last hour, failed and uncertain deliveries, live workers), read fresh on every
 * scrape. The lag comes from the database, not from observations in this process (the worker
 * fires reminders), hence gauges over a window rather than a cumulative histogram.
 */

export interface MetricsOptions {
  /** METRICS_TOKEN: when set, a scrape must send `Authorization: Bearer <token>`. */
  token?: string | undefined;
}

/** Loopback and not forwarded: a proxy on the same machine connects from loopback too. */
export function isLocalRequest(req: Pick<IncomingMessage, 'headers'> & { socket: { remoteAddress?: string | undefined } }): boolean {
  const a = req.socket.remoteAddress ?? '';
  const loopback = a === '::1' || a.startsWith('127.') || a.startsWith('::ffff:127.');
  return loopback && req.headers['x-forwarded-for'] === undefined && req.headers.forwarded === undefined;
}

const digest = (s: string) => createHash('sha256').update(s).digest();

function bearerMatches(header: string | undefined, token: string): boolean {
  const given = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '')?.[1];
  return given !== undefined && timingSafeEqual(digest(given), digest(token));
}

/** The figures as exposition text, in a registry of their own (nothing accumulates between scrapes). */
export async function metricsText(o: OpsOverview): Promise<string> {
  const registry = new Registry();
  const gauge = <L extends string>(name: string, help: string, labelNames: readonly L[] = []) =>
    new Gauge<L>({ name, help, labelNames, registers: [registry] });

  gauge('stationdesk_queue_up', 'Whether the queue backend answered (1) or not (0).').set(o.queueError === null ? 1 : 0);
  const jobs = gauge('stationdesk_queue_jobs', 'Jobs in each queue by state.', ['queue', 'state']);
  for (const q of o.queues) for (const state of queueStates) jobs.set({ queue: q.name, state }, q[state]);

  gauge('stationdesk_reminders_fired_last_hour', 'Reminders fired in the last hour, all tenants.').set(o.lag.count);
  const lag = gauge('stationdesk_reminder_lag_last_hour_seconds', 'Seconds from due (or from written, when written already due) to fired, quantiles over reminders fired in the last hour.', ['quantile']);
  for (const [quantile, value] of [
    ['0.5', o.lag.p50],
    ['0.95', o.lag.p95],
    ['0.99', o.lag.p99],
  ] as const) {
    if (value !== null) lag.set({ quantile }, value);
  }
  if (o.lag.max !== null) gauge('stationdesk_reminder_lag_last_hour_seconds_max', 'Largest lag from due (or written) to fired in the last hour, seconds.').set(o.lag.max);
  const buckets = gauge('stationdesk_reminder_lag_last_hour_bucket', 'Reminders fired in the last hour with a lag of at most `le` seconds (cumulative).', ['le']);
  let cumulative = 0;
  for (const b of o.lag.buckets) {
    cumulative += b.count;
    buckets.set({ le: b.le === null ? '+Inf' : String(b.le) }, cumulative);
  }

  const deliveries = gauge('stationdesk_deliveries_last_24h', 'Deliveries created in the last 24 hours that failed or whose outcome is uncertain.', ['status']);
  deliveries.set({ status: 'failed' }, o.deliveries24h.failed);
  deliveries.set({ status: 'uncertain' }, o.deliveries24h.uncertain);
  gauge('stationdesk_workers_alive', 'Worker processes with a heartbeat in the last 150 seconds.').set(o.workers.filter((w) => w.alive).length);
  return registry.metrics();
}

function send(res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}) {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store', ...headers });
  res.end(body);
}

/**
 * The node:http handler. With a token configured every scrape must carry it (401 otherwise);
 * without one, only requests from this machine are answered (403), so the figures never leave
 * an installation by accident. Concurrent scrapes share one gathering.
 */
export function createMetricsHandler(deps: Pick<ApiDeps, 'db' | 'queue' | 'logger'>, opts: MetricsOptions = {}): (req: IncomingMessage, res: ServerResponse) => void {
  let inflight: Promise<string> | null = null;
  const gather = () =>
    (inflight ??= opsOverview({ db: deps.db, backend: deps.queue?.backend ?? null })
      .then(metricsText)
      .finally(() => {
        inflight = null;
      }));

  return (req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'method not allowed\n', { allow: 'GET, HEAD' });
    if (opts.token) {
      if (!bearerMatches(req.headers.authorization, opts.token)) return send(res, 401, 'unauthorized\n', { 'www-authenticate': 'Bearer realm="metrics"' });
    } else if (!isLocalRequest(req)) {
      return send(res, 403, 'forbidden: set METRICS_TOKEN to scrape /metrics from another machine\n');
    }
    gather().then(
      (text) => send(res, 200, req.method === 'HEAD' ? '' : text, { 'content-type': Registry.PROMETHEUS_CONTENT_TYPE }),
      (err: unknown) => {
        deps.logger.error({ err }, 'metrics failed');
        send(res, 500, 'metrics unavailable\n');
      },
    );
  };
}
