import { errorMessage, isUnauthorized } from '../lib/errors.server.ts';
import type { Route } from './+types/knowledge.lookup';

/** The reply box's article search (knowledge.search, JSON for a fetcher): title matches first. */
export async function loader({ request, context }: Route.LoaderArgs) {
  const q = (new URL(request.url).searchParams.get('q') ?? '').trim().slice(0, 100);
  const headers = { 'cache-control': 'no-store' };
  if ([...q].length < 2) return Response.json({ items: [] }, { headers });
  try {
    return Response.json(await context.trpc.knowledge.search({ q, limit: 8 }), { headers });
  } catch (e) {
    return Response.json({ error: errorMessage(e, context.lang) }, { status: isUnauthorized(e) ? 401 : 400, headers });
  }
}
