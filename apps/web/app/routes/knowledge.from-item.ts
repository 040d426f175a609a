import { translator } from '@stationdesk/i18n';
import { redirectWithFlash } from '../lib/flash.server.ts';
import { errorMessage } from '../lib/errors.server.ts';
import { requireRole, staffRoles } from '../lib/loader.server.ts';
import { text } from '../lib/work-items.server.ts';
import type { Route } from './+types/knowledge.from-item';

/** 转为知识库文章: a resolved consultation's answer as a draft article, which opens for editing. */
export async function action({ request, context }: Route.ActionArgs) {
  await requireRole(request, context, staffRoles);
  const itemId = text(await request.formData(), 'itemId');
  const t = translator(context.lang);
  try {
    const { id } = await context.trpc.knowledge.draftFromItem({ itemId });
    return redirectWithFlash(request, context, t('knowledge.fromItemDone'), { to: `/knowledge/${id}?edit=1` });
  } catch (e) {
    return redirectWithFlash(request, context, errorMessage(e, context.lang), { to: `/items/${itemId}` });
  }
}
