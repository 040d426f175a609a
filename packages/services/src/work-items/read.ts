import { sql } from 'kysely';
import { keysetCursor, repo, type WorkItemFilter } from '@stationdesk/db';
import { allowedItemActions, deepFreeze, formatWorkItemNumber, kindsHiddenFromEnterprises, normalizeSearchText, parseWorkItemNumber, type WorkItemStatus } from '@stationdesk/core';
import type { TenantContext } from '../context.ts';
import { seesInternal } from '../access/work-item.ts';
import { itemFacts, requireWorkItem } from './access.ts';
import { patrolItemActions } from './patrol-steps.ts';
import { portalWorkItemDetail, portalWorkItemSummary } from './portal-view.ts';
import type { GetWorkItemInput, ListWorkItemsInput, PortalWorkItemDetail, PortalWorkItemPage, WorkItemDetail, WorkItemPage } from './read.schema.ts';

function textFilter(q: string | undefined): WorkItemFilter['text'] {
  const text = q === undefined ? '' : normalizeSearchText(q);
  if (!text) return undefined;
  const n = parseWorkItemNumber(text);
  return n ? { kind: 'number', number: formatWorkItemNumber(n.kind, n.year, n.seq) } : { kind: 'title', fragment: text };
}

/** The queue pages on (resolution due, id), the whole list on (created, id). */
const listCursor = keysetCursor('instant?', 'id');

/**
 * The queue (open items, what is due first) or the whole list (newest first), within the actor's
 * scope, keyset-paginated. The queue walks the partial index of open items per station.
 */
export async function listWorkItems(ctx: TenantContext, input: ListWorkItemsInput): Promise<WorkItemPage | PortalWorkItemPage> {
  const { actor } = ctx;
  const forEnterprise = !seesInternal(actor);
  const view = input.view ?? 'queue';
  const limit = input.limit ?? 50;
  let stationIds: readonly string[] | null = null;
  if (actor.scope.kind === 'stations') {
    if (input.stationId && !actor.scope.stationIds.includes(input.stationId)) return { items: [], nextCursor: null };
    stationIds = input.stationId ? [input.stationId] : actor.scope.stationIds;
  } else if (actor.scope.kind === 'tenant' && input.stationId) {
    stationIds = [input.stationId];
  }
  const filter: WorkItemFilter = {
    stationIds,
    ...(actor.scope.kind === 'enterprise'
      ? { enterpriseId: actor.scope.enterpriseId, hiddenKinds: kindsHiddenFromEnterprises }
      : input.enterpriseId
        ? { enterpriseId: input.enterpriseId }
        : {}),
    ...(input.kind ? { kind: input.kind } : {}),
    ...(input.status ? { status: input.status } : {}),
    ...(input.priority ? { priority: input.priority } : {}),
    ...(input.assigneeId === 'me' ? { assignee: { id: actor.userId } } : input.assigneeId === 'none' ? { assignee: 'none' as const } : input.assigneeId ? { assignee: { id: input.assigneeId } } : {}),
    ...(input.overdue ? { overdueAt: new Date().toISOString() } : {}),
  };
  const text = textFilter(input.q);
  if (text) filter.text = text;
  const after = input.cursor ? listCursor.decode(input.cursor) : undefined;
  // The queue is read far more often than it changes: a page is kept until the tenant's items (or
  // the names shown with them) change. "Overdue" depends on the clock, so it is always read.
  const cache = filter.overdueAt ? null : ctx.pages;
  const key = cache ? `workItem.list ${ctx.tenantId} ${JSON.stringify([forEnterprise, view, limit, input.cursor ?? null, filter])}` : '';
  const kept = cache?.get(key) as WorkItemPage | PortalWorkItemPage | undefined;
  if (kept) return kept;
  const at = cache?.mark() ?? null;
  const q = repo.workItemListQuery(ctx.trx, filter, { view, limit, ...(after ? { after } : {}) });
  const rows = await q.execute();
  const more = rows.length > limit;
  const page = more ? rows.slice(0, limit) : rows;
  const last = page[page.length - 1];
  const nextCursor = more && last ? listCursor.encode([view === 'queue' ? last.resolution_due_at : last.created_at, last.id]) : null;
  const result: WorkItemPage | PortalWorkItemPage = forEnterprise
    ? { audience: 'portal', items: page.map((r) => portalWorkItemSummary(r, r.station_name)), nextCursor }
    : {
        items: page.map((r) => ({
          id: r.id,
          number: r.number,
          kind: r.kind,
          title: r.title,
          status: r.status as WorkItemStatus,
          priority: r.priority,
          channel: r.channel,
          category: r.category,
          stationId: r.station_id,
          stationName: r.station_name,
          enterpriseId: r.enterprise_id,
          enterpriseName: r.enterprise_name,
          assigneeId: r.assignee_id,
          assigneeName: r.assignee_name,
          createdAt: r.created_at,
          firstContactDueAt: r.first_contact_due_at,
          firstContactAt: r.first_contact_at,
          resolutionDueAt: r.resolution_due_at,
          resolvedAt: r.resolved_at,
          chaseLevel: r.chase_level,
          extensionRequested: r.extension_requested_at !== null,
          version: r.version,
          calendarMissingYears: r.calendar_missing_years,
        })),
        nextCursor,
      };
  // Frozen: the same object is handed to every request it answers.
  if (cache) cache.set(key, deepFreeze(result), at, [`tenant:${ctx.tenantId}`]);
  return result;
}

