import { redirect } from 'react-router';
import type { Route } from './+types/sign-out';

export async function action({ context }: Route.ActionArgs) {
  await context.trpc.auth.signOut().catch(() => undefined);
  return redirect('/sign-in', { headers: context.resHeaders });
}

export function loader() {
  return redirect('/');
}
