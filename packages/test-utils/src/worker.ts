import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { SMTPServer } from 'smtp-server';
import { withTenant, type Db } from '@stationdesk/db';
import { queueNames, type QueueBackend, type QueueBackendConfig } from '@stationdesk/jobs';

/**
 * What the worker tests need around the real worker process: the process itself, a local SMTP
 * server and a local group-robot endpoint, and direct reads and writes of the reminder tables.
 */

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

// ── Polling ──────────────────────────────────────────────────────────────────────────────────

/** Polls `check` until it returns something other than undefined/false, or fails at the deadline. */
export async function waitFor<T>(
  check: () => Promise<T | undefined | false> | T | undefined | false,
  opts: { timeoutMs?: number; intervalMs?: number; what?: string | (() => string | Promise<string>) } = {},
): Promise<T> {
  const deadline = Date.now() + (opts.timeoutMs ?? 30_000);
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) {
      const what = typeof opts.what === 'function' ? await opts.what() : (opts.what ?? 'condition');
      throw new Error(`timed out after ${opts.timeoutMs ?? 30_000} ms waiting for ${what}`);
    }
    await sleep(opts.intervalMs ?? 100);
  }
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

// ── The worker process ───────────────────────────────────────────────────────────────────────

export type QueueVariant = 'redis' | 'postgres';

export interface WorkerProcessOptions {
  appUrl: string;
  /** Redis URL for the redis variant; absent → BullMQ's Postgres backend on appUrl. */
  redisUrl?: string | null;
  queuePrefix?: string;
  /** Port of a local SMTP server (plain, no auth); absent → e-mail goes to the outbox table. */
  smtpPort?: number;
  /** Anything else for the worker's env (BATCH_WINDOW_MS, RECONCILE_EVERY_MS, …). */
  env?: Record<string, string>;
  startTimeoutMs?: number;
  /** false: return as soon as the process is spawned, without waiting for "worker started". */
  waitForStart?: boolean;
}

export interface WorkerLogLine {
  level?: number;
  msg?: string;
  [key: string]: unknown;
}

export interface WorkerProcess {
  readonly pid: number;
  /** Every line the process printed (stdout and stderr), in order. */
  readonly output: string[];
  /** stdout lines that parsed as pino JSON. */
  readonly logs: WorkerLogLine[];
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  readonly running: boolean;
  /** Sends the signal and waits for the process to end (SIGKILL after `graceMs` if it lingers). */
  kill(signal?: 'SIGKILL' | 'SIGTERM', graceMs?: number): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const live = new Set<WorkerProcess>();

/** The worker's environment: nothing is inherited but PATH and HOME, so a stray REDIS_URL or SMTP_HOST cannot leak in. */
export function workerEnv(opts: WorkerProcessOptions): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: process.env.HOME ?? '/tmp',
    NODE_ENV: 'test',
    APP_DATABASE_URL: opts.appUrl,
    LOG_LEVEL: 'info',
    // The local robot (startWebhookServer) listens on 127.0.0.1.
    WEBHOOK_ALLOW_HOSTS: '127.0.0.1',
    ...(opts.redisUrl ? { REDIS_URL: opts.redisUrl } : {}),
    ...(opts.queuePrefix ? { QUEUE_PREFIX: opts.queuePrefix } : {}),
    ...(opts.smtpPort ? { SMTP_HOST: '127.0.0.1', SMTP_PORT: String(opts.smtpPort), SMTP_SECURE: '0' } : {}),
    ...opts.env,
  };
}

/**
 * Starts `node --import tsx apps/worker/src/index.ts` and resolves once it logged "worker
 * started" (rejects with its output if it exits or stays silent first). Note: the worker installs
 * its SIGTERM/SIGINT handlers just after that line, so a signal sent the very instant it appears
 * can still find none.
 */