/** One item with its history and conversation: the staff view, or the portal's for an enterprise admin. */
export async function getWorkItem(ctx: TenantContext, { id }: GetWorkItemInput): Promise<WorkItemDetail | PortalWorkItemDetail> {
  const item = await requireWorkItem(ctx, id);
  const forEnterprise = !seesInternal(ctx.actor);
  const names = await sql<{ station_name: string; enterprise_name: string | null; assignee_name: string | null; linked_number: string | null }>`
      select (select name from stations where tenant_id = ${ctx.tenantId} and id = ${item.station_id}) as station_name,
             (select name from enterprises where tenant_id = ${ctx.tenantId} and id = ${item.enterprise_id}) as enterprise_name,
             (select display_name from users where id = ${item.assignee_id}) as assignee_name,
             (select number from work_items where tenant_id = ${ctx.tenantId} and id = ${item.linked_item_id}) as linked_number`.execute(ctx.trx);
  const events = await ctx.trx
      .selectFrom('work_item_events as ev')
      .leftJoin('users as u', 'u.id', 'ev.actor_id')
      .select(['ev.id', 'ev.at', 'ev.action', 'ev.from_status', 'ev.to_status', 'ev.note', 'ev.data', 'u.display_name as actor_name'])
      .where('ev.item_id', '=', id)
      .$if(forEnterprise, (qb) => qb.where('ev.internal', '=', false))
      .orderBy('ev.at')
      .orderBy('ev.id')
      .execute();
  const messages = await ctx.trx
      .selectFrom('work_item_messages as m')
      .leftJoin('users as u', 'u.id', 'm.author_id')
      .select(['m.id', 'm.at', 'm.visibility', 'm.body', 'm.author_id', 'm.attachment_ids', 'u.display_name as author_name'])
      .where('m.item_id', '=', id)
      .$if(forEnterprise, (qb) => qb.where('m.visibility', '=', 'public'))
      .orderBy('m.at')
      .execute();
  const fileIds = [...new Set(messages.flatMap((m) => m.attachment_ids))];
  const files = fileIds.length
    ? await ctx.trx.selectFrom('files').select(['id', 'original_name', 'size_bytes']).where('id', 'in', fileIds).execute()
    : [];
  const fileOf = new Map(files.map((f) => [f.id, { id: f.id, name: f.original_name, size: Number(f.size_bytes) }]));
  const requester = item.requester_user_id;
  const n = names.rows[0]!;
  const actions = await patrolItemActions(ctx, item, allowedItemActions(itemFacts(item), ctx.actor, new Date()));
  const attachmentsOf = (ids: string[]) => ids.flatMap((f) => (fileOf.has(f) ? [fileOf.get(f)!] : []));
  if (forEnterprise) {
    return portalWorkItemDetail(item, {
      stationName: n.station_name,
      linkedItem: item.linked_item_id && n.linked_number ? { id: item.linked_item_id, number: n.linked_number } : null,
      allowedActions: actions,
      history: events.map((e) => ({ id: e.id, at: e.at, action: e.action, from: e.from_status, to: e.to_status, note: e.note, actorName: e.actor_name, data: e.data })),
      messages: messages.map((m) => ({ id: m.id, at: m.at, body: m.body, authorName: m.author_name, fromEnterprise: m.author_id === requester, attachments: attachmentsOf(m.attachment_ids) })),
    });
  }
  return {
    id: item.id,
    number: item.number,
    kind: item.kind,
    title: item.title,
    status: item.status as WorkItemStatus,
    priority: item.priority,
    channel: item.channel,
    category: item.category,
    stationId: item.station_id,
    stationName: n.station_name,
    enterpriseId: item.enterprise_id,
    enterpriseName: n.enterprise_name,
    assigneeId: item.assignee_id,
    assigneeName: n.assignee_name,
    createdAt: item.created_at,
    firstContactDueAt: item.first_contact_due_at,
    firstContactAt: item.first_contact_at,
    resolutionDueAt: item.resolution_due_at,
    resolvedAt: item.resolved_at,
    chaseLevel: item.chase_level,
    extensionRequested: item.extension_requested_at !== null,
    version: item.version,
    calendarMissingYears: item.calendar_missing_years,
    description: item.description,
    requesterName: item.requester_name,
    requesterPhone: item.requester_phone,
    answer: item.answer,
    resolvedOk: item.resolved_ok,
    requesterConfirmed: item.requester_confirmed,
    rating: item.rating,
    ratingComment: item.rating_comment,
    ratedAt: item.rated_at,
    ratingSource: item.rating_source,
    rectificationDueAt: item.rectification_due_at,
    rectifiedAt: item.rectified_at,
    redoCount: item.redo_count,
    waitingSince: item.waiting_since,
    pausedMinutes: item.paused_minutes,
    acceptedAt: item.accepted_at,
    closedAt: item.closed_at,
    closedReason: item.closed_reason,
    chaseCount: item.chase_count,
    extension: item.extension_requested_at
      ? { reason: item.extension_reason, requestedAt: item.extension_requested_at, requestedBy: item.extension_requested_by }
      : null,
    linkedItem: item.linked_item_id && n.linked_number ? { id: item.linked_item_id, number: n.linked_number } : null,
    allowedActions: actions,
    history: events.map((e) => ({ id: e.id, at: e.at, action: e.action, from: e.from_status, to: e.to_status, note: e.note, actorName: e.actor_name, data: e.data })),
    messages: messages.map((m) => ({
      id: m.id,
      at: m.at,
      visibility: m.visibility,
      body: m.body,
      authorId: m.author_id,
      authorName: m.author_name,
      fromEnterprise: m.author_id === requester,
      attachments: attachmentsOf(m.attachment_ids),
    })),
  };
}
