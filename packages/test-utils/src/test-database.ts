import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { ensureAppRole, migrateToLatest } from '@stationdesk/db';
import { migratePostgresQueueSchema } from '@stationdesk/jobs';

export interface TestDatabase {
  name: string;
  ownerUrl: string;
  appUrl: string;
  appRole: string;
  drop(): Promise<void>;
}

function withDatabase(url: string, database: string, user?: { name: string; password: string }) {
  const u = new URL(url);
  u.pathname = `/${database}`;
  if (user) {
    u.username = user.name;
    u.password = encodeURIComponent(user.password);
  }
  return u.toString();
}

/**
 * A database of its own for one test run (and an app role of its own), so runs never collide;
 * `drop` removes both. Migrated and with BullMQ's Postgres schema, like production.
 */
export async function createTestDatabase(serverUrl: string, label = 'test'): Promise<TestDatabase> {
  const id = `${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const name = `sd_${label}_${id}`;
  const role = { name: `sd_app_${label}_${id}`, password: randomBytes(12).toString('hex') };
  const admin = new pg.Client({ connectionString: withDatabase(serverUrl, 'postgres') });
  await admin.connect();
  try {
    await admin.query(`create database ${admin.escapeIdentifier(name)}`);
  } finally {
    await admin.end();
  }
  const ownerUrl = withDatabase(serverUrl, name);
  await migrateToLatest(ownerUrl);
  await migratePostgresQueueSchema(ownerUrl, 'bullmq');
  await ensureAppRole(ownerUrl, role, ['bullmq']);
  return {
    name,
    ownerUrl,
    appUrl: withDatabase(serverUrl, name, role),
    appRole: role.name,
    async drop() {
      const c = new pg.Client({ connectionString: withDatabase(serverUrl, 'postgres') });
      await c.connect();
      try {
        await c.query(`drop database if exists ${c.escapeIdentifier(name)} with (force)`);
        await c.query(`drop role if exists ${c.escapeIdentifier(role.name)}`);
      } finally {
        await c.end();
      }
    },
  };
}
