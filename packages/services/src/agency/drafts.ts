import { AppError, badRequest, forbidden, notFound, type AgencyResult, type AgencyStepName } from '@stationdesk/core';
import type { ChecklistItem } from '@stationdesk/db';
import { sql } from 'kysely';
import type { TenantContext } from '../context.ts';
import { ok, type Ok } from '../schema.ts';
import { recordEvent } from '../work-items/events.ts';
import { openAgencyCase } from './cases.ts';
import type {
  CreateAgencyDraftInput,
  GetAgencyDraftInput,
  RemoveDraftMaterialInput,
  SaveAgencyDraftInput,
  SubmitAgencyDraftInput,
  UploadDraftMaterialInput,
} from './drafts.schema.ts';

/** Files one checklist point of a draft takes (several pages of drawings, never a dump). */
export const DRAFT_FILES_PER_POINT = 20;

/** The enterprise the admin acts for; anyone else is refused (the portal's own use cases). */
function ownEnterpriseId(ctx: TenantContext): string {
  if (ctx.actor.role !== 'enterprise_admin' || ctx.actor.scope.kind !== 'enterprise') throw forbidden('errors.roleNotAllowed');
  return ctx.actor.scope.enterpriseId;
}

/** The company's own draft (locked for a change when asked), else NOT_FOUND as if it did not exist. */
async function requireDraft(ctx: TenantContext, id: string, opts: { lock?: boolean } = {}) {
  const enterpriseId = ownEnterpriseId(ctx);
  let q = ctx.trx.selectFrom('agency_drafts').selectAll().where('id', '=', id).where('enterprise_id', '=', enterpriseId);
  if (opts.lock) q = q.forUpdate().noWait();
  const d = await q.executeTakeFirst();
  if (!d) throw notFound('errors.agency.draftNotFound');
  return d;
}

function requireOpen(d: { status: string }): void {
  if (d.status !== 'draft') throw new AppError('CONFLICT', 'errors.agency.draftSubmitted');
}

async function draftChecklist(ctx: TenantContext, checklistId: string): Promise<ChecklistItem[]> {
  const c = await ctx.trx.selectFrom('agency_checklists').select('items').where('id', '=', checklistId).executeTakeFirstOrThrow();
  return c.items;
}

async function draftMaterials(ctx: TenantContext, draftId: string) {
  return ctx.trx
    .selectFrom('agency_draft_materials as m')
    .innerJoin('files as f', (j) => j.onRef('f.tenant_id', '=', 'm.tenant_id').onRef('f.id', '=', 'm.file_id'))
    .select(['m.id', 'm.checklist_key', 'm.file_id', 'm.uploaded_by', 'm.uploaded_at', 'f.original_name', 'f.size_bytes'])
    .where('m.tenant_id', '=', ctx.tenantId)
    .where('m.draft_id', '=', draftId)
    .orderBy('m.checklist_key')
    .orderBy('m.uploaded_at')
    .execute();
}

/** Required points without a file. */
function missingPoints(checklist: readonly ChecklistItem[], materials: readonly { checklist_key: string }[]): ChecklistItem[] {
  const filed = new Set(materials.map((m) => m.checklist_key));
  return checklist.filter((e) => e.required && !filed.has(e.key));
}

/**
 * A permit request begun in the portal: the type (active) and the checklist version the company is
 * shown, for its own enterprise. Nothing reaches the station until it is submitted.
 */
