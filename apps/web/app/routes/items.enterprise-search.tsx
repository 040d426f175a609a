import { classifyEnterpriseSearch } from '@stationdesk/core';
import { errorMessage, isUnauthorized } from '../lib/errors.server.ts';
import type { Route } from './+types/items.enterprise-search';

/** Quick entry's enterprise picker: up to 8 matches for two characters, a credit code or phone digits (JSON). */
export async function loader({ request, context }: Route.LoaderArgs) {
  const q = (new URL(request.url).searchParams.get('q') ?? '').trim().slice(0, 100);
  const headers = { 'cache-control': 'no-store' };
  if (!classifyEnterpriseSearch(q)) return Response.json({ hits: [] }, { headers });
  try {
    return Response.json({ hits: await context.trpc.enterprise.search({ q, limit: 8 }) }, { headers });
  } catch (e) {
    return Response.json({ error: errorMessage(e, context.lang) }, { status: isUnauthorized(e) ? 401 : 400, headers });
  }
}
