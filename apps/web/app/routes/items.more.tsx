import { errorMessage, isUnauthorized } from '../lib/errors.server.ts';
import { queuePageSize, readQueueParams, toListInput } from '../lib/work-items.ts';
import type { Route } from './+types/items.more';

/** The next page of the queue (or of 全部工单) as JSON, for "load more": the same filters and a cursor. */
export async function loader({ request, context }: Route.LoaderArgs) {
  const url = new URL(request.url);
  const cursor = url.searchParams.get('cursor') || undefined;
  const headers = { 'cache-control': 'no-store' };
  try {
    const page = await context.trpc.workItem.list({ ...toListInput(readQueueParams(url.searchParams)), ...(cursor ? { cursor } : {}), limit: queuePageSize });
    return Response.json(page, { headers });
  } catch (e) {
    return Response.json({ error: errorMessage(e, context.lang) }, { status: isUnauthorized(e) ? 401 : 400, headers });
  }
}
