import { createHash, randomBytes } from 'node:crypto';
import { badRequest, forbidden, notFound } from '@stationdesk/core';
import { repo } from '@stationdesk/db';
import type { TenantContext } from '../context.ts';
import { ok, type Ok } from '../schema.ts';
import type { CreateIntakeTokenInput, CreateIntakeTokenOutput, ListIntakeTokensOutput, RevokeIntakeTokenInput } from './tokens.schema.ts';

/** Live tokens a tenant may hold at once: one per sending system, a few more while rotating. */
export const MAX_LIVE_INTAKE_TOKENS = 50;

/** Calls per minute and token unless the web process is told otherwise (INTAKE_RATE_PER_MINUTE). */
export const DEFAULT_INTAKE_RATE_PER_MINUTE = 1000;

/** A token as sent: `sdi_` and 256 random bits, URL-safe. */
export const intakeTokenPattern = /^sdi_[A-Za-z0-9_-]{43}$/;

/** What is stored of a token, and what a call is looked up by. */
export function intakeTokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

function requireManager(ctx: TenantContext) {
  if (ctx.actor.role !== 'manager') throw forbidden('errors.roleNotAllowed');
}

/** intakeToken.list (managers): live tokens first (newest first), then the revoked ones. */
export async function listIntakeTokens(ctx: TenantContext): Promise<ListIntakeTokensOutput> {
  requireManager(ctx);
  const rows = await ctx.trx
    .selectFrom('intake_tokens as i')
    .leftJoin('users as u', 'u.id', 'i.created_by')
    .select(['i.id', 'i.name', 'i.created_at', 'u.display_name', 'i.last_used_at', 'i.revoked_at'])
    .orderBy((eb) => eb('i.revoked_at', 'is', null), 'desc')
    .orderBy('i.created_at', 'desc')
    .execute();
  return {
    rows: rows.map((r) => ({ id: r.id, name: r.name, createdAt: r.created_at, createdByName: r.display_name, lastUsedAt: r.last_used_at, revokedAt: r.revoked_at })),
    limitPerMinute: DEFAULT_INTAKE_RATE_PER_MINUTE,
  };
}

/**
 * intakeToken.create (managers): a token for a sending system, answered once; only its SHA-256
 * is written (not to the audit log, not to an idempotency key's stored answer — so this create
 * takes none). The name is the sender's: its findings carry it, and its ids are unique under it.
 */
export async function createIntakeToken(ctx: TenantContext, input: CreateIntakeTokenInput): Promise<CreateIntakeTokenOutput> {
  requireManager(ctx);
  const live = await ctx.trx.selectFrom('intake_tokens').select((eb) => eb.fn.countAll<string>().as('n')).where('revoked_at', 'is', null).executeTakeFirstOrThrow();
  if (Number(live.n) >= MAX_LIVE_INTAKE_TOKENS) throw badRequest('errors.intake.tooManyTokens', { max: MAX_LIVE_INTAKE_TOKENS });
  const token = `sdi_${randomBytes(32).toString('base64url')}`;
  const { id } = await ctx.trx
    .insertInto('intake_tokens')
    .values({ tenant_id: ctx.tenantId, name: input.name, token_hash: intakeTokenHash(token), created_by: ctx.actor.userId })
    .returning('id')
    .executeTakeFirstOrThrow();
  await repo.recordAudit(ctx.trx, {
    tenantId: ctx.tenantId,
    actorUserId: ctx.actor.userId,
    action: 'intakeToken.created',
    subjectType: 'intake_token',
    subjectId: id,
    data: { name: input.name },
    ip: ctx.actor.ip,
  });
  return { id, token };
}

/** intakeToken.revoke (managers): calls with it answer 401 from now on. Revoking a revoked token changes nothing. */
export async function revokeIntakeToken(ctx: TenantContext, input: RevokeIntakeTokenInput): Promise<Ok> {
  requireManager(ctx);
  const row = await ctx.trx.selectFrom('intake_tokens').select(['id', 'name', 'revoked_at']).where('id', '=', input.id).forUpdate().executeTakeFirst();
  if (!row) throw notFound('errors.intake.tokenNotFound');
  if (row.revoked_at) return ok;
  await ctx.trx.updateTable('intake_tokens').set({ revoked_at: new Date(), revoked_by: ctx.actor.userId }).where('id', '=', input.id).execute();
  await repo.recordAudit(ctx.trx, {
    tenantId: ctx.tenantId,
    actorUserId: ctx.actor.userId,
    action: 'intakeToken.revoked',
    subjectType: 'intake_token',
    subjectId: input.id,
    data: { name: row.name },
    ip: ctx.actor.ip,
  });
  return ok;
}
