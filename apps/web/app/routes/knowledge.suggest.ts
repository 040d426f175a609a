import { errorMessage, isUnauthorized } from '../lib/errors.server.ts';
import type { Route } from './+types/knowledge.suggest';

/** The portal's suggestions for a question being typed (knowledge.suggest, JSON for a fetcher). */
export async function loader({ request, context }: Route.LoaderArgs) {
  const text = [...(new URL(request.url).searchParams.get('text') ?? '')].slice(0, 200).join('');
  const headers = { 'cache-control': 'no-store' };
  try {
    return Response.json({ suggestions: await context.trpc.knowledge.suggest({ text }) }, { headers });
  } catch (e) {
    return Response.json({ error: errorMessage(e, context.lang) }, { status: isUnauthorized(e) ? 401 : 400, headers });
  }
}
