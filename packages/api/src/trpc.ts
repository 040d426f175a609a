import { initTRPC, TRPCError } from '@trpc/server';
import { forbidden, AppError, can, type Permission, type TenantRole } from '@stationdesk/core';
import { readOnlyFromHere, withKnownScope, withRequest, type RequestScope, type Tx } from '@stationdesk/db';
import { isForeignOrigin, readSessionToken, sessionCookie, sessionIdFromToken, sessionPolicy } from '@stationdesk/auth';
import { actorFromScope, recordSupportRequest, type PlatformContext, type TenantContext } from '@stationdesk/services';
import { translator } from '@stationdesk/i18n';
import { ZodError } from 'zod';
import type { Context } from './context.ts';
import { toAppError, translateIssues } from './errors.ts';

const t = initTRPC.context<Context>().create({
  // Plain JSON on purpose (no transformer): any HTTP client can call the API; dates are ISO strings.
  errorFormatter({ shape, error, ctx }) {
    const appError = toAppError(error);
    const lang = ctx?.lang ?? 'zh-CN';
    const tr = translator(lang);
    const zodError = error.cause instanceof ZodError ? error.cause : null;
    const issues = zodError ? translateIssues(zodError.issues, lang) : undefined;
    if (appError.code === 'INTERNAL_SERVER_ERROR') {
      ctx?.logger.error({ reqId: ctx.requestId, path: shape.data.path, err: error.cause ?? error }, 'procedure failed');
    }
    const message = issues?.length
      ? `${tr('errors.invalidInput')}: ${issues.map((i) => (i.path ? `${i.path} — ${i.message}` : i.message)).join('; ')}`
      : tr(appError.messageKey, appError.params);
    return {
      message,
      code: shape.code,
      data: {
        code: appError.code,
        httpStatus: shape.data.httpStatus,
        path: shape.data.path,
        messageKey: appError.messageKey,
        ...(issues ? { issues } : {}),
      },
    };
  },
});

/** Maps AppError (and friendly Postgres errors) onto tRPC's codes so the HTTP status is right. */
const errorMapping = t.middleware(async ({ next }) => {
  const result = await next();
  if (result.ok || result.error.cause instanceof ZodError) return result;
  const appError = toAppError(result.error);
  if (result.error.code === appError.code && result.error.cause === appError) return result;
  return { ...result, error: new TRPCError({ code: appError.code, message: appError.messageKey, cause: appError }) };
});

