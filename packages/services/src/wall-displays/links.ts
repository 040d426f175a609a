import { createHash, randomBytes } from 'node:crypto';
import { badRequest, forbidden, notFound } from '@stationdesk/core';
import { repo } from '@stationdesk/db';
import type { TenantContext } from '../context.ts';
import { ok, type Ok } from '../schema.ts';
import type { CreateWallDisplayInput, CreateWallDisplayOutput, ListWallDisplaysOutput, RevokeWallDisplayInput } from './links.schema.ts';

/** Live links a tenant may hold at once: a screen per station and a few more, never thousands. */
export const MAX_LIVE_WALL_DISPLAYS = 50;

/** A link's token: 256 random bits, URL-safe (43 characters). */
export const wallTokenPattern = /^[A-Za-z0-9_-]{43}$/;

/** What is stored of a token, and what a screen is looked up by. */
export function wallTokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

function requireManager(ctx: TenantContext) {
  if (ctx.actor.role !== 'manager') throw forbidden('errors.roleNotAllowed');
}

/** wallDisplay.list: live links first (newest first), then the revoked ones. */
export async function listWallDisplays(ctx: TenantContext): Promise<ListWallDisplaysOutput> {
  requireManager(ctx);
  const rows = await ctx.trx
    .selectFrom('wall_displays as w')
    .leftJoin('stations as s', (j) => j.onRef('s.tenant_id', '=', 'w.tenant_id').onRef('s.id', '=', 'w.station_id'))
    .select(['w.id', 'w.name', 'w.station_id', 's.name as station_name', 'w.created_at', 'w.revoked_at'])
    .orderBy((eb) => eb('w.revoked_at', 'is', null), 'desc')
    .orderBy('w.created_at', 'desc')
    .execute();
  return {
    rows: rows.map((r) => ({ id: r.id, name: r.name, stationId: r.station_id, stationName: r.station_name, createdAt: r.created_at, revokedAt: r.revoked_at })),
  };
}

/**
 * wallDisplay.create: a new link for the subdistrict's screen or one station's. The token is made
 * here and answered once; only its SHA-256 is written (not to the audit log, not to an idempotency
 * key's stored answer — which is why this create takes none).
 */
export async function createWallDisplay(ctx: TenantContext, input: CreateWallDisplayInput): Promise<CreateWallDisplayOutput> {
  requireManager(ctx);
  const stationId = input.stationId ?? null;
  if (stationId) {
    const station = await ctx.trx.selectFrom('stations').select('id').where('id', '=', stationId).executeTakeFirst();
    if (!station) throw notFound('errors.wallDisplay.stationNotFound');
  }
  const live = await ctx.trx.selectFrom('wall_displays').select((eb) => eb.fn.countAll<number>().as('n')).where('revoked_at', 'is', null).executeTakeFirstOrThrow();
  if (Number(live.n) >= MAX_LIVE_WALL_DISPLAYS) throw badRequest('errors.wallDisplay.tooMany', { max: MAX_LIVE_WALL_DISPLAYS });
  const token = randomBytes(32).toString('base64url');
  const { id } = await ctx.trx
    .insertInto('wall_displays')
    .values({ tenant_id: ctx.tenantId, name: input.name, station_id: stationId, token_hash: wallTokenHash(token), created_by: ctx.actor.userId })
    .returning('id')
    .executeTakeFirstOrThrow();
  await repo.recordAudit(ctx.trx, {
    tenantId: ctx.tenantId,
    actorUserId: ctx.actor.userId,
    action: 'wallDisplay.created',
    subjectType: 'wall_display',
    subjectId: id,
    data: { name: input.name, stationId },
    ip: ctx.actor.ip,
  });
  return { id, token };
}

/** wallDisplay.revoke: the link answers 404 from now on. Revoking a revoked link changes nothing. */
export async function revokeWallDisplay(ctx: TenantContext, input: RevokeWallDisplayInput): Promise<Ok> {
  requireManager(ctx);
  const row = await ctx.trx.selectFrom('wall_displays').select(['id', 'name', 'revoked_at']).where('id', '=', input.id).forUpdate().executeTakeFirst();
  if (!row) throw notFound('errors.wallDisplay.notFound');
  if (row.revoked_at) return ok;
  await ctx.trx.updateTable('wall_displays').set({ revoked_at: new Date(), revoked_by: ctx.actor.userId }).where('id', '=', input.id).execute();
  await repo.recordAudit(ctx.trx, {
    tenantId: ctx.tenantId,
    actorUserId: ctx.actor.userId,
    action: 'wallDisplay.revoked',
    subjectType: 'wall_display',
    subjectId: input.id,
    data: { name: row.name },
    ip: ctx.actor.ip,
  });
  return ok;
}
