import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import type { TestProject } from 'vitest/node';
import { hashPassword } from '@stationdesk/auth';
import { createDb, DEMO_PASSWORD, seedDemo } from '@stationdesk/db';
import { redisAnswers, repoRoot, resolvePostgres } from '@stationdesk/infra/services';
import { createTestDatabase } from '@stationdesk/test-utils/test-database';

import './provided.ts';

function freePort(): Promise<number> {
  return new Promise((done) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => done(port));
    });
  });
}

/**
 * A database of the run's own with the demo seed, the built web app and the worker as child
 * processes — the app the way `npm start` runs it.
 */
export default async function setup(project: TestProject) {
  const log = (m: string) => console.log(`[e2e] ${m}`);
  let serverUrl = process.env.SD_TEST_PG_URL;
  let stopPg = async () => {};
  if (!serverUrl) {
    const pg = await resolvePostgres({
      databaseUrl: process.env.DATABASE_URL,
      dataDir: '.data',
      port: 54329,
      password: 'stationdesk-owner-dev',
      database: 'postgres',
      preferLocal: true,
      log,
    });
    serverUrl = pg.ownerUrl;
    stopPg = pg.stop;
  }
  const db = await createTestDatabase(serverUrl, 'e2e');
  const owner = createDb(db.ownerUrl, { max: 2 });
  await seedDemo(owner, { passwordHash: await hashPassword(DEMO_PASSWORD) });
  await owner.close();

  const redisUrl = process.env.SD_TEST_REDIS_URL || ((await redisAnswers()) ? 'redis://127.0.0.1:6379' : '');
  const port = await freePort();
  const env = {
    ...process.env,
    APP_DATABASE_URL: db.appUrl,
    QUEUE_PREFIX: `sde2e-${db.name}`,
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    NODE_ENV: 'production',
    // As deployed behind one proxy: e2e/tests/http-security.e2e.ts plays it; the browser connects directly.
    TRUST_PROXY: '1',
    ...(redisUrl ? { REDIS_URL: redisUrl } : {}),
  };
  if (!redisUrl) delete env.REDIS_URL;
  const children: ChildProcess[] = [
    spawn(process.execPath, ['--import', 'tsx', 'apps/web/server/main.ts'], { cwd: repoRoot, env, stdio: 'inherit' }),
    spawn(process.execPath, ['--import', 'tsx', 'apps/worker/src/index.ts'], { cwd: repoRoot, env, stdio: 'inherit' }),
  ];
  const baseURL = `http://127.0.0.1:${port}`;
  // Generous: on a loaded 2-core machine tsx compiles the server and worker for well over a minute.
  const until = Date.now() + 180_000;
  for (;;) {
    try {
      if ((await fetch(`${baseURL}/readyz`)).ok) break;
    } catch {
      /* starting */
    }
    if (Date.now() > until) throw new Error('the app did not become ready');
    await new Promise((r) => setTimeout(r, 250));
  }
  log(`app ready at ${baseURL}`);
  project.provide('baseURL', baseURL);
  project.provide('ownerUrl', db.ownerUrl);

  return async () => {
    await Promise.all(
      children.map(
        (c) =>
          new Promise<void>((done) => {
            if (c.exitCode !== null) return done();
            c.once('exit', () => done());
            c.kill('SIGTERM');
          }),
      ),
    );
    await db.drop();
    await stopPg();
  };
}
