import { errorMessage, isUnauthorized } from '../lib/errors.server.ts';
import type { Route } from './+types/enterprises.import.status';

/** An import's progress as JSON, polled by the import page while the commit runs. */
export async function loader({ request, context }: Route.LoaderArgs) {
  const importId = new URL(request.url).searchParams.get('importId') ?? '';
  try {
    const status = await context.trpc.enterprise.import.status({ id: importId });
    return Response.json(status, { headers: { 'cache-control': 'no-store' } });
  } catch (e) {
    return Response.json({ error: errorMessage(e, context.lang) }, { status: isUnauthorized(e) ? 401 : 400, headers: { 'cache-control': 'no-store' } });
  }
}