export async function startWorker(opts: WorkerProcessOptions): Promise<WorkerProcess> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'apps/worker/src/index.ts'], {
    cwd: repoRoot,
    env: workerEnv(opts),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  const logs: WorkerLogLine[] = [];
  let running = true;
  let onLine: (line: WorkerLogLine) => void = () => {};
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => {
      running = false;
      resolve({ code, signal });
    });
  });
  const reader = (stream: NodeJS.ReadableStream | null, parse: boolean) => {
    let rest = '';
    stream?.setEncoding('utf8');
    stream?.on('data', (chunk: string) => {
      const lines = (rest + chunk).split('\n');
      rest = lines.pop() ?? '';
      for (const line of lines) {
        if (!line) continue;
        output.push(line);
        if (!parse) continue;
        try {
          const parsed = JSON.parse(line) as WorkerLogLine;
          logs.push(parsed);
          onLine(parsed);
        } catch {
          // Not pino's JSON: kept in `output` only.
        }
      }
    });
  };
  reader(child.stdout, true);
  reader(child.stderr, false);

  const handle: WorkerProcess = {
    pid: child.pid ?? -1,
    output,
    logs,
    exited,
    get running() {
      return running;
    },
    async kill(signal = 'SIGKILL', graceMs = 15_000) {
      if (running) child.kill(signal);
      const timer = signal === 'SIGKILL' ? undefined : setTimeout(() => running && child.kill('SIGKILL'), graceMs);
      const result = await exited;
      if (timer) clearTimeout(timer);
      live.delete(handle);
      return result;
    },
  };
  live.add(handle);
  if (opts.waitForStart === false) return handle;

  const timeoutMs = opts.startTimeoutMs ?? 30_000;
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`worker did not start within ${timeoutMs} ms`)), timeoutMs);
      if (logs.some((l) => l.msg === 'worker started')) {
        clearTimeout(timer);
        resolve();
        return;
      }
      onLine = (l) => {
        if (l.msg === 'worker started') {
          clearTimeout(timer);
          resolve();
        }
      };
      void exited.then(({ code, signal }) => {
        clearTimeout(timer);
        reject(new Error(`worker exited before starting (code ${code}, signal ${signal})`));
      });
    });
  } catch (e) {
    await handle.kill('SIGKILL');
    throw new Error(`${(e as Error).message}\n${output.slice(-40).join('\n')}`, { cause: e });
  } finally {
    onLine = () => {};
  }
  return handle;
}

/** Kills every worker this test process started and has not stopped yet. */
export async function killAllWorkers(): Promise<void> {
  await Promise.all([...live].map((w) => w.kill('SIGKILL')));
}

