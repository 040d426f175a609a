import { errorMessage, isUnauthorized } from '../lib/errors.server.ts';
import type { Route } from './+types/inbox.count';

/** The signed-in member's unread count as JSON, polled by the bell in the top bar. */
export async function loader({ context }: Route.LoaderArgs) {
  const headers = { 'cache-control': 'no-store' };
  try {
    return Response.json(await context.trpc.notification.unreadCount(), { headers });
  } catch (e) {
    return Response.json({ error: errorMessage(e, context.lang) }, { status: isUnauthorized(e) ? 401 : 403, headers });
  }
}