export async function createAgencyDraft(ctx: TenantContext, input: Omit<CreateAgencyDraftInput, 'idempotencyKey'>): Promise<{ id: string }> {
  const enterpriseId = ownEnterpriseId(ctx);
  const type = await ctx.trx.selectFrom('agency_types').select(['id', 'current_checklist_id']).where('id', '=', input.typeId).where('active', '=', true).executeTakeFirst();
  if (!type || !type.current_checklist_id) throw badRequest('errors.agency.typeNotFound');
  return ctx.trx
    .insertInto('agency_drafts')
    .values({
      tenant_id: ctx.tenantId,
      enterprise_id: enterpriseId,
      type_id: type.id,
      checklist_id: type.current_checklist_id,
      description: input.description?.trim() ?? '',
      created_by: ctx.actor.userId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
}

export async function saveAgencyDraft(ctx: TenantContext, input: SaveAgencyDraftInput): Promise<Ok> {
  const d = await requireDraft(ctx, input.id, { lock: true });
  requireOpen(d);
  await ctx.trx.updateTable('agency_drafts').set({ description: input.description.trim(), updated_at: new Date() }).where('id', '=', d.id).execute();
  return ok;
}

export interface AgencyDraftView {
  id: string;
  status: 'draft' | 'submitted';
  itemId: string | null;
  typeId: string;
  typeName: string;
  typeNameEn: string | null;
  department: string;
  statutoryDays: number;
  promisedDays: number;
  description: string;
  createdAt: string;
  updatedAt: string;
  checklist: {
    key: string;
    name: string;
    nameEn: string | null;
    required: boolean;
    templateFileId: string | null;
    notes: string | null;
    files: { id: string; fileId: string; name: string; size: number; uploadedAt: string }[];
  }[];
  missingRequired: string[];
}

/** The draft with its type's facts and, point by point, the files uploaded so far. */
export async function getAgencyDraft(ctx: TenantContext, input: GetAgencyDraftInput): Promise<AgencyDraftView> {
  const d = await requireDraft(ctx, input.id);
  const type = await ctx.trx
    .selectFrom('agency_types')
    .select(['id', 'name', 'name_en', 'department', 'statutory_days', 'promised_days'])
    .where('id', '=', d.type_id)
    .executeTakeFirstOrThrow();
  const [checklist, materials] = [await draftChecklist(ctx, d.checklist_id), await draftMaterials(ctx, d.id)];
  return {
    id: d.id,
    status: d.status,
    itemId: d.item_id,
    typeId: type.id,
    typeName: type.name,
    typeNameEn: type.name_en,
    department: type.department,
    statutoryDays: type.statutory_days,
    promisedDays: type.promised_days,
    description: d.description,
    createdAt: d.created_at,
    updatedAt: d.updated_at,
    checklist: checklist.map((e) => ({
      key: e.key,
      name: e.name,
      nameEn: e.nameEn ?? null,
      required: e.required,
      templateFileId: e.templateFileId ?? null,
      notes: e.notes ?? null,
      files: materials
        .filter((m) => m.checklist_key === e.key)
        .map((m) => ({ id: m.id, fileId: m.file_id, name: m.original_name, size: Number(m.size_bytes), uploadedAt: m.uploaded_at })),
    })),
    missingRequired: missingPoints(checklist, materials).map((e) => e.key),
  };
}

/**
 * A file for one checklist point of the company's own draft: one the admin uploaded themselves
 * through the file service (which checked its type by content), several per point.
 */
export async function uploadDraftMaterial(ctx: TenantContext, input: UploadDraftMaterialInput): Promise<{ id: string }> {
  const d = await requireDraft(ctx, input.id, { lock: true });
  requireOpen(d);
  const checklist = await draftChecklist(ctx, d.checklist_id);
  if (!checklist.some((e) => e.key === input.checklistKey)) throw badRequest('errors.agency.unknownChecklistEntry');
  const file = await ctx.trx.selectFrom('files').select(['uploaded_by', 'purpose']).where('id', '=', input.fileId).executeTakeFirst();
  if (!file || file.uploaded_by !== ctx.actor.userId || !['attachment', 'enterprise_document'].includes(file.purpose)) throw badRequest('errors.workItem.badAttachment');
  const existing = await ctx.trx
    .selectFrom('agency_draft_materials')
    .select(['file_id', 'checklist_key'])
    .where('tenant_id', '=', ctx.tenantId)
    .where('draft_id', '=', d.id)
    .execute();
  if (existing.some((m) => m.file_id === input.fileId)) throw new AppError('CONFLICT', 'errors.agency.draftFileTwice');
  if (existing.filter((m) => m.checklist_key === input.checklistKey).length >= DRAFT_FILES_PER_POINT) {
    throw badRequest('errors.agency.draftTooManyFiles', { max: DRAFT_FILES_PER_POINT });
  }
  const row = await ctx.trx
    .insertInto('agency_draft_materials')
    .values({ tenant_id: ctx.tenantId, draft_id: d.id, checklist_key: input.checklistKey, file_id: input.fileId, uploaded_by: ctx.actor.userId })
    .returning('id')
    .executeTakeFirstOrThrow();
  await ctx.trx.updateTable('agency_drafts').set({ updated_at: new Date() }).where('id', '=', d.id).execute();
  return row;
}

/** A file taken off the company's own draft before it is submitted. */
export async function removeDraftMaterial(ctx: TenantContext, input: RemoveDraftMaterialInput): Promise<Ok> {
  const enterpriseId = ownEnterpriseId(ctx);
  const m = await ctx.trx
    .selectFrom('agency_draft_materials as m')
    .innerJoin('agency_drafts as d', (j) => j.onRef('d.tenant_id', '=', 'm.tenant_id').onRef('d.id', '=', 'm.draft_id'))
    .select(['m.id', 'd.id as draft_id'])
    .where('m.id', '=', input.materialId)
    .where('d.enterprise_id', '=', enterpriseId)
    .executeTakeFirst();
  if (!m) throw notFound('errors.agency.materialNotFound');
  requireOpen(await requireDraft(ctx, m.draft_id, { lock: true }));
  await ctx.trx.deleteFrom('agency_draft_materials').where('id', '=', m.id).execute();
  await ctx.trx.updateTable('agency_drafts').set({ updated_at: new Date() }).where('id', '=', m.draft_id).execute();
  return ok;
}

/**
 * The draft becomes a case (DB-…) of its station's agency queue: the checklist version the company
 * filled in, its files as materials for the station to check, at 预审 (precheck) — every required
 * point has a file, or the submission is refused naming the points still empty. Nothing is written
 * then. A draft is submitted once.
 */
export async function submitAgencyDraft(ctx: TenantContext, input: Omit<SubmitAgencyDraftInput, 'idempotencyKey'>): Promise<{ id: string; number: string }> {
  const d = await requireDraft(ctx, input.id, { lock: true });
  requireOpen(d);
  const [checklist, materials] = [await draftChecklist(ctx, d.checklist_id), await draftMaterials(ctx, d.id)];
  const missing = missingPoints(checklist, materials);
  if (missing.length) {
    throw new AppError('PRECONDITION_FAILED', 'errors.agency.draftMissing', { names: missing.map((e) => e.name).join('、'), keys: missing.map((e) => e.key).join(',') });
  }
  const item = await openAgencyCase(ctx, { typeId: d.type_id, enterpriseId: d.enterprise_id, channel: 'portal', ...(d.description ? { description: d.description } : {}) });
  const step: AgencyStepName = 'precheck';
  await ctx.trx.updateTable('agency_cases').set({ checklist_id: d.checklist_id, step, updated_at: new Date() }).where('item_id', '=', item.id).execute();
  if (materials.length) {
    await ctx.trx
      .insertInto('agency_materials')
      .values(materials.map((m) => ({ tenant_id: ctx.tenantId, item_id: item.id, checklist_key: m.checklist_key, file_id: m.file_id, uploaded_by: m.uploaded_by, uploaded_at: m.uploaded_at })))
      .execute();
  }
  for (const key of [...new Set(materials.map((m) => m.checklist_key))]) {
    await recordEvent(ctx, item.id, { action: 'material_uploaded', data: { key } });
  }
  await recordEvent(ctx, item.id, { action: 'agency_step', data: { from: 'materials', to: step } });
  await ctx.trx.updateTable('agency_drafts').set({ status: 'submitted', item_id: item.id, submitted_at: new Date(), updated_at: new Date() }).where('id', '=', d.id).execute();
  return item;
}

export interface PortalPermitList {
  drafts: { id: string; typeName: string; typeNameEn: string | null; updatedAt: string; filesUploaded: number; missingRequired: number }[];
  cases: {
    id: string;
    number: string;
    title: string;
    status: string;
    typeName: string;
    typeNameEn: string | null;
    step: AgencyStepName;
    result: AgencyResult | null;
    dueAt: string;
    createdAt: string;
    doneAt: string | null;
    pickedUpAt: string | null;
    rejected: number;
  }[];
}

/** How many of the company's cases the permit list shows (a company has a handful a year). */
export const PORTAL_PERMITS_SHOWN = 100;

/** The company's open drafts and its agency cases, newest first, each case with its points sent back. */
export async function listPortalPermits(ctx: TenantContext): Promise<PortalPermitList> {
  const enterpriseId = ownEnterpriseId(ctx);
  const drafts = await ctx.trx
    .selectFrom('agency_drafts as d')
    .innerJoin('agency_types as t', (j) => j.onRef('t.tenant_id', '=', 'd.tenant_id').onRef('t.id', '=', 'd.type_id'))
    .innerJoin('agency_checklists as c', (j) => j.onRef('c.tenant_id', '=', 'd.tenant_id').onRef('c.id', '=', 'd.checklist_id'))
    .select(['d.id', 'd.updated_at', 't.name', 't.name_en', 'c.items'])
    .select((eb) => [
      eb
        .selectFrom('agency_draft_materials as m')
        .select(sql<string[]>`coalesce(array_agg(distinct m.checklist_key), '{}')`.as('keys'))
        .whereRef('m.tenant_id', '=', 'd.tenant_id')
        .whereRef('m.draft_id', '=', 'd.id')
        .as('keys'),
      eb
        .selectFrom('agency_draft_materials as m')
        .select((e) => e.fn.countAll<string>().as('n'))
        .whereRef('m.tenant_id', '=', 'd.tenant_id')
        .whereRef('m.draft_id', '=', 'd.id')
        .as('files'),
    ])
    .where('d.tenant_id', '=', ctx.tenantId)
    .where('d.enterprise_id', '=', enterpriseId)
    .where('d.status', '=', 'draft')
    .orderBy('d.updated_at', 'desc')
    .limit(PORTAL_PERMITS_SHOWN)
    .execute();
  const cases = await portalCaseRows(ctx, enterpriseId, { limit: PORTAL_PERMITS_SHOWN });
  return {
    drafts: drafts.map((r) => {
      const filed = new Set(r.keys ?? []);
      return {
        id: r.id,
        typeName: r.name,
        typeNameEn: r.name_en,
        updatedAt: r.updated_at,
        filesUploaded: Number(r.files ?? 0),
        missingRequired: r.items.filter((e) => e.required && !filed.has(e.key)).length,
      };
    }),
    cases,
  };
}

/** The company's agency cases, newest first (the permit list; the portal home takes the open ones). */
export async function portalCaseRows(ctx: TenantContext, enterpriseId: string, opts: { limit: number; openOnly?: boolean }): Promise<PortalPermitList['cases']> {
  let q = ctx.trx
    .selectFrom('work_items as w')
    .innerJoin('agency_cases as a', (j) => j.onRef('a.tenant_id', '=', 'w.tenant_id').onRef('a.item_id', '=', 'w.id'))
    .innerJoin('agency_types as t', (j) => j.onRef('t.tenant_id', '=', 'a.tenant_id').onRef('t.id', '=', 'a.type_id'))
    .select(['w.id', 'w.number', 'w.title', 'w.status', 'w.created_at', 't.name', 't.name_en', 'a.step', 'a.result', 'a.due_at', 'a.done_at', 'a.picked_up_at'])
    .select(
      sql<string>`(select count(*) from (select distinct on (m.checklist_key) m.status from agency_materials m
        where m.tenant_id = a.tenant_id and m.item_id = a.item_id order by m.checklist_key, m.uploaded_at desc) latest where latest.status = 'rejected')`.as('rejected'),
    )
    .where('w.tenant_id', '=', ctx.tenantId)
    .where('w.enterprise_id', '=', enterpriseId)
    .where('w.kind', '=', 'agency');
  if (opts.openOnly) q = q.where('w.status', '<>', 'closed').where((eb) => eb.or([eb('a.step', '<>', 'done'), eb('a.picked_up_at', 'is', null)]));
  const rows = await q.orderBy('w.created_at', 'desc').orderBy('w.id', 'desc').limit(opts.limit).execute();
  return rows.map((r) => ({
    id: r.id,
    number: r.number,
    title: r.title,
    status: r.status,
    typeName: r.name,
    typeNameEn: r.name_en,
    step: r.step,
    result: r.result,
    dueAt: r.due_at,
    createdAt: r.created_at,
    doneAt: r.done_at,
    pickedUpAt: r.picked_up_at,
    rejected: Number(r.rejected),
  }));
}
