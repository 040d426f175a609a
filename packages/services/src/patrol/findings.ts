import { sql } from 'kysely';
import {
  addDays,
  allowedItemActions,
  badRequest,
  buildingFloorLabels,
  conflict,
  currentVerification,
  disputeConversionRefusal,
  finishedStatuses,
  floorOfBuilding,
  forbidden,
  normalizeFloorLabel,
  notFound,
  tierPriority,
  verificationRefusal,
  verificationStep,
  zonedTimeToInstant,
  type PatrolSource,
  type WorkItemStatus,
} from '@stationdesk/core';
import { keysetCursor } from '@stationdesk/db';
import type { TenantContext } from '../context.ts';
import { requireVisibleEnterprise } from '../access/enterprise.ts';
import { createDispute } from '../disputes/cases.ts';
import { itemFacts, requireWorkItem } from '../work-items/access.ts';
import { assignItem } from '../work-items/assign.ts';
import { openWorkItem } from '../work-items/create-work-item.ts';
import { recordEvent } from '../work-items/events.ts';
import { patrolFacts, patrolItemActions } from '../work-items/patrol-steps.ts';
import { applyTransition } from '../work-items/transition.ts';
import { syncItemReminders } from '../reminders/schedule.ts';
import { loadPatrolCategories } from './categories.ts';
import type {
  ConvertFindingToDisputeInput,
  ConvertFindingToDisputeOutput,
  CreatePatrolFindingInput,
  CreatePatrolFindingOutput,
  GetPatrolFindingInput,
  ListPatrolFindingsInput,
  ListPatrolFindingsOutput,
  PatrolFindingView,
  PatrolPlacesOutput,
  SuggestEnterprisesInput,
  SuggestEnterprisesOutput,
  VerifyPatrolFindingInput,
} from './findings.schema.ts';

/**
 * A finding as any source opens one: staff on site (createPatrolFinding), the rule engine
 * (automatic: `ruleKey`, the rule's name) or the intake endpoint (external: `externalId` and the
 * sender's name). An automatic finding may not know its floor.
 */
export type NewPatrolFinding = Omit<CreatePatrolFindingInput, 'floor' | 'idempotencyKey'> & {
  floor: string | null;
  source: PatrolSource;
  sourceName?: string | null;
  ruleKey?: string | null;
  externalId?: string | null;
};

const staffOnly = (ctx: TenantContext) => {
  if (ctx.actor.role === 'enterprise_admin') throw forbidden('errors.roleNotAllowed');
};

/** The building, if the actor patrols it: staff their stations' buildings, managers all. */
async function requirePatrolledBuilding(ctx: TenantContext, buildingId: string) {
  const building = await ctx.trx
    .selectFrom('buildings')
    .select(['id', 'name', 'station_id', 'floors', 'floor_labels'])
    .where('id', '=', buildingId)
    .executeTakeFirst();
  if (!building) throw notFound('errors.patrol.buildingNotFound');
  if (ctx.actor.scope.kind === 'stations' && !ctx.actor.scope.stationIds.includes(building.station_id)) throw forbidden('errors.patrol.buildingNotYours');
  return building;
}

/** Photos the actor uploaded (purpose patrol_photo) and no finding holds yet. */
async function claimPhotos(ctx: TenantContext, ids: readonly string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  if (new Set(ids).size !== ids.length) throw badRequest('errors.patrol.photoTwice');
  const files = await ctx.trx
    .selectFrom('files as f')
    .leftJoin('patrol_finding_photos as p', (j) => j.onRef('p.tenant_id', '=', 'f.tenant_id').onRef('p.file_id', '=', 'f.id'))
    .select(['f.id', 'f.purpose', 'f.uploaded_by', 'p.item_id'])
    .where('f.id', 'in', [...ids])
    .execute();
  if (files.length !== ids.length || files.some((f) => f.purpose !== 'patrol_photo' || f.uploaded_by !== ctx.actor.userId)) {
    throw badRequest('errors.patrol.photoNotFound');
  }
  if (files.some((f) => f.item_id !== null)) throw conflict('errors.patrol.photoInUse');
  return [...ids];
}

async function addPhotos(ctx: TenantContext, itemId: string, fileIds: readonly string[], phase: 'before' | 'after', at: Date) {
  if (fileIds.length === 0) return;
  await ctx.trx
    .insertInto('patrol_finding_photos')
    .values(fileIds.map((fileId) => ({ tenant_id: ctx.tenantId, file_id: fileId, item_id: itemId, phase, added_by: ctx.actor.userId, added_at: at })))
    .execute();
}