// A test process that dies must not leave workers behind.
process.once('exit', () => {
  for (const w of live) {
    try {
      process.kill(w.pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
});

// ── SMTP ─────────────────────────────────────────────────────────────────────────────────────

export interface ReceivedMail {
  from: string | null;
  to: string[];
  subject: string;
  text: string;
  raw: string;
  receivedAt: Date;
}

export interface LocalSmtpServer {
  readonly port: number;
  readonly messages: ReceivedMail[];
  /** Messages whose envelope includes this address. */
  to(address: string): ReceivedMail[];
  /** Delays the "250 OK" after each message, to widen the gap between delivery and confirmation. */
  setReplyDelay(ms: number): void;
  close(): Promise<void>;
}

/** "=?UTF-8?B?…?=" and "=?UTF-8?Q?…?=" words of a header (adjacent words join without their whitespace). */
export function decodeMimeWords(value: string): string {
  return value
    .replace(/(\?=)\s+(=\?)/g, '$1$2')
    .replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g, (_m, charset: string, enc: string, data: string) => {
      const bytes = enc.toUpperCase() === 'B' ? Buffer.from(data, 'base64') : qpBytes(data.replace(/_/g, ' '));
      return new TextDecoder(charset.toLowerCase()).decode(bytes);
    });
}

function qpBytes(s: string): Buffer {
  const out: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === '=' && /^[0-9A-Fa-f]{2}$/.test(s.slice(i + 1, i + 3))) {
      out.push(parseInt(s.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      out.push(...Buffer.from(c, 'utf8'));
    }
  }
  return Buffer.from(out);
}

/** A single-part text message as nodemailer writes it: headers, then a QP/base64/7bit body. */
export function parseMail(raw: string): { subject: string; text: string; headers: Map<string, string> } {
  const split = raw.indexOf('\r\n\r\n');
  const head = split >= 0 ? raw.slice(0, split) : raw;
  const body = split >= 0 ? raw.slice(split + 4) : '';
  const headers = new Map<string, string>();
  for (const line of head.replace(/\r\n[ \t]+/g, ' ').split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  const encoding = (headers.get('content-transfer-encoding') ?? '7bit').toLowerCase();
  const charset = /charset="?([^";]+)"?/i.exec(headers.get('content-type') ?? '')?.[1] ?? 'utf-8';
  if (/multipart\//i.test(headers.get('content-type') ?? '')) throw new Error(`unexpected multipart mail: ${headers.get('content-type')}`);
  const bytes =
    encoding === 'base64'
      ? Buffer.from(body.replace(/\s+/g, ''), 'base64')
      : encoding === 'quoted-printable'
        ? qpBytes(body.replace(/=\r\n/g, ''))
        : Buffer.from(body, 'utf8');
  const text = new TextDecoder(charset.toLowerCase()).decode(bytes).replace(/\r\n/g, '\n');
  return { subject: decodeMimeWords(headers.get('subject') ?? ''), text, headers };
}

/**
 * A plain SMTP server on 127.0.0.1 that keeps what it receives. A message counts as received once
 * its final "." arrived — as a real server would deliver it even if the client never saw the 250.
 */
export async function startSmtpServer(): Promise<LocalSmtpServer> {
  const messages: ReceivedMail[] = [];
  let replyDelayMs = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    disableReverseLookup: true,
    size: 10 * 1024 * 1024,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const parsed = parseMail(raw);
        messages.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : null,
          to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
          subject: parsed.subject,
          text: parsed.text,
          raw,
          receivedAt: new Date(),
        });
        if (replyDelayMs > 0) setTimeout(() => callback(), replyDelayMs);
        else callback();
      });
    },
  });
  // A client killed mid-conversation is expected here, not an error.
  server.on('error', () => {});
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    messages,
    to: (address) => messages.filter((m) => m.to.includes(address.toLowerCase())),
    setReplyDelay(ms) {
      replyDelayMs = ms;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

// ── Group-robot webhooks ─────────────────────────────────────────────────────────────────────

export interface WebhookRequest {
  path: string;
  headers: IncomingHttpHeaders;
  body: unknown;
  /** What the server answered: accepted, HTTP 500, 200 with a robot error code, or nothing (took the message, never answered). */
  answer: RobotAnswer;
  at: Date;
}

type RobotAnswer = 'ok' | 'http500' | 'errcode' | 'silent';

export interface LocalWebhookServer {
  readonly url: string;
  readonly requests: WebhookRequest[];
  /** The next `n` requests fail, in turn as given (e.g. ['http500', 'errcode']). */
  failNext(failures: Exclude<RobotAnswer, 'ok'>[]): void;
  close(): Promise<void>;
}

/** A WeCom/DingTalk-style robot on 127.0.0.1: `{"errcode":0}` when accepted. */
export async function startWebhookServer(): Promise<LocalWebhookServer> {
  const requests: WebhookRequest[] = [];
  let failures: Exclude<RobotAnswer, 'ok'>[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      let body: unknown = text;
      try {
        body = JSON.parse(text);
      } catch {
        // Kept as text.
      }
      const answer = failures.shift() ?? 'ok';
      requests.push({ path: req.url ?? '/', headers: req.headers, body, answer, at: new Date() });
      if (answer === 'silent') return;
      if (answer === 'http500') {
        res.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ errcode: -1, errmsg: 'system busy' }));
      } else {
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer === 'errcode' ? { errcode: 1, errmsg: 'invalid' } : { errcode: 0, errmsg: 'ok' }));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/cgi-bin/webhook/send?key=test`,
    requests,
    failNext(next) {
      failures = [...next];
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

// ── Queues ───────────────────────────────────────────────────────────────────────────────────

/** The same backend the worker picks for these settings (REDIS_URL present or not). */
export function queueConfig(variant: QueueVariant, opts: { appUrl: string; redisUrl: string | null; queuePrefix: string }): QueueBackendConfig {
  if (variant === 'redis') {
    if (!opts.redisUrl) throw new Error('no Redis for the redis variant');
    return { kind: 'redis', url: opts.redisUrl, prefix: opts.queuePrefix };
  }
  return { kind: 'postgres', url: opts.appUrl, schema: 'bullmq' };
}

/**
 * Wipes queue data as a Redis restarted without persistence would lose it. Redis: every key of
 * the prefix, by SCAN + DEL (never FLUSHDB: other runs share the server). Postgres (no prefix:
 * the schema is shared by the run): the rows of the given queues, optionally only the jobs of one
 * tenant. Returns how many keys or job rows went.
 */
export async function wipeQueues(
  config: QueueBackendConfig,
  opts: { owner?: Db; queues?: string[]; tenantId?: string } = {},
): Promise<number> {
  if (config.kind === 'redis') {
    if (!config.prefix || config.prefix.includes('*')) throw new Error('refusing to wipe without a plain prefix');
    const redis = new Redis(config.url, { maxRetriesPerRequest: 1 });
    try {
      let removed = 0;
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', `${config.prefix}:*`, 'COUNT', 1000);
        cursor = next;
        if (keys.length) removed += await redis.del(...keys);
      } while (cursor !== '0');
      return removed;
    } finally {
      redis.disconnect();
    }
  }
  if (!opts.owner) throw new Error('wiping the Postgres backend needs the owner connection');
  const queues = opts.queues ?? [queueNames.reminders, queueNames.notifications];
  const { rowCount } = await opts.owner.pool.query(
    `delete from ${config.schema}.job where queue = any($1::text[]) and ($2::text is null or data->>'tenantId' = $2)`,
    [queues, opts.tenantId ?? null],
  );
  return rowCount ?? 0;
}

/** Jobs of one tenant not yet finished in a queue (delayed, waiting or active), through BullMQ's own API. */
export async function countQueuedJobs(backend: QueueBackend, queue: string, tenantId: string): Promise<number> {
  const jobs = await backend.queue<{ tenantId?: string }>(queue).getJobs(['delayed', 'wait', 'active', 'prioritized'], 0, -1);
  return jobs.filter((j) => j?.data?.tenantId === tenantId).length;
}

// ── The reminder tables, read and written as the owner ──────────────────────────────────────

export interface DeliveryRow {
  id: string;
  reminder_id: string;
  channel: 'inbox' | 'email' | 'webhook';
  target: string;
  status: 'pending' | 'sending' | 'sent' | 'failed' | 'uncertain';
  attempts: number;
  last_error: string | null;
  created_at: Date;
  sent_at: Date | null;
}

export interface NotificationRow {
  id: string;
  user_id: string;
  kind: string;
  title: string;
  body: string;
  items: { id?: string; number?: string; title: string }[];
  created_at: Date;
}

export interface ReminderRow {
  id: string;
  kind: string;
  subject_id: string | null;
  status: string;
  due_at: Date;
  fired_at: Date | null;
}

export async function deliveriesOf(owner: Db, tenantId: string): Promise<DeliveryRow[]> {
  const { rows } = await owner.pool.query<DeliveryRow>(
    `select id, reminder_id, channel, target, status, attempts, last_error, created_at, sent_at
       from deliveries where tenant_id = $1 order by created_at, id`,
    [tenantId],
  );
  return rows.map((r) => ({ ...r, created_at: new Date(r.created_at), sent_at: r.sent_at ? new Date(r.sent_at) : null }));
}

export async function notificationsOf(owner: Db, tenantId: string): Promise<NotificationRow[]> {
  const { rows } = await owner.pool.query<NotificationRow>(
    `select id, user_id, kind, title, body, items, created_at from notifications where tenant_id = $1 order by created_at, id`,
    [tenantId],
  );
  return rows.map((r) => ({ ...r, created_at: new Date(r.created_at) }));
}

export async function remindersOf(owner: Db, tenantId: string, subjectId?: string): Promise<ReminderRow[]> {
  const { rows } = await owner.pool.query<ReminderRow>(
    `select id, kind, subject_id, status, due_at, fired_at from reminders
      where tenant_id = $1 and ($2::uuid is null or subject_id = $2) order by due_at, id`,
    [tenantId, subjectId ?? null],
  );
  return rows.map((r) => ({ ...r, due_at: new Date(r.due_at), fired_at: r.fired_at ? new Date(r.fired_at) : null }));
}

/** Rows per status, e.g. { sent: 12, pending: 3 }. */
export function countBy<T>(rows: T[], key: (row: T) => string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of rows) out[key(r)] = (out[key(r)] ?? 0) + 1;
  return out;
}

/**
 * A reminder row written directly (no plan behind it). Work-item reminders are re-planned when
 * they fire, so only subjects the plan does not cover (a user) keep a hand-written row.
 */
export async function insertReminders(
  owner: Db,
  tenantId: string,
  rows: {
    kind: string;
    subjectType: 'work_item' | 'enterprise_document' | 'tenant' | 'user';
    subjectId: string | null;
    recipients: string[];
    channels: ('inbox' | 'email' | 'webhook')[];
    dueAt: Date;
    key: string;
  }[],
): Promise<string[]> {
  if (rows.length === 0) return [];
  return withTenant(owner, tenantId, async (trx) => {
    const inserted = await trx
      .insertInto('reminders')
      .values(
        rows.map((r) => ({
          tenant_id: tenantId,
          kind: r.kind,
          subject_type: r.subjectType,
          subject_id: r.subjectId,
          recipients: JSON.stringify(r.recipients),
          channels: r.channels,
          due_at: r.dueAt,
          idempotency_key: r.key,
        })),
      )
      .returning('id')
      .execute();
    return inserted.map((r) => r.id);
  });
}

/**
 * Today's staff digest and weekly summary settled in advance for everyone in the tenant (rows
 * with their keys, cancelled), so a test running after 08:30 local time counts only its own
 * reminders. Covers yesterday to tomorrow in the tenant's zone; and this week's December reminder
 * that next year's holidays are missing (test tenants have none).
 */
export async function suppressDigests(owner: Db, tenantId: string): Promise<void> {
  await owner.pool.query(
    `insert into reminders (tenant_id, kind, subject_type, subject_id, recipients, channels, due_at, idempotency_key, status)
     select t.id, k.kind, 'user', m.user_id, jsonb_build_array('user:' || m.user_id), '{inbox}', now(),
            k.kind || ':' || to_char((now() at time zone t.timezone)::date + d.d, 'YYYY-MM-DD') || ':' || m.user_id, 'cancelled'
       from tenants t
       join memberships m on m.tenant_id = t.id
       cross join (values ('daily_digest'), ('weekly_summary')) as k(kind)
       cross join generate_series(-1, 1) as d(d)
      where t.id = $1
     on conflict (tenant_id, idempotency_key) do nothing`,
    [tenantId],
  );
  await owner.pool.query(
    `insert into reminders (tenant_id, kind, subject_type, subject_id, recipients, channels, due_at, idempotency_key, status)
     select t.id, 'calendar_missing', 'user', m.user_id, jsonb_build_array('user:' || m.user_id), '{inbox}', now(),
            'calendar_missing:' || (extract(year from now() at time zone t.timezone)::int + 1) || ':'
              || to_char(date_trunc('week', now() at time zone t.timezone), 'YYYY-MM-DD') || ':' || m.user_id, 'cancelled'
       from tenants t
       join memberships m on m.tenant_id = t.id
      where t.id = $1
     on conflict (tenant_id, idempotency_key) do nothing`,
    [tenantId],
  );
}
