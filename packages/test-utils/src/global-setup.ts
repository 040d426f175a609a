import type { TestProject } from 'vitest/node';
import { redisAnswers, resolvePostgres } from '@stationdesk/infra/services';
import { createTestDatabase } from './test-database.ts';

import './provided.ts';

/**
 * Integration tests get a fresh database for the run (dropped at its end) and, when a Redis is
 * there, a key prefix of their own. `npm test` passes the servers in SD_TEST_PG_URL and
 * SD_TEST_REDIS_URL; run directly, it finds them the same way the launcher does.
 */
export default async function setup(project: TestProject) {
  const log = (m: string) => console.log(`[test] ${m}`);
  let serverUrl = process.env.SD_TEST_PG_URL;
  let stopPg = async () => {};
  if (!serverUrl) {
    const pg = await resolvePostgres({
      databaseUrl: process.env.DATABASE_URL,
      dataDir: '.data',
      port: Number(process.env.EMBEDDED_PG_PORT ?? 54329),
      password: process.env.EMBEDDED_PG_PASSWORD ?? 'stationdesk-owner-dev',
      database: 'postgres',
      preferLocal: true,
      log,
    });
    serverUrl = pg.ownerUrl;
    stopPg = pg.stop;
  }
  const db = await createTestDatabase(serverUrl, 'it');
  let redisUrl = process.env.SD_TEST_REDIS_URL ?? null;
  if (redisUrl === null && (await redisAnswers())) redisUrl = 'redis://127.0.0.1:6379';
  project.provide('db', { ownerUrl: db.ownerUrl, appUrl: db.appUrl, appRole: db.appRole, name: db.name });
  project.provide('redisUrl', redisUrl || null);
  project.provide('queuePrefix', `sdtest-${db.name}`);
  return async () => {
    await db.drop();
    await stopPg();
  };
}
