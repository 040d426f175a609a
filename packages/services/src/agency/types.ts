import { badRequest, conflict, forbidden, notFound } from '@stationdesk/core';
import { repo, type ChecklistItem, type Tx } from '@stationdesk/db';
import type { TenantContext } from '../context.ts';
import { portalAgencyType, type PortalAgencyTypeList } from './portal-view.ts';
import type { CreateAgencyTypeInput, ListAgencyTypesInput, UpdateAgencyTypeInput } from './types.schema.ts';

export interface AgencyTypeView {
  id: string;
  code: string;
  name: string;
  nameEn: string | null;
  department: string;
  statutoryDays: number;
  promisedDays: number;
  active: boolean;
  checklistId: string;
  checklistVersion: number;
  checklist: ChecklistItem[];
}

function typesQuery(trx: Tx) {
  return trx
    .selectFrom('agency_types as t')
    .innerJoin('agency_checklists as c', (j) => j.onRef('c.tenant_id', '=', 't.tenant_id').onRef('c.id', '=', 't.current_checklist_id'))
    .select(['t.id', 't.code', 't.name', 't.name_en', 't.department', 't.statutory_days', 't.promised_days', 't.active', 'c.id as checklist_id', 'c.version', 'c.items'])
    .orderBy('t.created_at');
}

/** The case types as the station configures them (staff and managers). */
export async function listAgencyTypes(ctx: Pick<TenantContext, 'trx'>, input?: ListAgencyTypesInput): Promise<AgencyTypeView[]> {
  const rows = await typesQuery(ctx.trx)
    .$if(!input?.includeInactive, (q) => q.where('t.active', '=', true))
    .execute();
  return rows.map((r) => ({
    id: r.id,
    code: r.code,
    name: r.name,
    nameEn: r.name_en,
    department: r.department,
    statutoryDays: r.statutory_days,
    promisedDays: r.promised_days,
    active: r.active,
    checklistId: r.checklist_id,
    checklistVersion: r.version,
    checklist: r.items,
  }));
}

/** The service catalogue an enterprise admin reads: the active types in the portal's view. */
export async function listPortalAgencyTypes(ctx: Pick<TenantContext, 'trx'>): Promise<PortalAgencyTypeList> {
  const rows = await typesQuery(ctx.trx).where('t.active', '=', true).execute();
  return { audience: 'portal', types: rows.map(portalAgencyType) };
}

async function checkChecklist(trx: Tx, items: ChecklistItem[]) {
  const keys = new Set<string>();
  for (const i of items) {
    if (keys.has(i.key)) throw badRequest('errors.agency.duplicateChecklistKey', { key: i.key });
    keys.add(i.key);
  }
  if (!items.some((i) => i.required)) throw badRequest('errors.agency.checklistNeedsRequired');
  // Every tenant member may download a template (enterprises fill them in): only a file uploaded
  // as a template — an attachment of no enterprise in this tenant — may become one.
  const templates = [...new Set(items.flatMap((i) => (i.templateFileId ? [i.templateFileId] : [])))];
  if (templates.length) {
    const found = await trx.selectFrom('files').select('id').where('id', 'in', templates).where('purpose', '=', 'attachment').where('enterprise_id', 'is', null).execute();
    if (found.length !== templates.length) throw badRequest('errors.agency.templateFileInvalid');
  }
}

/** Same entries in the same order, an absent optional field the same as an empty one (saving the form unchanged makes no version). */
function sameChecklist(a: readonly ChecklistItem[], b: readonly ChecklistItem[]): boolean {
  const norm = (items: readonly ChecklistItem[]) =>
    JSON.stringify(items.map((i) => [i.key, i.name, i.nameEn ?? null, i.required, i.templateFileId ?? null, i.notes ?? null]));
  return norm(a) === norm(b);
}

async function newChecklist(trx: Tx, tenantId: string, typeId: string, version: number, items: ChecklistItem[], userId: string | null) {
  return trx
    .insertInto('agency_checklists')
    .values({ tenant_id: tenantId, type_id: typeId, version, items: JSON.stringify(items), created_by: userId })
    .returning('id')
    .executeTakeFirstOrThrow();
}

/** Case types are the managers' (the station's promise cannot exceed the statutory limit). */
export async function createAgencyType(ctx: TenantContext, input: CreateAgencyTypeInput): Promise<{ id: string }> {
  if (ctx.actor.role !== 'manager') throw forbidden('errors.roleNotAllowed');
  if (input.promisedDays > input.statutoryDays) throw badRequest('errors.agency.promiseBeyondStatutory');
  await checkChecklist(ctx.trx, input.checklist);
  const exists = await ctx.trx.selectFrom('agency_types').select('id').where('code', '=', input.code).executeTakeFirst();
  if (exists) throw conflict('errors.agency.duplicateCode', { code: input.code });
  const type = await ctx.trx
    .insertInto('agency_types')
    .values({
      tenant_id: ctx.tenantId,
      code: input.code,
      name: input.name,
      name_en: input.nameEn,
      department: input.department,
      statutory_days: input.statutoryDays,
      promised_days: input.promisedDays,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const checklist = await newChecklist(ctx.trx, ctx.tenantId, type.id, 1, input.checklist, ctx.actor.userId);
  await ctx.trx.updateTable('agency_types').set({ current_checklist_id: checklist.id }).where('id', '=', type.id).execute();
  await repo.recordAudit(ctx.trx, { tenantId: ctx.tenantId, actorUserId: ctx.actor.userId, action: 'agencyType.created', subjectType: 'agency_type', subjectId: type.id, data: { code: input.code } });
  return { id: type.id };
}

/**
 * A changed checklist becomes a new version: cases already open keep the one they started with
 * (their requirements never change under them); new cases get the new one.
 */
export async function updateAgencyType(ctx: TenantContext, input: UpdateAgencyTypeInput): Promise<{ checklistVersion: number }> {
  if (ctx.actor.role !== 'manager') throw forbidden('errors.roleNotAllowed');
  const type = await ctx.trx.selectFrom('agency_types').selectAll().where('id', '=', input.id).forUpdate().executeTakeFirst();
  if (!type) throw notFound('errors.agency.typeNotFound');
  const statutory = input.statutoryDays ?? type.statutory_days;
  const promised = input.promisedDays ?? type.promised_days;
  if (promised > statutory) throw badRequest('errors.agency.promiseBeyondStatutory');
  const current = await ctx.trx.selectFrom('agency_checklists').select(['id', 'version', 'items']).where('id', '=', type.current_checklist_id!).executeTakeFirstOrThrow();
  let checklistId = current.id;
  let version = current.version;
  if (input.checklist && !sameChecklist(input.checklist, current.items)) {
    await checkChecklist(ctx.trx, input.checklist);
    version = current.version + 1;
    checklistId = (await newChecklist(ctx.trx, ctx.tenantId, type.id, version, input.checklist, ctx.actor.userId)).id;
  }
  await ctx.trx
    .updateTable('agency_types')
    .set({
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.nameEn !== undefined ? { name_en: input.nameEn } : {}),
      ...(input.department !== undefined ? { department: input.department } : {}),
      statutory_days: statutory,
      promised_days: promised,
      ...(input.active !== undefined ? { active: input.active } : {}),
      current_checklist_id: checklistId,
      updated_at: new Date(),
    })
    .where('id', '=', type.id)
    .execute();
  await repo.recordAudit(ctx.trx, { tenantId: ctx.tenantId, actorUserId: ctx.actor.userId, action: 'agencyType.updated', subjectType: 'agency_type', subjectId: type.id, data: { checklistVersion: version } });
  return { checklistVersion: version };
}
