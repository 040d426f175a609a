import type { AppLoadContext } from 'react-router';
import type { ActionFailure } from './action-result.ts';
import { isAgencyIntent } from './agency-case.ts';
import { runAgencyAction } from './agency-case.server.ts';
import { redirectWithFlash } from './flash.server.ts';
import { runItemAction } from './work-items.server.ts';

/**
 * The action of an item page (staff's and the portal's): a step that went through redirects back
 * with its confirmation as the flash; a refused one answers the form with its errors.
 */
export async function itemPageAction({ request, context, id }: { request: Request; context: AppLoadContext; id: string }): Promise<ActionFailure | Response> {
  const form = await request.formData();
  const r = isAgencyIntent(form.get('intent')) ? await runAgencyAction(context.trpc, context.lang, id, form) : await runItemAction(context.trpc, context.lang, id, form);
  return r.ok ? redirectWithFlash(request, context, r.message, { form: r.intent, ...(r.link ? { link: r.link } : {}) }) : r;
}
