import { AppError, forbidden, notFound } from '@stationdesk/core';
import type { TenantContext } from '../context.ts';

/**
 * The stations whose follow-ups and rectifications the actor works through: managers every
 * station (null), staff their own; enterprise admins none. A station filter narrows it — one of
 * another tenant is not found (row-level security hides it), one not the actor's is refused.
 */
export async function visitStations(ctx: TenantContext, stationId: string | undefined): Promise<string[] | null> {
  const { scope } = ctx.actor;
  if (scope.kind === 'enterprise') throw forbidden('errors.roleNotAllowed');
  const mine = scope.kind === 'stations' ? [...scope.stationIds] : null;
  if (!stationId) return mine;
  const station = await ctx.trx.selectFrom('stations').select('id').where('id', '=', stationId).executeTakeFirst();
  if (!station) throw notFound('errors.visit.stationNotFound');
  if (mine && !mine.includes(station.id)) throw new AppError('FORBIDDEN', 'errors.visit.stationNotYours');
  return [station.id];
}
