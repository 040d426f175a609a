import { badRequest, classifyEnterpriseSearch, forbidden, localDate, type EnterpriseStatus, type Industry } from '@stationdesk/core';
import { repo, type EnterpriseFilter, type EnterpriseSort } from '@stationdesk/db';
import type { TenantContext } from '../context.ts';
import { toSummary, type EnterpriseSummary } from './views.ts';

export interface EnterpriseListInput {
  stationId?: string;
  buildingId?: string;
  status?: EnterpriseStatus;
  tagId?: string;
  industry?: Industry;
  expiringWithinDays?: number;
  q?: string;
  sort?: EnterpriseSort;
  cursor?: string;
  limit?: number;
}

export interface EnterprisePage {
  items: EnterpriseSummary[];
  nextCursor: string | null;
}

const encodeCursor = (c: { key: string; id: string }) => Buffer.from(JSON.stringify([c.key, c.id])).toString('base64url');

function decodeCursor(cursor: string): { key: string; id: string } {
  try {
    const [key, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    if (typeof key === 'string' && typeof id === 'string' && /^[0-9a-f-]{36}$/.test(id)) return { key, id };
  } catch {
    /* fall through */
  }
  throw badRequest('errors.invalidCursor');
}

/** The filter the actor's role allows, narrowed by what they asked for. */
export function scopedFilter(ctx: TenantContext, input: EnterpriseListInput): EnterpriseFilter {
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
export async function listEnterprises(ctx: TenantContext, input: EnterpriseListInput): Promise<EnterprisePage> {
  const filter = scopedFilter(ctx, input);
  const page = await repo.listEnterprises(ctx.trx, filter, {
    sort: input.sort ?? 'name',
    limit: input.limit ?? 50,
    ...(input.cursor ? { after: decodeCursor(input.cursor) } : {}),
  });
  return { items: page.items.map(toSummary), nextCursor: page.next ? encodeCursor(page.next) : null };
}

/** The quick search behind every "pick an enterprise" box. */
export async function searchEnterprises(ctx: TenantContext, input: { q: string; limit?: number }): Promise<EnterpriseSummary[]> {
  const page = await listEnterprises(ctx, { q: input.q, limit: input.limit ?? 10 });
  return page.items;
}
