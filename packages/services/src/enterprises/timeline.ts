import { keysetCursor, repo } from '@stationdesk/db';
import type { TenantContext } from '../context.ts';
import { requireVisibleEnterprise } from '../access/enterprise.ts';
import type { EnterpriseTimelineInput, EnterpriseTimelineOutput } from './timeline.schema.ts';

/** Newest first: (at, ref id) of the last entry shown. */
const timelineCursor = keysetCursor('instant', 'id');

/**
 * Everything about one enterprise, newest first, from the enterprise_timeline view (file
 * changes, proposals, and — as later kinds add themselves to the view — items and cases).
 * Enterprise admins do not see internal entries.
 */
export async function enterpriseTimeline(ctx: TenantContext, input: EnterpriseTimelineInput): Promise<EnterpriseTimelineOutput> {
  await requireVisibleEnterprise(ctx, input.enterpriseId);
  const limit = input.limit ?? 50;
  const [at, id] = input.cursor ? timelineCursor.decode(input.cursor) : [];
  const before = at && id ? { at, id } : undefined;
  const rows = await repo.timelinePage(ctx.trx, input.enterpriseId, {
    includeInternal: ctx.actor.role !== 'enterprise_admin',
    limit,
    ...(before ? { before } : {}),
  });
  const more = rows.length > limit;
  const items = (more ? rows.slice(0, limit) : rows).map((r) => ({
    at: r.at,
    kind: r.kind,
    refId: r.ref_id,
    title: r.title,
    detail: r.detail,
    actor: r.actor_id ? { id: r.actor_id, name: r.actor_name } : null,
  }));
  const last = items[items.length - 1];
  return { items, nextCursor: more && last ? timelineCursor.encode([last.at, last.refId]) : null };
}
