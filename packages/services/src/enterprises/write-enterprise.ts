import { AppError, badRequest, conflict, creditCodeProblem, diffFields, forbidden, localDate, normalizeCode, notFound, type EnterpriseFileAction } from '@stationdesk/core';
import { repo, type Tx } from '@stationdesk/db';
import type { TenantContext } from '../context.ts';
import { canEditEnterprise, requireVisibleEnterprise } from '../access/enterprise.ts';
import { columnOf, fieldOf, statusDateField, type EnterpriseField } from './fields.ts';
import type { EnterpriseFields } from './fields.schema.ts';
import type { CreateEnterpriseInput, SetEnterpriseTagsInput, UpdateEnterpriseInput } from './write-enterprise.schema.ts';
import { ok, type Ok } from '../schema.ts';
import { rescoreEnterpriseDisputes } from '../disputes/risk.ts';

export function requireEditor(ctx: TenantContext) {
  if (!canEditEnterprise(ctx.actor)) throw forbidden('errors.enterprise.editNotAllowed');
}

export function checkCreditCode(code: string): string {
  const normal = normalizeCode(code);
  const problem = creditCodeProblem(normal);
  if (problem) throw badRequest(`errors.creditCode.${problem}`);
  return normal;
}

/** The building must exist in the tenant and, for staff, belong to one of their stations. */
async function stationOfBuilding(ctx: TenantContext, buildingId: string): Promise<string> {
  const building = await repo.getBuilding(ctx.trx, buildingId);
  if (!building) throw badRequest('errors.enterprise.unknownBuilding');
  if (ctx.actor.scope.kind === 'stations' && !ctx.actor.scope.stationIds.includes(building.station_id)) {
    throw forbidden('errors.enterprise.buildingNotYours');
  }
  return building.station_id;
}

async function assertCreditCodeFree(trx: Tx, code: string, exceptId?: string) {
  let q = trx.selectFrom('enterprises').select('id').where('credit_code', '=', code);
  if (exceptId) q = q.where('id', '<>', exceptId);
  if (await q.executeTakeFirst()) throw conflict('errors.enterprise.duplicateCreditCode', { code });
}

type Columns = Record<string, unknown>;

function toColumns(fields: Partial<EnterpriseFields>): Columns {
  const out: Columns = {};
  for (const [field, value] of Object.entries(fields)) {
    if (value !== undefined) out[columnOf[field as EnterpriseField]] = value;
  }
  return out;
}

/** Status dates follow the status: moving to "moved out" without a date records today. */
function withStatusDate(fields: Partial<EnterpriseFields>, today: string): Partial<EnterpriseFields> {
  const dateField = fields.status ? statusDateField[fields.status] : undefined;
  if (dateField && fields[dateField] == null) return { ...fields, [dateField]: today };
  return fields;
}

/** File changes go to the audit log: public ones, and internal notes in an entry of their own. */
export async function auditChanges(ctx: TenantContext, enterpriseId: string, action: EnterpriseFileAction, changes: Record<string, [unknown, unknown]>) {
  const { notes, ...visible } = changes;
  const entries: [Record<string, [unknown, unknown]>, boolean][] = [
    [visible, false],
    [notes ? { notes } : {}, true],
  ];
  for (const [set, internal] of entries) {
    if (Object.keys(set).length === 0) continue;
    await repo.recordAudit(ctx.trx, {
      tenantId: ctx.tenantId,
      actorUserId: ctx.actor.userId,
      action: internal ? 'enterprise.notesChanged' : action,
      subjectType: 'enterprise',
      subjectId: enterpriseId,
      data: { changes: set, ...(internal ? { internal: true } : {}) },
      ip: ctx.actor.ip,
    });
  }
}

