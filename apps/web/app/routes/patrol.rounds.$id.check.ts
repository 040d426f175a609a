import { toAppError } from '@stationdesk/api/errors';
import { errorMessage, isUnauthorized } from '../lib/errors.server.ts';
import { text } from '../lib/work-items.server.ts';
import type { Route } from './+types/patrol.rounds.$id.check';

/**
 * One check of a round, sent from the phone's queue (lib/patrol-rounds.ts) as a form, answered as
 * JSON: the progress, or why it was refused (401 signed out and 5xx mean "try again later").
 */
export async function action({ request, params, context }: Route.ActionArgs) {
  const headers = { 'cache-control': 'no-store' };
  const form = await request.formData();
  const result = text(form, 'result') === 'finding' ? 'finding' : 'ok';
  const tier = text(form, 'tier');
  try {
    const answer = await context.trpc.patrolRound.check({
      id: params.id,
      buildingId: text(form, 'buildingId'),
      floor: text(form, 'floor'),
      pointId: text(form, 'pointId'),
      result,
      clientId: text(form, 'clientId'),
      ...(result === 'finding'
        ? {
            finding: {
              category: text(form, 'category'),
              tier: tier === 'red' || tier === 'blue' ? tier : 'yellow',
              description: text(form, 'description'),
              ...(text(form, 'location') ? { location: text(form, 'location') } : {}),
            },
          }
        : {}),
    });
    return Response.json(answer, { headers });
  } catch (e) {
    const status = isUnauthorized(e) ? 401 : toAppError(e).code === 'SERVICE_UNAVAILABLE' ? 503 : toAppError(e).code === 'CONFLICT' ? 409 : 400;
    return Response.json({ error: errorMessage(e, context.lang) }, { status, headers });
  }
}