/** patrolFinding.create: staff (and managers) report what they found, with photos taken on site. */
export async function createPatrolFinding(ctx: TenantContext, input: Omit<CreatePatrolFindingInput, 'idempotencyKey'>): Promise<CreatePatrolFindingOutput> {
  staffOnly(ctx);
  return openPatrolFinding(ctx, { ...input, source: 'staff' });
}

/**
 * Opens a finding (受理): a patrol work item at the building's station, due by its tier (the
 * tenant's patrol SLA at the tier's priority), its place, category and source recorded, the
 * photos as found attached. The floor must be one the building has; the enterprise, if named,
 * one of the building's.
 */
export async function openPatrolFinding(ctx: TenantContext, input: NewPatrolFinding): Promise<CreatePatrolFindingOutput> {
  staffOnly(ctx);
  const building = await requirePatrolledBuilding(ctx, input.buildingId);
  let floor: string | null = null;
  if (input.floor !== null) {
    floor = floorOfBuilding({ floors: building.floors, floorLabels: building.floor_labels }, input.floor);
    if (!floor) throw badRequest('errors.patrol.floorNotInBuilding', { floor: input.floor, building: building.name });
  }
  const category = (await loadPatrolCategories(ctx.trx)).find((c) => c.key === input.category && c.active);
  if (!category) throw badRequest('errors.patrol.categoryNotFound');
  if (input.enterpriseId) {
    const enterprise = await requireVisibleEnterprise(ctx, input.enterpriseId);
    if (enterprise.building_id !== building.id) throw badRequest('errors.patrol.enterpriseNotInBuilding');
  }
  const photos = await claimPhotos(ctx, input.photoFileIds ?? []);
  const location = input.location?.trim() ?? '';
  const title = input.title ?? [building.name, floor, location].filter(Boolean).join(' ').slice(0, 200);

  const item = await openWorkItem(ctx, {
    kind: 'patrol',
    enterpriseId: input.enterpriseId ?? null,
    stationId: building.station_id,
    title,
    description: input.description,
    priority: tierPriority[input.tier],
    channel: 'patrol',
    category: category.key,
    ...(input.assign ? { assign: input.assign } : {}),
  });
  const now = new Date();
  const placed = await ctx.trx
    .updateTable('work_items')
    .set({
      building_id: building.id,
      // Found on site: whoever raised it was there (as at the counter); a rule's or a feed's is not.
      ...(input.source === 'staff' ? { first_contact_at: sql<string>`coalesce(first_contact_at, created_at)` } : {}),
    })
    .where('id', '=', item.id)
    .returning(['resolution_due_at'])
    .executeTakeFirstOrThrow();
  await ctx.trx
    .insertInto('patrol_findings')
    .values({
      tenant_id: ctx.tenantId,
      item_id: item.id,
      building_id: building.id,
      floor,
      location,
      category: category.key,
      tier: input.tier,
      source: input.source,
      source_name: input.sourceName ?? null,
      rule_key: input.ruleKey ?? null,
      external_id: input.externalId ?? null,
      created_at: now,
    })
    .execute();
  await addPhotos(ctx, item.id, photos, 'before', now);
  return { id: item.id, number: item.number, resolutionDueAt: placed.resolution_due_at! };
}

/** The finding and its item, if the actor may see it (NOT_FOUND alike for another station's and a bare patrol item). */
async function requireFinding(ctx: TenantContext, id: string, opts: { lock?: boolean } = {}) {
  staffOnly(ctx);
  const item = await requireWorkItem(ctx, id, opts);
  const finding = item.kind === 'patrol' ? await ctx.trx.selectFrom('patrol_findings').selectAll().where('item_id', '=', id).executeTakeFirst() : undefined;
  if (!finding) throw notFound('errors.patrol.notFound');
  return { item, finding };
}

