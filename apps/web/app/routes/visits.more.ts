import { errorMessage, isUnauthorized } from '../lib/errors.server.ts';
import { queueInput, readVisitFilters, rectificationsInput } from '../lib/visits.ts';
import type { Route } from './+types/visits.more';

/** The next page of the follow-up queue or the rectification list as JSON, for "load more": the same filters and a cursor. */
export async function loader({ request, context }: Route.LoaderArgs) {
  const url = new URL(request.url);
  const filters = readVisitFilters(url.searchParams);
  const cursor = url.searchParams.get('cursor') || undefined;
  const headers = { 'cache-control': 'no-store' };
  try {
    const page =
      url.searchParams.get('list') === 'rectifications'
        ? await context.trpc.visit.rectifications(rectificationsInput(filters, cursor))
        : await context.trpc.visit.queue(queueInput(filters, cursor));
    return Response.json(page, { headers });
  } catch (e) {
    return Response.json({ error: errorMessage(e, context.lang) }, { status: isUnauthorized(e) ? 401 : 400, headers });
  }
}
