import { Link, useLoaderData } from 'react-router';
import { translator } from '@stationdesk/i18n';
import { useTranslation } from 'react-i18next';
import { priorities, type Priority } from '@stationdesk/core';
import { Page } from '../components/page.tsx';
import { QuickEntryForm } from '../components/work-items/quick-entry-form.tsx';
import { loadForRoles, requireRole, staffRoles } from '../lib/loader.server.ts';
import { redirectWithFlash } from '../lib/flash.server.ts';
import { freshIdempotencyKey, idempotencyKeyOf } from '../lib/idempotency.ts';
import { pageTitle } from '../lib/meta.ts';
import { categories, counterChannels, type Category } from '../lib/work-items.ts';
import type { ActionFailure } from '../lib/action-result.ts';
import { fieldFailure } from '../lib/action-result.server.ts';
import { itemFailure, orNull, text } from '../lib/work-items.server.ts';
import type { Route } from './+types/items.new';

export function meta({ matches }: Route.MetaArgs) {
  return pageTitle(matches, 'workItems.entry.heading');
}

export async function loader({ request, context }: Route.LoaderArgs) {
  const { data: stations } = await loadForRoles(request, context, staffRoles, () => context.trpc.station.list());
  return { stations: stations.filter((s) => s.inScope), idempotencyKey: freshIdempotencyKey() };
}

const entryFields = ['title', 'description', 'requesterName', 'requesterPhone', 'stationId', 'enterpriseId'];
/** A consultation without an enterprise is placed at the station picked: the use case refuses one without. */
const refusalFields = { 'errors.workItem.stationRequired': 'stationId' };

/** Receives a consultation from the counter (or the queue's dialog) and opens it. */
export async function action({ request, context }: Route.ActionArgs): Promise<ActionFailure | Response> {
  await requireRole(request, context, staffRoles);
  const form = await request.formData();
  const lang = context.lang;
  const enterpriseId = text(form, 'enterpriseId');
  const stationId = text(form, 'stationId');
  // The form asks for an enterprise unless "no enterprise" is ticked: a question of the form, not of the schema.
  if (!enterpriseId && text(form, 'noEnterprise') !== '1') return fieldFailure({ lang, intent: 'create' }, { enterpriseId: 'workItems.entry.enterpriseRequired' });
  const category = text(form, 'category');
  const priority = text(form, 'priority');
  const channel = text(form, 'channel');
  let created: { id: string; number: string };
  try {
    created = await context.trpc.workItem.create({
      kind: 'consultation',
      ...(enterpriseId ? { enterpriseId } : { stationId: orNull(stationId) }),
      title: text(form, 'title'),
      description: text(form, 'description'),
      category: (categories as readonly string[]).includes(category) ? (category as Category) : 'other',
      priority: (priorities as readonly string[]).includes(priority) ? (priority as Priority) : 'normal',
      channel: channel === 'phone' ? 'phone' : counterChannels[0],
      requesterName: orNull(text(form, 'requesterName')),
      requesterPhone: orNull(text(form, 'requesterPhone')),
      ...(text(form, 'self') === '1' ? { assign: { mode: 'self' as const } } : {}),
      ...idempotencyKeyOf(form),
    });
  } catch (e) {
    return itemFailure(e, { lang, intent: 'create', fields: entryFields, refusalFields, posted: form });
  }
  return redirectWithFlash(request, context, translator(lang)('workItems.entry.created', { number: created.number }), { to: `/items/${created.id}` });
}

export default function NewItem() {
  const { stations, idempotencyKey } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <Page
      title={t('workItems.entry.heading')}
      subtitle={t('workItems.entry.subtitle')}
      actions={
        <Link to="/items" className="text-sm text-slate-500 hover:text-slate-800">
          ← {t('workItems.item.backToQueue')}
        </Link>
      }
    >
      <div className="max-w-3xl rounded-lg border border-slate-200 bg-white p-4 sm:p-6">
        <QuickEntryForm stations={stations} idempotencyKey={idempotencyKey} />
      </div>
    </Page>
  );
}
