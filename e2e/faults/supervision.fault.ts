import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { redisAnswers, repoRoot } from '@stationdesk/infra/services';
import { createTestDatabase, type TestDatabase } from '@stationdesk/test-utils/test-database';
import { freePort, localPostgres, waitFor } from './support.ts';

/**
 * `npm start` keeps the product up (issue 16): a worker or web process that dies is started again
 * by the launcher, and only a signal to the launcher stops everything.
 */
let db: TestDatabase;
let launcher: ChildProcess;
let output = '';
let base = '';

const pids = (name: string) => [...output.matchAll(new RegExp(`${name} started \\(pid (\\d+)\\)`, 'g'))].map((m) => Number(m[1]));
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

beforeAll(async () => {
  db = await createTestDatabase(await localPostgres(), 'fault');
  const app = new URL(db.appUrl);
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  const redis = process.env.SD_TEST_REDIS_URL || ((await redisAnswers()) ? 'redis://127.0.0.1:6379' : '');
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    DATABASE_URL: db.ownerUrl,
    APP_DATABASE_URL: db.appUrl,
    APP_DB_ROLE: decodeURIComponent(app.username),
    APP_DB_PASSWORD: decodeURIComponent(app.password),
    QUEUE_PREFIX: `sdfault-${db.name}`,
    PORT: String(port),
    HOST: '127.0.0.1',
    WEB_PROCESSES: '1',
    LOG_LEVEL: 'warn',
    ...(redis ? { REDIS_URL: redis } : {}),
  };
  launcher = spawn(process.execPath, ['infra/bin/run.mjs', 'start'], { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
  launcher.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  launcher.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  await waitFor(async () => (await fetch(`${base}/readyz`).catch(() => null))?.ok, { timeoutMs: 240_000, what: () => `the app to be ready:\n${output.slice(-3000)}` });
});

afterAll(async () => {
  if (process.env.FAULT_VERBOSE) console.log(output);
  if (launcher && launcher.exitCode === null) {
    launcher.kill('SIGKILL');
    for (const pid of [...pids('web'), ...pids('worker')]) if (alive(pid)) process.kill(pid, 'SIGKILL');
  }
  await db?.drop();
});

describe('npm start supervises web and worker', () => {
  it('starts a worker again after it is killed, and it works: a new heartbeat from the new process', async () => {
    const first = pids('worker').at(-1);
    expect(first).toBeGreaterThan(0);
    process.kill(first!, 'SIGKILL');
    const next = await waitFor(() => pids('worker').find((p) => p !== first), { timeoutMs: 30_000, what: () => `a new worker:\n${output.slice(-2000)}` });
    expect(output).toMatch(/worker exited \(SIGKILL\); restarting it in/);
    // The new worker is a working one: it records its heartbeat in Postgres under its own pid.
    const owner = new pg.Client({ connectionString: db.ownerUrl });
    await owner.connect();
    try {
      await waitFor(async () => (await owner.query('select 1 from worker_heartbeats where pid = $1', [next])).rowCount === 1, { timeoutMs: 60_000, what: 'the new worker’s heartbeat' });
    } finally {
      await owner.end();
    }
    expect(launcher.exitCode).toBeNull();
  });

  it('starts the web server again after it is killed: pages answer again by themselves', async () => {
    const first = pids('web').at(-1);
    process.kill(first!, 'SIGKILL');
    await waitFor(() => pids('web').find((p) => p !== first), { timeoutMs: 30_000, what: 'a new web process' });
    await waitFor(async () => (await fetch(`${base}/readyz`).catch(() => null))?.ok, { timeoutMs: 60_000, what: 'the app to answer again' });
    expect(launcher.exitCode).toBeNull();
  });

  it('SIGTERM to the launcher stops everything, and nothing is restarted', async () => {
    const children = [pids('web').at(-1)!, pids('worker').at(-1)!];
    const exited = new Promise<number | null>((done) => launcher.once('exit', (code) => done(code)));
    launcher.kill('SIGTERM');
    expect(await exited).toBe(0);
    for (const pid of children) expect(alive(pid)).toBe(false);
    expect(output).not.toMatch(/(web|worker) exited \(SIGTERM\); restarting/);
  });
});
