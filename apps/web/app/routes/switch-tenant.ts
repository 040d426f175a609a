import { redirect } from 'react-router';
import { errorMessage } from '../lib/errors.server.ts';
import type { Route } from './+types/switch-tenant';

export async function action({ request, context }: Route.ActionArgs) {
  const form = await request.formData();
  try {
    await context.trpc.auth.switchTenant({ tenantId: String(form.get('tenantId') ?? '') });
  } catch (e) {
    return { error: errorMessage(e, context.lang) };
  }
  return redirect('/');
}

export function loader() {
  return redirect('/');
}
