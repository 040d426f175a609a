import { errorMessage, isUnauthorized } from '../lib/errors.server.ts';
import { listPageSize, readListParams, toFilterInput } from '../lib/enterprise-params.ts';
import type { Route } from './+types/enterprises.more';

/** The next page of the registry as JSON, for "load more" on /enterprises (same filters, a cursor). */
export async function loader({ request, context }: Route.LoaderArgs) {
  const url = new URL(request.url);
  const cursor = url.searchParams.get('cursor') || undefined;
  try {
    const page = await context.trpc.enterprise.list({ ...toFilterInput(readListParams(url.searchParams)), ...(cursor ? { cursor } : {}), limit: listPageSize });
    return Response.json(page, { headers: { 'cache-control': 'no-store' } });
  } catch (e) {
    return Response.json({ error: errorMessage(e, context.lang) }, { status: isUnauthorized(e) ? 401 : 400, headers: { 'cache-control': 'no-store' } });
  }
}
