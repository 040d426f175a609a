import { errorMessage, isUnauthorized } from '../lib/errors.server.ts';
import type { Route } from './+types/patrol.findings.suggest';

/** The new finding's enterprise suggestion: the building's enterprises, those on the floor first (JSON). */
export async function loader({ request, context }: Route.LoaderArgs) {
  const sp = new URL(request.url).searchParams;
  const buildingId = sp.get('buildingId') ?? '';
  const floor = (sp.get('floor') ?? '').slice(0, 20);
  const headers = { 'cache-control': 'no-store' };
  try {
    return Response.json({ suggestions: await context.trpc.patrolFinding.suggestEnterprises({ buildingId, ...(floor ? { floor } : {}) }) }, { headers });
  } catch (e) {
    return Response.json({ error: errorMessage(e, context.lang) }, { status: isUnauthorized(e) ? 401 : 400, headers });
  }
}
