import { errorMessage, isUnauthorized } from '../lib/errors.server.ts';
import type { Route } from './+types/enterprises.$id.timeline';

/** Older timeline entries as JSON, for "load more" on the file. */
export async function loader({ request, context, params }: Route.LoaderArgs) {
  const cursor = new URL(request.url).searchParams.get('cursor') || undefined;
  try {
    const page = await context.trpc.enterprise.timeline({ enterpriseId: params.id, limit: 30, ...(cursor ? { cursor } : {}) });
    return Response.json(page, { headers: { 'cache-control': 'no-store' } });
  } catch (e) {
    return Response.json({ error: errorMessage(e, context.lang) }, { status: isUnauthorized(e) ? 401 : 400, headers: { 'cache-control': 'no-store' } });
  }
}
