import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { LauncherEnv } from './env.ts';
import { redisAnswers, repoRoot, resolvePostgres, type Log } from './services.ts';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

function step(name: string, cmd: string, args: string[], env: NodeJS.ProcessEnv, log: Log): boolean {
  log(`── ${name}: ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { cwd: repoRoot, stdio: 'inherit', env });
  if (r.status !== 0) log(`✗ ${name} failed (exit ${r.status ?? r.signal})`);
  return r.status === 0;
}

/** Like `step`, but running beside what follows; its output is kept and printed when it ends. */
function stepInBackground(name: string, cmd: string, args: string[], env: NodeJS.ProcessEnv, log: Log): Promise<boolean> {
  log(`── ${name} (in the background): ${cmd} ${args.join(' ')}`);
  const child = spawn(cmd, args, { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'], env });
  const out: Buffer[] = [];
  child.stdout.on('data', (d: Buffer) => out.push(d));
  child.stderr.on('data', (d: Buffer) => out.push(d));
  return new Promise((done) => {
    child.once('exit', (code, signal) => {
      log(`── ${name}: output`);
      process.stdout.write(Buffer.concat(out));
      if (code !== 0) log(`✗ ${name} failed (exit ${code ?? signal})`);
      done(code === 0);
    });
  });
}

/** Debian's chromium drives the browser tests; install it (and a CJK font) when missing. */
function ensureChromium(log: Log): boolean {
  if (existsSync(CHROMIUM)) return true;
  log(`chromium not found at ${CHROMIUM}: installing it with apt-get (chromium, fonts-wqy-microhei)`);
  const sudo = process.getuid?.() === 0 ? [] : ['sudo', '-n'];
  const [cmd, ...args] = [...sudo, 'apt-get', 'install', '-y', '--no-install-recommends', 'chromium', 'fonts-wqy-microhei'];
  let r = spawnSync(cmd!, args, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  if (r.status !== 0) {
    const [ucmd, ...uargs] = [...sudo, 'apt-get', 'update'];
    spawnSync(ucmd!, uargs, { stdio: 'inherit' });
    r = spawnSync(cmd!, args, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  }
  return r.status === 0 && existsSync(CHROMIUM);
}

/**
 * `npm test`: typecheck, lint, unit + integration (real Postgres and Redis, a database per run),
 * then the browser tests against the built app and, beside them, the fault tests (`npm test -- faults`
 * runs those alone). Finds or starts the services it needs the same
 * way `npm start` does, so it passes on a fresh clone.
 */
export async function runTests(env: LauncherEnv, args: string[], log: Log): Promise<number> {
  const only = args[0];
  const pg = await resolvePostgres({
    databaseUrl: env.DATABASE_URL,
    dataDir: env.DATA_DIR,
    port: env.EMBEDDED_PG_PORT,
    password: env.EMBEDDED_PG_PASSWORD,
    database: 'postgres',
    preferLocal: true,
    log,
  });
  const redisUrl = env.REDIS_URL ?? ((await redisAnswers()) ? 'redis://127.0.0.1:6379' : '');
  log(redisUrl ? `redis: ${redisUrl}` : 'redis: none found — queue tests run on BullMQ\'s PostgreSQL backend only');
  const testEnv: NodeJS.ProcessEnv = { ...process.env, SD_TEST_PG_URL: pg.ownerUrl, SD_TEST_REDIS_URL: redisUrl, NODE_ENV: 'test' };
  delete testEnv.DATABASE_URL;
  let ok = true;
  try {
    if (!only || only === 'static') {
      ok &&= step('typecheck', 'npx', ['turbo', 'run', 'typecheck', '--output-logs=errors-only'], testEnv, log);
      ok &&= step('lint', 'npx', ['eslint', '.', '--max-warnings', '0'], testEnv, log);
    }
    if (ok && (!only || only === 'unit' || only === 'integration')) {
      const project = only ? ['--project', only] : [];
      ok &&= step('unit and integration tests', 'npx', ['vitest', 'run', ...project], testEnv, log);
    }
    if (ok && (!only || only === 'e2e')) {
      if (!ensureChromium(log)) {
        log('✗ chromium is missing and could not be installed; e2e tests cannot run');
        ok = false;
      } else {
        ok &&= step('build', 'npx', ['turbo', 'run', 'build', '--filter=@stationdesk/web', '--output-logs=errors-only'], testEnv, log);
        if (ok) {
          // The fault tests (real processes, their own databases and Postgres server) mostly wait
          // out outages: they run beside the browser tests, their output printed when they end.
          const faults = only === 'e2e' ? null : stepInBackground('fault tests', 'npx', ['vitest', 'run', '--config', 'e2e/vitest.faults.config.ts'], testEnv, log);
          ok &&= step('browser tests', 'npx', ['vitest', 'run', '--config', 'e2e/vitest.config.ts'], { ...testEnv, CHROMIUM_PATH: CHROMIUM }, log);
          if (faults) ok = (await faults) && ok;
        }
      }
    }
    if (ok && only === 'faults') {
      ok &&= step('build', 'npx', ['turbo', 'run', 'build', '--filter=@stationdesk/web', '--output-logs=errors-only'], testEnv, log);
      ok &&= step('fault tests', 'npx', ['vitest', 'run', '--config', 'e2e/vitest.faults.config.ts'], testEnv, log);
    }
  } finally {
    await pg.stop();
  }
  log(ok ? '✓ all tests passed' : '✗ tests failed');
  return ok ? 0 : 1;
}