/** patrolFinding.get: the place, category, source, photos, 复查 and dispute link; the lifecycle's history is workItem.get's. */
export async function getPatrolFinding(ctx: TenantContext, { id }: GetPatrolFindingInput): Promise<PatrolFindingView> {
  const { item, finding } = await requireFinding(ctx, id);
  const names = await sql<{ station_name: string; building_name: string; enterprise_name: string | null; assignee_name: string | null; creator_name: string | null; verifier_name: string | null; dispute_number: string | null }>`
    select (select name from stations where tenant_id = ${ctx.tenantId} and id = ${item.station_id}) as station_name,
           (select name from buildings where tenant_id = ${ctx.tenantId} and id = ${finding.building_id}) as building_name,
           (select name from enterprises where tenant_id = ${ctx.tenantId} and id = ${item.enterprise_id}) as enterprise_name,
           (select display_name from users where id = ${item.assignee_id}) as assignee_name,
           (select display_name from users where id = ${item.created_by}) as creator_name,
           (select display_name from users where id = ${finding.verified_by}) as verifier_name,
           (select number from work_items where tenant_id = ${ctx.tenantId} and id = ${finding.dispute_item_id}) as dispute_number`.execute(ctx.trx);
  const n = names.rows[0]!;
  const photos = await ctx.trx
    .selectFrom('patrol_finding_photos as p')
    .leftJoin('users as u', 'u.id', 'p.added_by')
    .select(['p.file_id', 'p.phase', 'p.added_at', 'u.display_name'])
    .where('p.item_id', '=', id)
    .orderBy('p.added_at')
    .orderBy('p.file_id')
    .execute();
  const facts = await patrolFacts(ctx, item);
  const now = new Date();
  const labour = (await loadPatrolCategories(ctx.trx)).some((c) => c.key === finding.category && c.labour);
  const status = item.status as WorkItemStatus;
  return {
    id: item.id,
    number: item.number,
    title: item.title,
    description: item.description,
    status,
    version: item.version,
    tier: finding.tier,
    category: finding.category,
    source: finding.source,
    sourceName: finding.source_name,
    stationId: item.station_id,
    stationName: n.station_name,
    buildingId: finding.building_id,
    buildingName: n.building_name,
    floor: finding.floor,
    location: finding.location,
    enterpriseId: item.enterprise_id,
    enterpriseName: n.enterprise_name,
    assigneeId: item.assignee_id,
    assigneeName: n.assignee_name,
    createdAt: item.created_at,
    createdByName: n.creator_name,
    resolutionDueAt: item.resolution_due_at,
    resolvedAt: item.resolved_at,
    closedAt: item.closed_at,
    closedReason: item.closed_reason,
    clearedAt: finding.cleared_at,
    verification:
      finding.verification && finding.verified_at
        ? { result: finding.verification, at: finding.verified_at, byName: n.verifier_name, note: finding.verification_note, current: currentVerification(facts) !== null }
        : null,
    dispute: finding.dispute_item_id && n.dispute_number ? { itemId: finding.dispute_item_id, number: n.dispute_number } : null,
    photos: photos.map((p) => ({ fileId: p.file_id, phase: p.phase, addedAt: p.added_at, addedByName: p.display_name })),
    allowedActions: await patrolItemActions(ctx, item, allowedItemActions(itemFacts(item), ctx.actor, now)),
    // A failed 复查 needs a note, a passed one a photo: both are asked for on the form.
    canVerify: status === 'resolved',
    canConvertToDispute: disputeConversionRefusal({ status, labour, disputeItemId: finding.dispute_item_id, enterpriseId: item.enterprise_id }, ctx.actor.role) === null,
  };
}

/** Newest first: (created, id) of the last finding shown. */
const listCursor = keysetCursor('instant', 'id');

