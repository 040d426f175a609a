import { sql, type Kysely } from 'kysely';
import type pg from 'pg';
import { kyselyOn, kyselyOnClient, type Db } from './client.ts';
import type { Database } from './schema.ts';

/** What repositories and use cases receive: a Kysely bound to a scoped transaction. */
export type Tx = Kysely<Database>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(v: unknown): v is string {
  return typeof v === 'string' && UUID.test(v);
}

/** Literal for the simple-query preamble. Only ever called on values checked just before. */
function literal(v: string): string {
  return `'${v.replace(/'/g, "''")}'`;
}

/**
 * Runs `fn` in one transaction on one connection. The preamble is sent together with BEGIN in a
 * single simple-protocol round trip (set_config calls, or sd_open_request), which is why the
 * values in it are checked and inlined rather than bound. `lazy`: BEGIN and the preamble go at the
 * first statement `fn` runs — none at all if it runs none (`fn` then gets no preamble result).
 */
async function inTransaction<P, T>(
  db: Db,
  preamble: string,
  readPreamble: (rows: Record<string, unknown>[]) => P,
  fn: (trx: Tx, preambleResult: P) => Promise<T>,
  lazy = false,
): Promise<T> {
  let client: pg.PoolClient | undefined;
  let opening: Promise<pg.PoolClient> | undefined;
  let result: P | undefined;
  const open = () =>
    (opening ??= (async () => {
      const c = await db.pool.connect();
      try {
        const results = (await c.query(`BEGIN; ${preamble}`)) as unknown as pg.QueryResult[];
        result = readPreamble(results[results.length - 1]?.rows ?? []);
      } catch (e) {
        c.release(isConnectionError(e) ? (e as Error) : undefined);
        throw e;
      }
      return (client = c);
    })());
  let broken: Error | undefined;
  try {
    const trx = lazy ? kyselyOn(open) : kyselyOnClient(await open());
    const value = await fn(trx, result as P);
    if (client) await client.query('COMMIT');
    return value;
  } catch (e) {
    if (client) {
      await client.query('ROLLBACK').catch((rollbackError: Error) => {
        broken = rollbackError;
      });
      if (!broken && isConnectionError(e)) broken = e as Error;
    }
    throw e;
  } finally {
    client?.release(broken);
  }
}

function isConnectionError(e: unknown): boolean {
  const code = (e as { code?: string })?.code;
  return !code || code.startsWith('08') || code === '57P01';
}

/**
 * The one way into tenant data: a transaction whose every statement sees only `tenantId`'s rows
 * (Postgres row-level security on app.tenant_id), optionally also naming the acting user.
 */
export function withTenant<T>(
  db: Db,
  tenantId: string,
  fn: (trx: Tx) => Promise<T>,
  opts: { userId?: string } = {},
): Promise<T> {
  if (!isUuid(tenantId)) throw new Error('withTenant: tenantId must be a UUID');
  if (opts.userId !== undefined && !isUuid(opts.userId)) throw new Error('withTenant: userId must be a UUID');
  const settings = [`set_config('app.tenant_id', ${literal(tenantId)}, true)`];
  if (opts.userId) settings.push(`set_config('app.user_id', ${literal(opts.userId)}, true)`);
  return inTransaction(db, `SELECT ${settings.join(', ')}`, () => undefined, (trx) => fn(trx));
}

/** A transaction that sees only what one user may see of global rows (own memberships, tenants). */
export function withUser<T>(db: Db, userId: string, fn: (trx: Tx) => Promise<T>): Promise<T> {
  if (!isUuid(userId)) throw new Error('withUser: userId must be a UUID');
  return inTransaction(db, `SELECT set_config('app.user_id', ${literal(userId)}, true)`, () => undefined, (trx) => fn(trx));
}

/**
 * The sign-in lookup: the only statement that may read a user row before anyone is signed in,
 * and then only the row with this e-mail.
 */
export function withSignInEmail<T>(db: Db, email: string, fn: (trx: Tx) => Promise<T>): Promise<T> {
  return inTransaction(
    db,
    `SELECT set_config('app.sign_in_email', ${literal(email)}, true)`,
    () => undefined,
    (trx) => fn(trx),
  );
}

export interface RequestScope {
  userId: string;
  email: string;
  displayName: string;
  locale: string;
  isPlatformAdmin: boolean;
  sessionExpiresAt: string;
  sessionRenewed: boolean;
  tenantId: string | null;
  membershipId: string | null;
  /** 'support': a platform operator inside the tenant under a manager's live grant (migration 0037). */
  role: 'manager' | 'staff' | 'enterprise_admin' | 'support' | null;
  stationIds: string[];
  enterpriseId: string | null;
  /** The active tenant's time zone (IANA), for local dates and working time. */
  timezone: string;
  /** role 'support': when the grant ends (ISO); such a scope is never reused from memory. */
  supportUntil: string | null;
  /** The session's tenant is suspended: it was dropped from the scope (tenantId null). */
  tenantSuspended: boolean;
  /** An operator's session named a tenant without a live grant: dropped, named here for the audit. */
  refusedTenantId: string | null;
}