export async function createEnterprise(ctx: TenantContext, input: CreateEnterpriseInput): Promise<{ id: string }> {
  requireEditor(ctx);
  const creditCode = checkCreditCode(input.creditCode);
  const stationId = await stationOfBuilding(ctx, input.buildingId);
  await assertCreditCodeFree(ctx.trx, creditCode);
  const fields = withStatusDate({ ...input, creditCode }, localDate(new Date(), ctx.timezone));
  const row = await ctx.trx
    .insertInto('enterprises')
    .values({ tenant_id: ctx.tenantId, station_id: stationId, ...(toColumns(fields) as { name: string; credit_code: string; building_id: string }) })
    .returning('id')
    .executeTakeFirstOrThrow();
  const created = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== null && v !== undefined && v !== false)) as Record<string, unknown>;
  await auditChanges(ctx, row.id, 'enterprise.created', diffFields({} as Record<string, unknown>, created));
  return { id: row.id };
}

export async function updateEnterprise(ctx: TenantContext, input: UpdateEnterpriseInput): Promise<{ id: string; version: number }> {
  requireEditor(ctx);
  const ref = await requireVisibleEnterprise(ctx, input.id, { forUpdate: true });
  if (ref.version !== input.version) throw new AppError('CONFLICT', 'errors.concurrentEdit');
  const current = await ctx.trx.selectFrom('enterprises').selectAll().where('id', '=', input.id).executeTakeFirst();
  if (!current) throw notFound('errors.enterprise.notFound');

  let patch = { ...input.patch };
  if (patch.creditCode !== undefined) {
    patch.creditCode = checkCreditCode(patch.creditCode);
    await assertCreditCodeFree(ctx.trx, patch.creditCode, input.id);
  }
  let stationId: string | undefined;
  if (patch.buildingId !== undefined && patch.buildingId !== current.building_id) stationId = await stationOfBuilding(ctx, patch.buildingId);
  if (patch.status !== undefined && patch.status !== current.status) patch = withStatusDate(patch, localDate(new Date(), ctx.timezone));

  const before: Record<string, unknown> = {};
  for (const [column, value] of Object.entries(current)) if (fieldOf[column]) before[fieldOf[column]] = column === 'registered_capital_wan' && value !== null ? Number(value) : value;
  const changes = diffFields(before, patch as Record<string, unknown>);
  if (Object.keys(changes).length === 0) return { id: input.id, version: ref.version };

  const changed = Object.fromEntries(Object.keys(changes).map((f) => [f, patch[f as EnterpriseField]])) as Partial<EnterpriseFields>;
  const updated = await ctx.trx
    .updateTable('enterprises')
    .set({ ...toColumns(changed), ...(stationId ? { station_id: stationId } : {}), version: ref.version + 1, updated_at: new Date() })
    .where('id', '=', input.id)
    .returning('version')
    .executeTakeFirstOrThrow();
  await auditChanges(ctx, input.id, 'enterprise.updated', changes);
  // Moving out or closing raises the risk of the enterprise's open disputes.
  if (changes.status) await rescoreEnterpriseDisputes(ctx, input.id, 'enterprise_status');
  return { id: input.id, version: updated.version };
}

/** Replaces the enterprise's tags (tenant-managed vocabulary). */
export async function setEnterpriseTags(ctx: TenantContext, input: SetEnterpriseTagsInput): Promise<Ok> {
  requireEditor(ctx);
  await requireVisibleEnterprise(ctx, input.id, { forUpdate: true });
  const before = await repo.listEnterpriseTags(ctx.trx, input.id);
  const unique = [...new Set(input.tagIds)];
  if (unique.length) {
    const known = await ctx.trx.selectFrom('tags').select('id').where('id', 'in', unique).execute();
    if (known.length !== unique.length) throw badRequest('errors.enterprise.unknownTag');
  }
  await ctx.trx.deleteFrom('enterprise_tags').where('enterprise_id', '=', input.id).execute();
  if (unique.length) {
    await ctx.trx
      .insertInto('enterprise_tags')
      .values(unique.map((tagId) => ({ tenant_id: ctx.tenantId, enterprise_id: input.id, tag_id: tagId })))
      .execute();
  }
  const after = await repo.listEnterpriseTags(ctx.trx, input.id);
  const names = (xs: { name: string }[]) => xs.map((x) => x.name).sort();
  const changes = diffFields({ tags: names(before) }, { tags: names(after) });
  if (Object.keys(changes).length) await auditChanges(ctx, input.id, 'enterprise.tagsChanged', changes);
  return ok;
}
