import { fork, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { availableParallelism } from 'node:os';
import autocannon from 'autocannon';
import pg from 'pg';
import { ensureAppRole, migrateToLatest } from '@stationdesk/db';
import type { LauncherEnv } from '../env.ts';
import { ensureDatabase, redisAnswers, repoRoot, resolvePostgres, type Log } from '../services.ts';
import { seedFoundation } from './seed.ts';
import { seedBenchAgency } from './seed-agency.ts';
import { seedBenchDisputes } from './seed-disputes.ts';
import { seedBenchEnterprises } from './seed-enterprises.ts';
import { seedBenchWorkItems } from './seed-work-items.ts';
import { benchImport, type ImportFigures } from './import-bench.ts';
import { benchReminders, type QueueKind, type ReminderFigures } from './reminders-bench.ts';
import { benchIntake, benchPatrolRules, type PatrolRulesFigures } from './patrol-rules-bench.ts';
import { benchPartySignUps, type BurstFigures } from './party-bench.ts';
import { ensurePortalVolume } from './seed-portal.ts';
import { floorQueries, scenarios, type BenchContext, type BenchQuery, type Scenario } from './scenarios.ts';
import { summarize, type Summary } from './stats.ts';

/** Bump when the seed changes: a kept bench database with another version is rebuilt. */
const SEED_VERSION = 'kpi-facts-1';
const BENCH_DB = 'sd_bench';
const BENCH_ROLE = { name: 'sd_bench_app', password: 'sd-bench-app' };

const num = (v: string | undefined, d: number) => (v ? Number(v) : d);
const DURATION = num(process.env.BENCH_DURATION, 10);
const CONNECTIONS = num(process.env.BENCH_CONNECTIONS, 20);
/** Processes of the API and of the bare-HTTP floor alike: production's default, one per core. */
const PROCESSES = num(process.env.BENCH_WEB_PROCESSES, availableParallelism());

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => done(port));
    });
    s.on('error', fail);
  });
}