const SESSION_ID = /^[0-9a-f]{64}$/;

/**
 * Opens an authenticated request: BEGIN and sd_open_request in one round trip. `fn` receives the
 * transaction scoped to the session's user and active tenant, or null when the session is
 * unknown or expired (the transaction then sees nothing).
 */
export function withRequest<T>(
  db: Db,
  sessionId: string,
  session: { lifetimeMs: number; renewWithinMs: number },
  fn: (trx: Tx, scope: RequestScope | null) => Promise<T>,
): Promise<T> {
  if (!SESSION_ID.test(sessionId)) return inTransaction(db, 'SELECT 1', () => null, fn);
  const ms = (n: number) => `interval '${Math.floor(n)} milliseconds'`;
  return inTransaction(
    db,
    `SELECT * FROM sd_open_request(${literal(sessionId)}, ${ms(session.lifetimeMs)}, ${ms(session.renewWithinMs)})`,
    (rows) => {
      const r = rows[0] as Record<string, any> | undefined;
      if (!r) return null;
      const scope: RequestScope = {
        userId: r.user_id,
        email: r.email,
        displayName: r.display_name,
        locale: r.locale,
        isPlatformAdmin: r.is_platform_admin,
        sessionExpiresAt: r.expires_at,
        sessionRenewed: r.renewed,
        tenantId: r.tenant_id,
        membershipId: r.membership_id,
        role: r.role,
        stationIds: r.station_ids ?? [],
        enterpriseId: r.enterprise_id,
        timezone: r.timezone ?? 'Asia/Shanghai',
        supportUntil: r.support_until ? new Date(r.support_until).toISOString() : null,
        tenantSuspended: r.tenant_suspended === true,
        refusedTenantId: r.refused_tenant_id ?? null,
      };
      return scope;
    },
    fn,
  );
}

/**
 * A request whose session scope the caller already holds (read by `withRequest` moments ago and
 * unchanged since, as the ChangeFeed tells): the transaction makes the settings sd_open_request
 * makes, and opens only at the procedure's first statement — an answer served from memory costs
 * no round trip. Commits (or rolls back when `fn` throws) only if it was opened.
 */
export function withKnownScope<T>(db: Db, sessionId: string, scope: RequestScope, fn: (trx: Tx) => Promise<T>): Promise<T> {
  if (!SESSION_ID.test(sessionId) || !isUuid(scope.userId) || (scope.tenantId !== null && !isUuid(scope.tenantId))) {
    throw new Error('withKnownScope: malformed scope');
  }
  // A support scope is checked against its grant by sd_open_request on every request (0037).
  if (scope.role === 'support') throw new Error('withKnownScope: a support scope is never reused');
  const settings = [
    `set_config('app.session_id', ${literal(sessionId)}, true)`,
    `set_config('app.user_id', ${literal(scope.userId)}, true)`,
    `set_config('app.tenant_id', ${literal(scope.tenantId ?? '')}, true)`,
  ];
  if (scope.isPlatformAdmin) settings.push(`set_config('app.platform', 'on', true)`);
  return inTransaction(db, `SELECT ${settings.join(', ')}`, () => undefined, (trx) => fn(trx), true);
}

/**
 * From here on Postgres refuses every write in this transaction (a support-access request, 0037);
 * a transaction made read-only cannot be made read-write again.
 */
export async function readOnlyFromHere(trx: Tx): Promise<void> {
  await sql`select set_config('transaction_read_only', 'on', true)`.execute(trx);
}

/**
 * The named path for platform operations (creating tenants and users, the operator console, the
 * demo seed): the transaction may read the tenants table across tenants and create users, but
 * still sees no tenant-owned row unless it also enters a tenant.
 */
export function withPlatform<T>(db: Db, fn: (trx: Tx) => Promise<T>): Promise<T> {
  return inTransaction(db, `SELECT set_config('app.platform', 'on', true)`, () => undefined, (trx) => fn(trx));
}

export interface WallDisplayScope {
  displayId: string;
  tenantId: string;
  /** null: the whole subdistrict. */
  stationId: string | null;
  name: string;
  /** The tenant's time zone (IANA). */
  timezone: string;
}

const TOKEN_HASH = /^[0-9a-f]{64}$/;

/**
 * The named path of a wall display (docs/decisions/014): a screen without a session, known only by
 * its link's token hash. The transaction is read-only; sd_open_wall_display reads the live link
 * with that hash and scopes the transaction to the link's tenant, so row-level security applies as
 * for any request of that tenant. `fn` gets null for an unknown or revoked link (it then sees no
 * tenant at all).
 */