/** patrolFinding.list: the findings of the actor's stations, newest first, with the filters of the list page. */
export async function listPatrolFindings(ctx: TenantContext, input: ListPatrolFindingsInput): Promise<ListPatrolFindingsOutput> {
  staffOnly(ctx);
  const limit = input.limit ?? 50;
  const { scope } = ctx.actor;
  if (scope.kind === 'stations' && input.stationId && !scope.stationIds.includes(input.stationId)) return { items: [], nextCursor: null };
  const stationIds = input.stationId ? [input.stationId] : scope.kind === 'stations' ? scope.stationIds : null;
  let q = ctx.trx
    .selectFrom('patrol_findings as f')
    .innerJoin('work_items as w', (j) => j.onRef('w.tenant_id', '=', 'f.tenant_id').onRef('w.id', '=', 'f.item_id'))
    .innerJoin('stations as s', (j) => j.onRef('s.tenant_id', '=', 'w.tenant_id').onRef('s.id', '=', 'w.station_id'))
    .innerJoin('buildings as b', (j) => j.onRef('b.tenant_id', '=', 'f.tenant_id').onRef('b.id', '=', 'f.building_id'))
    .leftJoin('enterprises as e', (j) => j.onRef('e.tenant_id', '=', 'w.tenant_id').onRef('e.id', '=', 'w.enterprise_id'))
    .leftJoin('users as u', 'u.id', 'w.assignee_id')
    .select([
      'f.item_id', 'w.number', 'w.title', 'w.status', 'f.tier', 'f.category', 'f.source', 'f.source_name', 's.name as station_name', 'b.name as building_name',
      'f.floor', 'f.location', 'e.name as enterprise_name', 'u.display_name as assignee_name', 'f.created_at', 'w.resolution_due_at',
      (eb) =>
        eb
          .selectFrom('patrol_finding_photos as p')
          .select('p.file_id')
          .whereRef('p.item_id', '=', 'f.item_id')
          .where('p.phase', '=', 'before')
          .orderBy('p.added_at')
          .orderBy('p.file_id')
          .limit(1)
          .as('photo_file_id'),
    ])
    .orderBy('f.created_at', 'desc')
    .orderBy('f.item_id', 'desc')
    .limit(limit + 1);
  if (stationIds) q = q.where('w.station_id', 'in', stationIds.length ? [...stationIds] : ['00000000-0000-0000-0000-000000000000']);
  if (input.buildingId) q = q.where('f.building_id', '=', input.buildingId);
  if (input.enterpriseId) q = q.where('w.enterprise_id', '=', input.enterpriseId);
  if (input.category) q = q.where('f.category', '=', input.category);
  if (input.tier) q = q.where('f.tier', '=', input.tier);
  if (input.source) q = q.where('f.source', '=', input.source);
  if (input.status === 'open') q = q.where('w.status', '<>', 'closed');
  else if (input.status === 'overdue') q = q.where('w.status', 'not in', [...finishedStatuses]).where('w.resolution_due_at', '<', new Date().toISOString());
  else if (input.status) q = q.where('w.status', '=', input.status);
  if (input.floor) q = q.where('f.floor', '=', input.floor);
  if (input.from) q = q.where('f.created_at', '>=', new Date(zonedTimeToInstant(input.from, 0, ctx.timezone)).toISOString());
  if (input.to) q = q.where('f.created_at', '<', new Date(zonedTimeToInstant(addDays(input.to, 1), 0, ctx.timezone)).toISOString());
  if (input.cursor) {
    const [at, id] = listCursor.decode(input.cursor);
    q = q.where((eb) => eb(eb.refTuple('f.created_at', 'f.item_id'), '<', eb.tuple(at, id)));
  }
  const rows = await q.execute();
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    items: page.map((r) => ({
      id: r.item_id,
      number: r.number,
      title: r.title,
      status: r.status as WorkItemStatus,
      tier: r.tier,
      category: r.category,
      source: r.source,
      sourceName: r.source_name,
      stationName: r.station_name,
      buildingName: r.building_name,
      floor: r.floor,
      location: r.location,
      enterpriseName: r.enterprise_name,
      assigneeName: r.assignee_name,
      createdAt: r.created_at,
      resolutionDueAt: r.resolution_due_at,
      photoFileId: r.photo_file_id,
    })),
    nextCursor: rows.length > limit && last ? listCursor.encode([last.created_at, last.item_id]) : null,
  };
}

/**
 * patrolFinding.verify (复查): on a resolved finding, staff of its station or a manager record the
 * on-site check. Passed (with at least one "after" photo) closes the loop to 已复查 (visited),
 * from where it may be archived; failed (a note: what is still wrong) sends it back to 办理, due
 * again by its tier from now.
 */
export async function verifyPatrolFinding(ctx: TenantContext, input: VerifyPatrolFindingInput) {
  const { item } = await requireFinding(ctx, input.id, { lock: true });
  if (item.version !== input.version) throw conflict('errors.concurrentEdit');
  const photos = await claimPhotos(ctx, input.photoFileIds ?? []);
  const note = input.note?.trim() || null;
  const refused = verificationRefusal(item.status as WorkItemStatus, ctx.actor.role, { result: input.result, afterPhotos: photos.length, note });
  if (refused) throw refused;
  const now = new Date();
  await addPhotos(ctx, item.id, photos, 'after', now);
  await ctx.trx
    .updateTable('patrol_findings')
    .set({ verification: input.result, verified_at: now, verified_by: ctx.actor.userId, verification_note: note })
    .where('item_id', '=', item.id)
    .execute();
  const moved = await applyTransition(ctx, item.id, {
    action: verificationStep(input.result),
    note,
    data: { verification: input.result, photos: photos.length },
  });
  return { status: moved.status as WorkItemStatus, version: moved.version };
}

/**
 * patrolFinding.convertToDispute: a labour or wage finding becomes a dispute case (调解, found by
 * staff) with the enterprise as respondent, linked both ways. Like 转办, the conversion is the
 * finding's own outcome: it closes as 'converted' (neither resolved nor verified) and the dispute
 * case carries it on; the case starts with the finding's handler.
 */