// Two servers of two processes each take over a minute to start on a loaded two-core machine.
async function waitFor(url: string, timeoutMs = 180_000) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} did not come up`);
}

function withDb(url: string, db: string, user?: { name: string; password: string }) {
  const u = new URL(url);
  u.pathname = `/${db}`;
  if (user) {
    u.username = user.name;
    u.password = user.password;
  }
  return u.toString();
}

/** The bench database: kept between runs while its seed version matches (seeding takes a while). */
async function prepareDatabase(serverUrl: string, reseed: boolean, log: Log): Promise<{ ownerUrl: string; ctx: BenchContext }> {
  const ownerUrl = await ensureDatabase(serverUrl, BENCH_DB);
  const owner = new pg.Client({ connectionString: ownerUrl });
  await owner.connect();
  try {
    await owner.query('create table if not exists bench_meta (version text not null, context jsonb not null)');
    const { rows } = await owner.query('select version, context from bench_meta');
    if (!reseed && rows[0]?.version === SEED_VERSION) {
      log(`bench database ${BENCH_DB} already seeded (${SEED_VERSION}); pass --reseed to rebuild`);
      await migrateToLatest(ownerUrl);
      await ensureAppRole(ownerUrl, BENCH_ROLE);
      return { ownerUrl, ctx: rows[0].context as BenchContext };
    }
  } finally {
    await owner.end();
  }
  log(`rebuilding the bench database ${BENCH_DB} (${SEED_VERSION})`);
  const admin = new pg.Client({ connectionString: withDb(serverUrl, 'postgres') });
  await admin.connect();
  await admin.query(`drop database if exists ${BENCH_DB} with (force)`);
  await admin.query(`create database ${BENCH_DB}`);
  await admin.end();
  await migrateToLatest(ownerUrl);
  await ensureAppRole(ownerUrl, BENCH_ROLE);
  const c = new pg.Client({ connectionString: ownerUrl });
  await c.connect();
  try {
    const started = Date.now();
    const step = async (what: string, fn: () => Promise<unknown>) => {
      const t0 = Date.now();
      await fn();
      log(`  ${what}: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    };
    const ctx = await seedFoundation(c);
    await step('100,000 enterprises', () => seedBenchEnterprises(c, ctx));
    await step('1,000,000 work items', () => seedBenchWorkItems(c, ctx));
    await step('50,000 agency cases', () => seedBenchAgency(c, ctx));
    await step('20,000 disputes', () => seedBenchDisputes(c, ctx));
    ctx.users.desk = { email: 'staff1@bench.test', password: ctx.users.staff!.password };
    await c.query('vacuum analyze');
    await c.query('create table if not exists bench_meta (version text not null, context jsonb not null)');
    await c.query('insert into bench_meta (version, context) values ($1, $2)', [SEED_VERSION, JSON.stringify(ctx)]);
    log(`seeded in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return { ownerUrl, ctx };
  } finally {
    await c.end();
  }
}

async function signIn(base: string, email: string, password: string): Promise<string> {
  const res = await fetch(`${base}/api/trpc/auth.signIn`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith('sd_session='));
  if (!res.ok || !cookie) throw new Error(`bench sign-in failed for ${email}: ${res.status} ${await res.text()}`);
  return cookie.split(';')[0]!;
}

/** Drives `url` with autocannon, recording every response time (autocannon reports no p95). */
async function load(
  url: string,
  opts: { method?: 'GET' | 'POST'; body?: string; headers?: Record<string, string>; seconds: number; rate?: number; connections?: number },
): Promise<Summary> {
  const samples: number[] = [];
  let errors = 0;
  await new Promise<void>((done, fail) => {
    const instance = autocannon(
      {
        url,
        method: opts.method ?? 'GET',
        ...(opts.body ? { body: opts.body } : {}),
        headers: { 'content-type': 'application/json', ...(opts.headers ?? {}) },
        connections: opts.connections ?? CONNECTIONS,
        duration: opts.seconds,
        ...(opts.rate ? { overallRate: opts.rate } : {}),
      },
      (err) => (err ? fail(err) : done()),
    );
    instance.on('response', (_client: unknown, status: number, _bytes: number, ms: number) => {
      if (status >= 200 && status < 300) samples.push(ms);
      else errors++;
    });
  });
  return summarize(samples, opts.seconds, errors);
}

/** The bare SQL floor: the same statements, one connection, back to back (a sample is all of them). */
async function sqlFloor(appUrl: string, ctx: BenchContext, statements: BenchQuery[]): Promise<Summary> {
  const c = new pg.Client({ connectionString: appUrl });
  await c.connect();
  const once = async () => {
    // Named, as the app runs its parameterised statements: planned once.
    for (const [i, q] of statements.entries()) await c.query(q.values.length ? { name: `floor_${i}`, ...q } : q);
  };
  try {
    await c.query(`select set_config('app.tenant_id', $1, false), set_config('app.user_id', $2, false)`, [ctx.tenantId, ctx.userId]);
    for (let i = 0; i < 50; i++) await once();
    const samples: number[] = [];
    const started = performance.now();
    while (performance.now() - started < 3000) {
      const t0 = performance.now();
      await once();
      samples.push(performance.now() - t0);
    }
    return summarize(samples, (performance.now() - started) / 1000);
  } finally {
    await c.end();
  }
}

const f = (n: number) => (Number.isFinite(n) ? n.toFixed(2) : '–');

/** A plain text table: columns padded to their widest cell. */
function printRows(header: string[], lines: string[][], log: Log) {
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => (l[i] ?? '').length)));
  const fmt = (cells: string[]) => cells.map((c, i) => (c ?? '').padEnd(widths[i]!)).join(' │ ');
  log('');
  log(fmt(header));
  log(widths.map((w) => '─'.repeat(w)).join('─┼─'));
  for (const l of lines) log(fmt(l));
  log('');
}

interface Row {
  scenario: Scenario;
  statements: number;
  sql: Summary;
  /** One request at a time: what one person waits for while the machine is otherwise idle. */
  bareOne: Summary;
  apiOne: Summary;
  /** Every connection sending back to back: the machine saturated (throughput; p95 is mostly queueing). */
  bare: Summary;
  api: Summary;
  /** The API with its read caches off (READ_CACHE=0): every request asks Postgres. */
  offOne: Summary;
  off: Summary;
  /** Writes: a steady offered rate. */
  paced: Summary | null;
}

/**
 * A target ("p95 < 30 ms", "≤ 1.5× bare", "≥ 1,500 req/s") checked part by part: latency one request
 * at a time, throughput with every connection busy. The p95 under load is printed beside it,
 * judged too, so neither reading hides the other.
 */
function verdict(target: string | undefined, r: Row): string {
  if (!target) return '';
  const parts: string[] = [];
  const p95 = target.match(/p95 < (\d+) ms/);
  if (p95) {
    const limit = Number(p95[1]);
    const loaded = r.paced ?? r.api;
    parts.push(`p95 ${r.apiOne.p95 < limit ? 'met' : 'MISSED'} one at a time, ${loaded.p95 < limit ? 'met' : 'MISSED'} under load`);
  }
  const ratio = target.match(/≤ ([\d.]+)× bare/);
  if (ratio) parts.push(`${r.apiOne.p95 <= Number(ratio[1]) * r.bareOne.p95 ? 'met' : 'MISSED'} ×bare`);
  const rps = target.match(/≥ ([\d,]+) req\/s/);
  if (rps) parts.push(`req/s ${r.api.rps >= Number(rps[1]!.replace(/,/g, '')) ? 'met' : 'MISSED'}`);
  return parts.join('; ');
}

function printTable(rows: Row[], log: Log) {
  const header = ['scenario', 'layer', 'p50 ms', 'p95 ms', 'p99 ms', 'req/s', 'errors', 'API/bare p95', 'API/bare req/s', 'target', ''];
  const lines: string[][] = [];
  const line = (name: string, layer: string, x: Summary, extra: string[] = ['', '', '', '']) =>
    lines.push([name, layer, f(x.p50), f(x.p95), f(x.p99), x.rps.toFixed(0), String(x.errors), ...extra]);
  const ratios = (api: Summary, bare: Summary) => [`${(api.p95 / bare.p95).toFixed(2)}×`, `${(bare.rps / api.rps).toFixed(2)}×`];
  for (const r of rows) {
    line(r.scenario.name, r.statements > 1 ? `bare SQL (1 conn, ${r.statements} statements)` : 'bare SQL (1 conn)', r.sql);
    line('', 'bare node:http (one at a time)', r.bareOne);
    line('', 'API signed in (one at a time)', r.apiOne, [...ratios(r.apiOne, r.bareOne), r.scenario.target ?? '', verdict(r.scenario.target, r)]);
    line('', `bare node:http (${CONNECTIONS} conn)`, r.bare);
    line('', `API signed in (${CONNECTIONS} conn)`, r.api, [...ratios(r.api, r.bare), '', '']);
    line('', 'API, read cache off (one at a time)', r.offOne, [...ratios(r.offOne, r.bareOne), '', '']);
    line('', `API, read cache off (${CONNECTIONS} conn)`, r.off, [...ratios(r.off, r.bare), '', '']);
    if (r.paced) line('', `API signed in (${CONNECTIONS} conn, ${r.scenario.pacedRps} req/s offered)`, r.paced);
  }
  printRows(header, lines, log);
}

const IMPORT_NAME = 'enterprise.import (10,000 rows)';
const IMPORT_TARGET_MS = 10_000;
const REMINDERS_NAME = 'reminders';
const RULES_NAME = 'patrol-rules (100,000 enterprises, 1,000,000 items)';
const INTAKE_NAME = 'patrol-intake (1,000 calls a minute)';
const PARTY_NAME = 'party sign-ups (500 at once, 50 places)';

function printPatrol(rules: PatrolRulesFigures | null, intake: (Summary & { statuses: Record<string, number> }) | null, log: Log) {
  const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  const lines: string[][] = [];
  if (rules) {
    const row = (what: string, x: PatrolRulesFigures['first'], target: string, verdict: string) =>
      lines.push([what, s(x.run.durationMs), `${x.run.raised} / ${x.run.cleared} / ${x.run.recurred}`, `+${x.written.items} items, +${x.written.events} history lines`, target, verdict]);
    row(`${RULES_NAME}: first run`, rules.first, '< 30 s', rules.first.run.durationMs < 30_000 ? 'met' : 'MISSED');
    const still = rules.unchanged.written.items === 0 && rules.unchanged.written.events === 0 && rules.unchanged.written.cleared === 0;
    row('  again, nothing changed', rules.unchanged, 'writes nothing', still ? 'met' : 'MISSED');
    const only = rules.changed.written.items === rules.changed.run.raised && rules.changed.run.raised === 100 && rules.changed.run.cleared === 100;
    row('  after 100 renewed + 100 lapsed', rules.changed, 'writes those only', only ? 'met' : 'MISSED');
  }
  if (intake) {
    const all = Object.entries(intake.statuses).map(([k, v]) => `${v}× ${k}`).join(', ');
    lines.push([INTAKE_NAME, `p50 ${f(intake.p50)} / p95 ${f(intake.p95)} / p99 ${f(intake.p99)} ms`, all, `${intake.count} findings`, 'p95 < 50 ms', intake.p95 < 50 && intake.errors === 0 ? 'met' : 'MISSED']);
  }
  printRows(['scenario', 'time', 'raised / cleared / recurred (intake: answers)', 'rows written', 'target', ''], lines, log);
}

function printParty(x: { activity: BurstFigures; shift: BurstFigures }, log: Log) {
  const ms = (b: BurstFigures) => `p50 ${f(b.p50)} / p95 ${f(b.p95)} / p99 ${f(b.p99)} ms; all answered in ${(b.wallMs / 1000).toFixed(2)} s${b.aloneP95 === undefined ? '' : `; one at a time p95 ${f(b.aloneP95)} ms`}`;
  const answers = (b: BurstFigures) => Object.entries(b.statuses).map(([k, v]) => `${v}× ${k}`).join(', ');
  const a = x.activity;
  const s = x.shift;
  printRows(
    ['scenario', 'latency', 'answers', 'outcome', 'target', ''],
    [
      [`${PARTY_NAME}: activity.signUp`, ms(a), answers(a), `${a.confirmed} confirmed, ${a.waitlisted} waitlisted, ${a.inOrder ? 'in order' : 'NOT in order'}`, 'exactly 50 / 450 in order; p95 < 100 ms', `${a.confirmed === 50 && a.waitlisted === 450 && a.inOrder ? 'met' : 'MISSED'}; p95 ${a.p95 < 100 ? 'met' : 'MISSED'}`],
      ['  dutyShift.signUp (batches of 1)', ms(s), answers(s), `${s.confirmed} taken (booked ${s.inOrder ? '=' : '≠'} batches), ${s.waitlisted} refused as full`, 'exactly 50 taken', s.confirmed === 50 && s.inOrder && s.waitlisted === 450 ? 'met' : 'MISSED'],
    ],
    log,
  );
}

function printImport(x: ImportFigures, log: Log) {
  const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  printRows(
    ['scenario', 'upload', 'preview', 'commit', 'total', 'created / updated / invalid', 'target', ''],
    [[IMPORT_NAME, s(x.uploadMs), s(x.previewMs), s(x.commitMs), s(x.totalMs), `${x.created} / ${x.updated} / ${x.invalid}`, '< 10 s (upload + preview + commit)', x.totalMs < IMPORT_TARGET_MS ? 'met' : 'MISSED']],
    log,
  );
}

/** Per backend: the minute as it comes (reminders due evenly over it) and all due at one instant. */
interface ReminderRun {
  backend: QueueKind;
  steady: ReminderFigures;
  burst: ReminderFigures;
}

function printReminders(results: ReminderRun[], log: Log) {
  const ms = (v: number) => (Number.isFinite(v) ? `${Math.round(v)}` : '–');
  const lagOf = (l: { p50: number; p95: number; p99: number; max: number }) => `${ms(l.p50)} / ${ms(l.p95)} / ${ms(l.p99)} / ${ms(l.max)}`;
  const n = (v: number) => v.toLocaleString('en');
  const lines: string[][] = [];
  for (const { backend, steady, burst } of results) {
    const b = backend === 'redis' ? 'Redis' : 'Postgres (BullMQ backend)';
    const delivered = (r: ReminderFigures) => `${n(r.delivered)} of ${n(r.count)} (${n(r.notifications)} notifications, ${n(r.inboxLines)} lines)`;
    const all = steady.delivered === steady.count && burst.delivered === burst.count;
    lines.push([b, 'delivered in-app: spread over the minute / all at once', `${delivered(steady)} / ${delivered(burst)}`, 'all', all ? 'met' : 'MISSED']);
    lines.push([
      '',
      'deliveries/s, all due at once (due → last delivered)',
      `${burst.throughput.toFixed(0)} (fires/s ${burst.fireThroughput.toFixed(0)}; best 5 s ${burst.peak5s.toFixed(0)}/s; drained in ${(burst.drainMs / 1000).toFixed(1)} s)`,
      '≥ 2,000',
      burst.throughput >= 2000 ? 'met' : 'MISSED',
    ]);
    lines.push(['', 'deliveries/s, spread over the minute (keeps up: the rate they fall due)', `${steady.throughput.toFixed(0)} (drained ${((steady.drainMs - 60_000) / 1000).toFixed(1)} s after the last was due)`, '', '']);
    lines.push(['', 'spread: lag fired − due, ms p50/p95/p99/max', lagOf(steady.fireLag), '', '']);
    lines.push(['', 'spread: lag in inbox − due, ms p50/p95/p99/max', lagOf(steady.deliveryLag), '', '']);
    lines.push([
      '',
      'spread: lag p99 while not saturated, ms',
      `fired ${ms(steady.unsaturated.fireLagP99)}, in inbox ${ms(steady.unsaturated.deliveryLagP99)} (${n(steady.unsaturated.n)} due while < 1 s behind)`,
      '< 1,000',
      steady.unsaturated.n === 0 ? 'n/a' : steady.unsaturated.fireLagP99 < 1000 ? (steady.unsaturated.deliveryLagP99 < 1000 ? 'met' : 'met (fired); inbox MISSED') : 'MISSED',
    ]);
    lines.push(['', 'all at once: lag fired − due, ms p50/p95/p99/max (saturated by design)', lagOf(burst.fireLag), '', '']);
    const dups = steady.duplicates + burst.duplicates;
    lines.push(['', 'duplicates (delivery rows, inbox lines), both runs', String(dups), '0', dups === 0 ? 'met' : 'MISSED']);
  }
  printRows([`reminders: ${n(results[0]?.steady.count ?? 0)} due within one minute`, 'figure', 'value', 'target', ''], lines, log);
  for (const { backend, steady, burst } of results) {
    log(
      `  ${backend}: ${steady.workers} worker process(es), ${steady.workerEnv}; ${steady.recipients} recipients in ${steady.tenants} tenants;` +
        ` enqueued at ${steady.enqueue.perSecond.toFixed(0)}/s and ${burst.enqueue.perSecond.toFixed(0)}/s, the first due ${(steady.enqueue.leadMs / 1000).toFixed(0)} s and ${(burst.enqueue.leadMs / 1000).toFixed(0)} s after`,
    );
  }
  log('');
}

export async function runBench(env: LauncherEnv, args: string[], log: Log): Promise<number> {
  const reseed = args.includes('--reseed');
  const only = args.filter((a) => !a.startsWith('--'));
  const wanted = (name: string) => only.length === 0 || only.some((o) => name.startsWith(o));
  const queueArg = args.find((a) => a.startsWith('--queue='))?.slice('--queue='.length);
  const pgHandle = await resolvePostgres({
    databaseUrl: env.DATABASE_URL,
    dataDir: env.DATA_DIR,
    port: env.EMBEDDED_PG_PORT,
    password: env.EMBEDDED_PG_PASSWORD,
    database: 'postgres',
    preferLocal: true,
    log,
  });
  const children: ChildProcess[] = [];
  const stopChildren = () => {
    for (const c of children.splice(0)) c.kill('SIGTERM');
  };
  try {
    const { ownerUrl, ctx } = await prepareDatabase(pgHandle.ownerUrl, reseed, log);
    await ensurePortalVolume(ownerUrl, ctx, log);
    const appUrl = withDb(ownerUrl, BENCH_DB, BENCH_ROLE);
    const redis = env.REDIS_URL ?? ((await redisAnswers()) ? 'redis://127.0.0.1:6379' : undefined);
    const selected = scenarios.filter((s) => wanted(s.name));
    const withImport = wanted(IMPORT_NAME);
    const withIntake = wanted(INTAKE_NAME);
    const withParty = wanted(PARTY_NAME);
    let party: { activity: BurstFigures; shift: BurstFigures } | null = null;
    let intake: (Summary & { statuses: Record<string, number> }) | null = null;
    const results = [];
    let imported: ImportFigures | null = null;

    if (selected.length > 0 || withImport || withIntake || withParty) {
      if (!args.includes('--no-build')) {
        log('building the web app');
        const build = spawnSync('npx', ['turbo', 'run', 'build', '--filter=@stationdesk/web', '--output-logs=errors-only'], { cwd: repoRoot, stdio: 'inherit' });
        if (build.status !== 0) throw new Error('build failed');
      }
      // The API as production runs it, and once more with the read caches off (ADR 010): the second
      // shows what a request costs when it is not answered from memory.
      const startWeb = async (readCache: boolean) => {
        const port = await freePort();
        const web = spawn(process.execPath, ['--import', 'tsx', 'apps/web/server/main.ts'], {
          cwd: repoRoot,
          stdio: ['ignore', 'ignore', 'inherit'],
          env: {
            ...process.env,
            APP_DATABASE_URL: appUrl,
            ...(redis ? { REDIS_URL: redis } : {}),
            QUEUE_PREFIX: 'sd-bench',
            PORT: String(port),
            HOST: '127.0.0.1',
            LOG_LEVEL: 'warn',
            DB_POOL_MAX: String(CONNECTIONS),
            WEB_PROCESSES: String(PROCESSES),
            NODE_ENV: 'production',
            READ_CACHE: readCache ? '1' : '0',
          },
        });
        children.push(web);
        const base = `http://127.0.0.1:${port}`;
        await waitFor(`${base}/healthz`);
        return base;
      };
      // The floors' statements, recorded on a live connection in the bench tenant (reads rolled back).
      const live = new pg.Client({ connectionString: appUrl });
      await live.connect();
      const statements: BenchQuery[][] = [];
      try {
        await live.query(`select set_config('app.tenant_id', $1, false), set_config('app.user_id', $2, false)`, [ctx.tenantId, ctx.userId]);
        for (const s of selected) statements.push(await floorQueries(s, ctx, live));
      } finally {
        await live.end();
      }
      const floorPort = await freePort();
      const floor = fork(new URL('./floor-server.ts', import.meta.url), [], {
        cwd: repoRoot,
        execArgv: ['--import', 'tsx'],
        env: {
          ...process.env,
          APP_DATABASE_URL: appUrl,
          TENANT_ID: ctx.tenantId,
          USER_ID: ctx.userId,
          PORT: String(floorPort),
          POOL_MAX: String(CONNECTIONS),
          PROCESSES: String(PROCESSES),
          FLOOR_QUERIES: JSON.stringify(Object.fromEntries(statements.map((q, i) => [`s${i}`, q]))),
        },
      });
      children.push(floor);
      const apiBase = await startWeb(true);
      const offBase = await startWeb(false);
      await new Promise<void>((done) => floor.once('message', () => done()));
      const cookies: Record<string, string> = {};
      for (const [who, u] of Object.entries(ctx.users)) cookies[who] = await signIn(apiBase, u.email, u.password);
      log(`measuring ${selected.length} scenario(s), ${DURATION} s each layer, ${CONNECTIONS} connections; both servers on this machine, ${PROCESSES} process(es) each`);
      for (const [i, s] of selected.entries()) {
        const call = s.api(ctx);
        const req = {
          method: call.method,
          headers: { cookie: cookies[s.as]! },
          ...(call.method === 'POST' ? { body: call.body } : {}),
        } as const;
        const sql = await sqlFloor(appUrl, ctx, statements[i]!);
        const floorUrl = `http://127.0.0.1:${floorPort}/s${i}`;
        await load(floorUrl, { seconds: 2 });
        const bareOne = await load(floorUrl, { seconds: DURATION, connections: 1 });
        const bare = await load(floorUrl, { seconds: DURATION });
        await load(`${apiBase}${call.path}`, { ...req, seconds: 2 });
        const apiOne = await load(`${apiBase}${call.path}`, { ...req, seconds: DURATION, connections: 1 });
        const api = await load(`${apiBase}${call.path}`, { ...req, seconds: DURATION });
        await load(`${offBase}${call.path}`, { ...req, seconds: 2 });
        const offOne = await load(`${offBase}${call.path}`, { ...req, seconds: DURATION, connections: 1 });
        const off = await load(`${offBase}${call.path}`, { ...req, seconds: DURATION });
        // Writes: also a steady offered rate.
        const paced = s.pacedRps ? await load(`${apiBase}${call.path}`, { ...req, seconds: DURATION, rate: s.pacedRps }) : null;
        if (s.cleanup) {
          const owner = new pg.Client({ connectionString: ownerUrl });
          await owner.connect();
          await s.cleanup(owner, ctx).finally(() => owner.end());
        }
        const pacedNote = paced ? `; at ${s.pacedRps} req/s offered p95 ${f(paced.p95)} ms` : '';
        log(
          `${s.name}: API p95 one at a time ${f(apiOne.p95)} ms (bare ${f(bareOne.p95)}); ${CONNECTIONS} conn p95 ${f(api.p95)} ms, ${api.rps.toFixed(0)} req/s` +
            `${pacedNote} (bare ${f(bare.p95)} ms, ${bare.rps.toFixed(0)} req/s; read cache off ${f(offOne.p95)} ms one at a time, ${off.rps.toFixed(0)} req/s); SQL p95 ${f(sql.p95)} ms`,
        );
        results.push({ scenario: s, statements: statements[i]!.length, sql, bareOne, apiOne, bare, api, offOne, off, paced });
      }
      if (withImport) {
        log(`${IMPORT_NAME}: upload, preview and commit through the API as a manager`);
        imported = await benchImport({ apiBase, cookie: cookies.manager!, ownerUrl, ctx });
        log(`${IMPORT_NAME}: ${(imported.totalMs / 1000).toFixed(2)} s (created ${imported.created}); its rows removed again`);
      }
      if (withIntake) {
        intake = await benchIntake({ apiBase, ownerUrl, ctx, log });
        log(`${INTAKE_NAME}: p95 ${f(intake.p95)} ms over ${intake.count} created; its findings removed again`);
      }
      if (withParty) {
        party = await benchPartySignUps({ apiBase, ownerUrl, ctx, staffCookie: cookies.staff!, signIn: (email, password) => signIn(apiBase, email, password), log });
        log(`${PARTY_NAME}: activity p95 ${f(party.activity.p95)} ms (${party.activity.confirmed} confirmed, ${party.activity.waitlisted} waitlisted); shift p95 ${f(party.shift.p95)} ms (${party.shift.confirmed} taken)`);
      }
      stopChildren();
    }

    const rules = wanted(RULES_NAME) ? await benchPatrolRules({ ownerUrl, appUrl, ctx, log }) : null;

    const reminderResults: ReminderRun[] = [];
    if (wanted(REMINDERS_NAME)) {
      const backends: QueueKind[] = queueArg === 'redis' || queueArg === 'postgres' ? [queueArg] : ['redis', 'postgres'];
      for (const backend of backends) {
        if (backend === 'redis' && !redis) {
          log('reminders/redis: no Redis (REDIS_URL unset and nothing on 127.0.0.1:6379) — skipped');
          continue;
        }
        const run = (spreadMs: number) => {
          log(`reminders/${backend}: starting the worker (${spreadMs ? `due evenly over ${spreadMs / 1000} s` : 'all due at one instant'})`);
          return benchReminders({
            ownerUrl,
            appUrl,
            appRole: BENCH_ROLE,
            backend,
            redisUrl: redis,
            // Defaults are the issue's; BENCH_REMINDERS and BENCH_WORKERS are for exploring.
            count: Number(process.env.BENCH_REMINDERS ?? 100_000),
            workers: Number(process.env.BENCH_WORKERS ?? 1),
            spreadMs,
            log,
          });
        };
        // Spread over the minute: the lag of a worker that keeps up. All at once: its capacity.
        reminderResults.push({ backend, steady: await run(60_000), burst: await run(0) });
      }
    }

    if (results.length) printTable(results, log);
    if (imported) printImport(imported, log);
    if (party) printParty(party, log);
    if (rules || intake) printPatrol(rules, intake, log);
    if (reminderResults.length) printReminders(reminderResults, log);
    return results.some((r) => r.api.errors > 0 && r.api.count === 0) ? 1 : 0;
  } finally {
    stopChildren();
    await pgHandle.stop();
  }
}