const originCheck = t.middleware(({ ctx, type, next }) => {
  if (type === 'mutation' && isForeignOrigin(ctx.headers, ctx.origin, ctx.allowedOrigins)) {
    throw forbidden('errors.foreignOrigin');
  }
  return next();
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;
export const publicProcedure = t.procedure.use(errorMapping).use(originCheck);

const ROLLBACK = Symbol('rollback');
/** How long a response waits for its after-commit enqueueing (a healthy queue takes ~1 ms). */
const AFTER_COMMIT_WAIT_MS = 200;

/** What a cached session scope is read from: the user's sessions and memberships, the tenant's member stations. */
const scopeKeys = (scope: RequestScope) => [`user:${scope.userId}`, ...(scope.tenantId ? [`members:${scope.tenantId}`] : [])];

/**
 * Opens the request transaction from the session cookie (one round trip: BEGIN + validation +
 * scoping), runs the procedure inside it and commits — or rolls back when the procedure failed.
 * A session validated moments ago, with nothing it was read from changed since (ReadCache), skips
 * the validation: its transaction opens at the procedure's first statement, if it has one.
 */
export const authedProcedure = publicProcedure.use(async ({ ctx, type, path, next }) => {
  const token = readSessionToken(ctx.headers.get('cookie'));
  if (!token) throw new AppError('UNAUTHORIZED', 'errors.UNAUTHORIZED');
  const sessionId = sessionIdFromToken(token);
  // Work for after the commit (enqueueing jobs for rows the procedure wrote).
  const committed: (() => Promise<void>)[] = [];
  const afterCommit = (fn: () => Promise<void>) => void committed.push(fn);
  const run = (trx: Tx, scope: RequestScope) => next({ ctx: { trx, scope, sessionId, afterCommit } });
  let result: Awaited<ReturnType<typeof run>> | undefined;
  let used: RequestScope | undefined;
  const sessions = ctx.reads?.sessions;
  const known = sessions?.get(sessionId);
  try {
    // Renewal is due well before expiry: that request goes to Postgres, which renews.
    if (known && Date.parse(known.sessionExpiresAt) - Date.now() > sessionPolicy.renewWithinMs) {
      used = known;
      await withKnownScope(ctx.db, sessionId, known, async (trx) => {
        result = await run(trx, known);
        if (!result.ok) throw ROLLBACK;
      });
    } else {
      const at = sessions?.mark() ?? null;
      await withRequest(ctx.db, sessionId, sessionPolicy, async (trx, scope) => {
        // Commit (the expired session's deletion), then refuse below.
        if (!scope) return;
        if (scope.sessionRenewed) ctx.resHeaders.append('set-cookie', sessionCookie(token, scope.sessionExpiresAt, ctx.secureCookies));
        // Not kept (0037): a support scope (its grant is checked on every request), nor one whose
        // tenant was dropped as suspended or ungranted (nothing it is keyed on says when that ends).
        if (scope.role !== 'support' && !scope.tenantSuspended && !scope.refusedTenantId) {
          sessions?.set(sessionId, { ...scope, sessionRenewed: false }, at, scopeKeys(scope));
        }
        used = scope;
        result = await run(trx, scope);
        if (!result.ok) throw ROLLBACK;
      });
    }
  } catch (e) {
    if (e !== ROLLBACK) throw e;
  }
  // What this process just wrote counts as changed here at once (other processes hear the NOTIFY):
  // the tenant's pages after any mutation, the user's own scope after signing out or switching tenant.
  if (type === 'mutation' && used && ctx.reads) {
    const { feed } = ctx.reads.sessions;
    if (used.tenantId) feed.changed(`tenant:${used.tenantId}`);
    // Someone's role, stations or deactivation (member.*): the tenant's cached session scopes are read again at once.
    if (path.startsWith('member.') && used.tenantId) feed.changed(`members:${used.tenantId}`);
    // supportAccess.enter/leave move an operator's session between tenants as switchTenant does.
    if (path.startsWith('auth.') || path.startsWith('supportAccess.enter') || path.startsWith('supportAccess.leave')) feed.changed(`user:${used.userId}`);
  }
  // The data is committed; enqueueing is only the fast path (the reconciler finds whatever was not
  // enqueued within one period). A queue that is down or slow must neither fail nor hold the
  // response — a client that gave up waiting would retry and write twice.
  if (committed.length) {
    const enqueued = Promise.all(
      committed.map((fn) => fn().catch((err: unknown) => ctx.logger.warn({ reqId: ctx.requestId, err }, 'after-commit work failed'))),
    );
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([enqueued, new Promise<void>((done) => (timer = setTimeout(done, AFTER_COMMIT_WAIT_MS)))]);
    clearTimeout(timer);
  }
  if (!result) throw new AppError('UNAUTHORIZED', 'errors.signInRequired');
  return result;
});

/**
 * A member of the session's active tenant — or a platform operator under the tenant's live
 * support-access grant (role 'support', checked by sd_open_request): each of the operator's
 * requests is audited in the tenant's log, writes are refused, and Postgres makes the transaction
 * read-only. Hands the procedure its tenant context.
 */
export const tenantProcedure = authedProcedure.use(async ({ ctx, type, path, next }) => {
  const { scope } = ctx;
  const support = (outcome: 'read' | 'writeRefused' | 'refused', tenantId: string) =>
    recordSupportRequest(ctx.db, { tenantId, userId: scope.userId, operatorName: scope.displayName, path, outcome, ip: ctx.ip });
  if (!scope.tenantId && scope.tenantSuspended) throw forbidden('errors.tenantSuspended');
  if (!scope.tenantId && scope.refusedTenantId) {
    await support('refused', scope.refusedTenantId);
    throw forbidden('errors.supportAccess.noGrant');
  }
  const actor = actorFromScope(ctx.scope, ctx.ip);
  if (!actor || !ctx.scope.tenantId) throw forbidden('errors.noActiveTenant');
  if (scope.role === 'support') {
    if (type === 'mutation') {
      await support('writeRefused', scope.tenantId!);
      throw forbidden('errors.supportAccess.readOnly');
    }
    await support('read', scope.tenantId!);
    await readOnlyFromHere(ctx.trx);
  }
  const tenant: TenantContext = {
    trx: ctx.trx,
    pages: ctx.reads?.pages ?? null,
    actor,
    tenantId: ctx.scope.tenantId,
    timezone: ctx.scope.timezone,
    queue: ctx.queue,
    afterCommit: ctx.afterCommit,
    db: ctx.db,
  };
  return next({ ctx: { tenant } });
});

export function roleProcedure(...roles: TenantRole[]) {
  return tenantProcedure.use(({ ctx, next }) => {
    if (!roles.includes(ctx.tenant.actor.role)) throw forbidden('errors.roleNotAllowed');
    return next();
  });
}

export function permissionProcedure(permission: Permission) {
  return tenantProcedure.use(({ ctx, next }) => {
    if (!can(ctx.tenant.actor.role, permission)) throw forbidden('errors.roleNotAllowed');
    return next();
  });
}

export const managerProcedure = roleProcedure('manager');
/** Station work: staff, and managers who can do anything staff can. */
export const staffProcedure = roleProcedure('staff', 'manager');
export const enterpriseAdminProcedure = roleProcedure('enterprise_admin');

export const platformProcedure = authedProcedure.use(({ ctx, next }) => {
  if (!ctx.scope.isPlatformAdmin) throw forbidden('errors.roleNotAllowed');
  const platform: PlatformContext = { trx: ctx.trx, db: ctx.db, userId: ctx.scope.userId, ip: ctx.ip, afterCommit: ctx.afterCommit };
  return next({ ctx: { platform } });
});

export type { Tx };
