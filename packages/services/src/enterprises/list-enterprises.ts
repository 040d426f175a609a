import { badRequest, classifyEnterpriseSearch, forbidden, localDate } from '@stationdesk/core';
import { keysetCursor, repo, type EnterpriseFilter } from '@stationdesk/db';
import type { TenantContext } from '../context.ts';
import type { EnterpriseFilterInput, ListEnterprisesInput, ListEnterprisesOutput, SearchEnterprisesInput } from './list-enterprises.schema.ts';
import type { EnterpriseSummary } from './views.schema.ts';
import { toSummary } from './views.ts';

/** By name: (name, id) of the last row shown; by last update: (updated, id). */
const cursors = { name: keysetCursor('text', 'id'), updated: keysetCursor('instant', 'id') } as const;

/** The filter the actor's role allows, narrowed by what they asked for. */
export function scopedFilter(ctx: TenantContext, input: EnterpriseFilterInput): EnterpriseFilter {
  const { actor } = ctx;
  const stationIds = actor.scope.kind === 'stations' ? actor.scope.stationIds : null;
  if (input.stationId && stationIds && !stationIds.includes(input.stationId)) throw forbidden('errors.enterprise.stationNotYours');
  let search: EnterpriseFilter['search'];
  if (input.q !== undefined && input.q.trim() !== '') {
    const s = classifyEnterpriseSearch(input.q);
    if (!s) throw badRequest('errors.enterprise.searchTooShort');
    search = s;
  }
  return {
    stationIds,
    ...(actor.scope.kind === 'enterprise' ? { enterpriseId: actor.scope.enterpriseId } : {}),
    ...(input.stationId ? { stationId: input.stationId } : {}),
    ...(input.buildingId ? { buildingId: input.buildingId } : {}),
    ...(input.status ? { status: input.status } : {}),
    ...(input.tagId ? { tagId: input.tagId } : {}),
    ...(input.industry ? { industry: input.industry } : {}),
    ...(input.expiringWithinDays !== undefined ? { expiringWithinDays: input.expiringWithinDays } : {}),
    ...(search ? { search } : {}),
    today: localDate(new Date(), ctx.timezone),
  };
}

/** A page of the registry: filters, search and keyset pagination within the actor's scope. */
export async function listEnterprises(ctx: TenantContext, input: ListEnterprisesInput): Promise<ListEnterprisesOutput> {
  const filter = scopedFilter(ctx, input);
  const sort = input.sort ?? 'name';
  const [key, id] = input.cursor ? cursors[sort].decode(input.cursor) : [];
  const page = await repo.listEnterprises(ctx.trx, filter, { sort, limit: input.limit ?? 50, ...(key && id ? { after: { key, id } } : {}) });
  return { items: page.items.map(toSummary), nextCursor: page.next ? cursors[sort].encode([page.next.key, page.next.id]) : null };
}

/** The quick search behind every "pick an enterprise" box. */
export async function searchEnterprises(ctx: TenantContext, input: SearchEnterprisesInput): Promise<EnterpriseSummary[]> {
  const page = await listEnterprises(ctx, { q: input.q, limit: input.limit ?? 10 });
  return page.items;
}
