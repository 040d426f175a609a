import { errorMessage, isUnauthorized } from '../lib/errors.server.ts';
import { disputePageSize, readDisputeFilters, toDisputeListInput } from '../lib/disputes.ts';
import type { Route } from './+types/disputes.more';

/** The next page of the dispute list as JSON, for "load more": the same filters and a cursor. */
export async function loader({ request, context }: Route.LoaderArgs) {
  const url = new URL(request.url);
  const cursor = url.searchParams.get('cursor') || undefined;
  const headers = { 'cache-control': 'no-store' };
  try {
    const page = await context.trpc.dispute.list({ ...toDisputeListInput(readDisputeFilters(url.searchParams)), ...(cursor ? { cursor } : {}), limit: disputePageSize });
    return Response.json(page, { headers });
  } catch (e) {
    return Response.json({ error: errorMessage(e, context.lang) }, { status: isUnauthorized(e) ? 401 : 400, headers });
  }
}
