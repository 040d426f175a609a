import { errorMessage, isUnauthorized } from '../lib/errors.server.ts';
import { partyOrgPageSize, readPartyOrgFilters } from '../lib/party-orgs.ts';
import type { Route } from './+types/party.orgs.more';

/** The next page of the party organisations registry as JSON, for "load more" on /party/orgs (same filters, a cursor). */
export async function loader({ request, context }: Route.LoaderArgs) {
  const url = new URL(request.url);
  const cursor = url.searchParams.get('cursor') || undefined;
  const headers = { 'cache-control': 'no-store' };
  try {
    const page = await context.trpc.partyOrg.list({ ...readPartyOrgFilters(url.searchParams), ...(cursor ? { cursor } : {}), limit: partyOrgPageSize });
    return Response.json({ items: page.items, nextCursor: page.nextCursor }, { headers });
  } catch (e) {
    return Response.json({ error: errorMessage(e, context.lang) }, { status: isUnauthorized(e) ? 401 : 400, headers });
  }
}
