import type { AppLoadContext } from 'react-router';
import { isUnauthorized, signInRedirect } from './errors.server.ts';

/** The signed-in user for a page, or a redirect to sign-in. */
export async function requireMe(request: Request, context: AppLoadContext) {
  try {
    return await context.trpc.auth.me();
  } catch (e) {
    if (isUnauthorized(e)) signInRedirect(request);
    throw e;
  }
}

export type Me = Awaited<ReturnType<typeof requireMe>>;