export function withWallDisplay<T>(db: Db, tokenHash: string, fn: (trx: Tx, scope: WallDisplayScope | null) => Promise<T>): Promise<T> {
  if (!TOKEN_HASH.test(tokenHash)) return inTransaction(db, 'SET TRANSACTION READ ONLY', () => null, fn);
  return inTransaction(
    db,
    `SET TRANSACTION READ ONLY; SELECT * FROM sd_open_wall_display(${literal(tokenHash)})`,
    (rows) => {
      const r = rows[0] as Record<string, any> | undefined;
      if (!r) return null;
      const scope: WallDisplayScope = { displayId: r.display_id, tenantId: r.tenant_id, stationId: r.station_id, name: r.name, timezone: r.timezone ?? 'Asia/Shanghai' };
      return scope;
    },
    fn,
  );
}

export interface IntakeScope {
  tokenId: string;
  tenantId: string;
  /** The sending system's name: its findings' source name. */
  name: string;
  /** The tenant's time zone (IANA). */
  timezone: string;
  /** Calls of this token in the current minute-long window, this one included. */
  calls: number;
  /** When the current window ends (ISO). */
  windowEndsAt: string;
}

/**
 * The named path of an external system's call (POST /api/intake/findings): no session, only its
 * token's hash. sd_intake_hit counts the call on the live token with that hash — in a transaction
 * of its own, so the token's row is locked for that one statement and not for the write that
 * follows — and answers the token's tenant and window; null for an unknown or revoked token. The
 * caller checks the count against its limit and then writes with withTenant(scope.tenantId).
 */
export function hitIntakeToken(db: Db, tokenHash: string): Promise<IntakeScope | null> {
  if (!TOKEN_HASH.test(tokenHash)) return Promise.resolve(null);
  return inTransaction(
    db,
    `SELECT * FROM sd_intake_hit(${literal(tokenHash)})`,
    (rows) => {
      const r = rows[0] as Record<string, any> | undefined;
      if (!r) return null;
      const scope: IntakeScope = {
        tokenId: r.token_id,
        tenantId: r.tenant_id,
        name: r.name,
        timezone: r.timezone ?? 'Asia/Shanghai',
        calls: Number(r.calls),
        windowEndsAt: new Date(r.window_ends_at).toISOString(),
      };
      return scope;
    },
    async (_trx, scope) => scope,
  );
}

export interface PasswordResetScope {
  resetId: string;
  userId: string;
  expiresAt: string;
  usedAt: string | null;
  /** Past its 30 minutes (the database's clock). */
  expired: boolean;
}

/**
 * The named path of a password reset link (no session, only its token's hash): sd_open_password_reset
 * finds and locks the reset with that hash and scopes the transaction to its user, so the new
 * password, the reset's use and the end of the user's sessions are written together under row-level
 * security. `fn` gets null for an unknown hash (it then sees nothing).
 */
export function withPasswordReset<T>(db: Db, tokenHash: string, fn: (trx: Tx, scope: PasswordResetScope | null) => Promise<T>): Promise<T> {
  if (!TOKEN_HASH.test(tokenHash)) return inTransaction(db, 'SELECT 1', () => null, fn);
  return inTransaction(
    db,
    `SELECT * FROM sd_open_password_reset(${literal(tokenHash)})`,
    (rows) => {
      const r = rows[0] as Record<string, any> | undefined;
      if (!r) return null;
      const scope: PasswordResetScope = { resetId: r.reset_id, userId: r.user_id, expiresAt: r.expires_at, usedAt: r.used_at, expired: r.expired };
      return scope;
    },
    fn,
  );
}

/**
 * The named cross-tenant path of background work: the transaction may read which reminders and
 * deliveries are due in every tenant (ids and times — row-level security allows nothing more),
 * and then acts on each inside its own tenant with withTenant.
 */
export function withSystemScan<T>(db: Db, purpose: 'reminders', fn: (trx: Tx) => Promise<T>): Promise<T> {
  if (purpose !== 'reminders') throw new Error('withSystemScan: unknown purpose');
  return inTransaction(db, `SELECT set_config('app.system_scan', ${literal(purpose)}, true)`, () => undefined, (trx) => fn(trx));
}

export interface InvitationScope {
  invitationId: string;
  tenantId: string;
  email: string;
  /** Neither accepted, revoked, expired nor waiting for a manager's approval. */
  usable: boolean;
}

/**
 * The named path of an invitation link (migration 0035): no session, only the link's token hash.
 * sd_open_invitation reads the invitation with that hash and scopes the transaction to its tenant;
 * while it is usable, the transaction may also read or create the one user with its e-mail. `fn`
 * gets null for an unknown hash (the transaction then sees nothing).
 */
export function withInvitation<T>(db: Db, tokenHash: string, fn: (trx: Tx, scope: InvitationScope | null) => Promise<T>): Promise<T> {
  if (!TOKEN_HASH.test(tokenHash)) return inTransaction(db, 'SELECT 1', () => null, fn);
  return inTransaction(
    db,
    `SELECT * FROM sd_open_invitation(${literal(tokenHash)})`,
    (rows) => {
      const r = rows[0] as Record<string, any> | undefined;
      if (!r) return null;
      const scope: InvitationScope = { invitationId: r.invitation_id, tenantId: r.tenant_id, email: r.email, usable: r.usable };
      return scope;
    },
    fn,
  );
}
