import { Kysely, Migrator, PostgresDialect, sql, type MigrationResultSet } from 'kysely';
import pg from 'pg';
import { migrations } from './migrations/index.ts';

/** Tables the app may append to and read but never change: history is evidence. */
export const appendOnlyTables = ['audit_log', 'work_item_events', 'dispute_risk_history'] as const;

export interface AppRole {
  name: string;
  password: string;
}

/** Runs pending migrations as the owner (the role in DATABASE_URL). */
export async function migrateToLatest(ownerUrl: string): Promise<MigrationResultSet> {
  const db = new Kysely<any>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: ownerUrl, max: 1 }) }) });
  try {
    const migrator = new Migrator({
      db,
      provider: { getMigrations: async () => migrations },
    });
    const result = await migrator.migrateToLatest();
    if (result.error) throw result.error;
    return result;
  } finally {
    await db.destroy();
  }
}

const ROLE_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * Creates (or re-asserts) the role the app connects as: LOGIN, no superuser, no BYPASSRLS, owns
 * nothing; it gets table privileges only, so row-level security always applies to it.
 */
export async function ensureAppRole(ownerUrl: string, role: AppRole, extraSchemas: string[] = []): Promise<void> {
  if (!ROLE_NAME.test(role.name)) throw new Error(`invalid app role name: ${role.name}`);
  const client = new pg.Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    const name = client.escapeIdentifier(role.name);
    const password = client.escapeLiteral(role.password);
    const { rows } = await client.query('select 1 from pg_roles where rolname = $1', [role.name]);
    // Concurrent test runs may race to create the shared role; losing that race is fine.
    if (rows.length === 0) {
      await client
        .query(`create role ${name} login password ${password} nosuperuser nocreatedb nocreaterole noinherit nobypassrls`)
        .catch((e: { code?: string }) => {
          if (e.code !== '42710' && e.code !== '23505') throw e;
        });
    }
    await client.query(`alter role ${name} login password ${password} nosuperuser nocreatedb nocreaterole nobypassrls`);
    const { rows: dbRows } = await client.query<{ db: string }>('select current_database() as db');
    const database = client.escapeIdentifier(dbRows[0]!.db);
    const schemas = ['public', ...extraSchemas].map((s) => client.escapeIdentifier(s));
    await client.query(`grant connect on database ${database} to ${name}`);
    for (const schema of schemas) {
      await client.query(`grant usage on schema ${schema} to ${name}`);
      await client.query(`grant select, insert, update, delete on all tables in schema ${schema} to ${name}`);
      await client.query(`grant usage, select on all sequences in schema ${schema} to ${name}`);
      await client.query(`grant execute on all functions in schema ${schema} to ${name}`);
    }
    await client.query(`revoke all on kysely_migration, kysely_migration_lock from ${name}`);
    for (const table of appendOnlyTables) {
      await client.query(`revoke update, delete, truncate on ${client.escapeIdentifier(table)} from ${name}`);
    }
  } finally {
    await client.end();
  }
}

/** True when the database has no tenants yet (the demo seed runs then). */
export async function isEmpty(ownerUrl: string): Promise<boolean> {
  const db = new Kysely<any>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: ownerUrl, max: 1 }) }) });
  try {
    const { rows } = await sql<{ n: string }>`select count(*) as n from tenants`.execute(db);
    return Number(rows[0]?.n ?? 0) === 0;
  } finally {
    await db.destroy();
  }
}