export async function convertFindingToDispute(ctx: TenantContext, input: ConvertFindingToDisputeInput): Promise<ConvertFindingToDisputeOutput> {
  const { item, finding } = await requireFinding(ctx, input.id, { lock: true });
  const labour = (await loadPatrolCategories(ctx.trx)).some((c) => c.key === finding.category && c.labour);
  const status = item.status as WorkItemStatus;
  const refused = disputeConversionRefusal({ status, labour, disputeItemId: finding.dispute_item_id, enterpriseId: item.enterprise_id }, ctx.actor.role);
  if (refused) throw refused;
  const enterprise = await ctx.trx.selectFrom('enterprises').select(['id', 'name']).where('id', '=', item.enterprise_id!).executeTakeFirstOrThrow();
  const dispute = await createDispute(ctx, {
    source: 'found_by_staff',
    disputeType: input.disputeType,
    enterpriseId: enterprise.id,
    stationId: item.station_id,
    title: item.title,
    facts: [item.description, input.note?.trim()].filter(Boolean).join('\n\n'),
    amountYuan: input.amountYuan ?? null,
    peopleInvolved: input.peopleInvolved,
    priority: item.priority,
    parties: [
      { side: 'applicant', kind: 'person', name: input.applicantName, phone: input.applicantPhone ?? null },
      { side: 'respondent', kind: 'organisation', name: enterprise.name, enterpriseId: enterprise.id },
    ],
  });
  const now = new Date();
  if (item.assignee_id) await assignItem(ctx, dispute.id, { userId: item.assignee_id });
  await ctx.trx.updateTable('work_items').set({ linked_item_id: item.id }).where('id', '=', dispute.id).execute();
  await ctx.trx.updateTable('patrol_findings').set({ dispute_item_id: dispute.id }).where('item_id', '=', item.id).execute();
  await ctx.trx
    .updateTable('work_items')
    .set({ status: 'closed', closed_at: now, closed_reason: 'converted', linked_item_id: dispute.id, updated_at: now, version: item.version + 1 })
    .where('id', '=', item.id)
    .execute();
  await recordEvent(ctx, item.id, {
    action: 'converted',
    from: status,
    to: 'closed',
    note: input.note?.trim() || null,
    data: { disputeId: dispute.id, disputeNumber: dispute.number },
  });
  await syncItemReminders(ctx, item.id);
  return { itemId: dispute.id, number: dispute.number };
}

/** Enterprise floors are free text ("12F", "12楼"): read as labels to match the chosen floor. */
export async function suggestEnterprises(ctx: TenantContext, input: SuggestEnterprisesInput): Promise<SuggestEnterprisesOutput> {
  staffOnly(ctx);
  const building = await requirePatrolledBuilding(ctx, input.buildingId);
  const floor = input.floor ? normalizeFloorLabel(input.floor) : null;
  const rows = await ctx.trx
    .selectFrom('enterprises')
    .select(['id', 'name', 'floor', 'room'])
    .where('building_id', '=', building.id)
    .where('status', 'in', ['active', 'moving_out'])
    .orderBy('name')
    .limit(500)
    .execute();
  const list = rows.map((r) => ({ id: r.id, name: r.name, floor: r.floor, room: r.room, onFloor: floor !== null && r.floor !== null && normalizeFloorLabel(r.floor) === floor }));
  // Those on the floor first, then the rest of the building (a finding in the lobby about a tenant upstairs).
  return [...list.filter((e) => e.onFloor), ...list.filter((e) => !e.onFloor)].slice(0, 50);
}

/** The buildings the member patrols with their floors, for the phone page's pickers. */
export async function patrolPlaces(ctx: TenantContext): Promise<PatrolPlacesOutput> {
  staffOnly(ctx);
  const { scope } = ctx.actor;
  let q = ctx.trx
    .selectFrom('buildings as b')
    .innerJoin('stations as s', (j) => j.onRef('s.tenant_id', '=', 'b.tenant_id').onRef('s.id', '=', 'b.station_id'))
    .select(['b.id', 'b.name', 'b.name_en', 'b.station_id', 's.name as station_name', 'b.floors', 'b.floor_labels'])
    .orderBy('s.code')
    .orderBy('b.name');
  if (scope.kind === 'stations') q = q.where('b.station_id', 'in', scope.stationIds.length ? [...scope.stationIds] : ['00000000-0000-0000-0000-000000000000']);
  const rows = await q.execute();
  return rows.map((b) => ({
    id: b.id,
    name: b.name,
    nameEn: b.name_en,
    stationId: b.station_id,
    stationName: b.station_name,
    floors: buildingFloorLabels({ floors: b.floors, floorLabels: b.floor_labels }),
  }));
}
