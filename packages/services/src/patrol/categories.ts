import { randomBytes } from 'node:crypto';
import { badRequest, forbidden, isDefaultPatrolCategory, mergePatrolCategories, notFound, ownCategoryKey, type PatrolCategory } from '@stationdesk/core';
import { repo, type Tx } from '@stationdesk/db';
import type { TenantContext } from '../context.ts';
import type { CreatePatrolCategoryInput, PatrolCategoryView, UpdatePatrolCategoryInput } from './categories.schema.ts';

/** The tenant's categories: the defaults as it overrode them, and its own (core's mergePatrolCategories). */
export async function loadPatrolCategories(trx: Tx): Promise<PatrolCategory[]> {
  const rows = await trx.selectFrom('patrol_categories').select(['key', 'name', 'name_en', 'labour', 'active', 'position']).execute();
  return mergePatrolCategories(rows.map((r) => ({ key: r.key, name: r.name, nameEn: r.name_en, labour: r.labour, active: r.active, position: r.position })));
}

const view = (c: PatrolCategory): PatrolCategoryView => ({
  key: c.key,
  name: c.name,
  nameEn: c.nameEn,
  labour: c.labour,
  active: c.active,
  position: c.position,
  builtIn: c.builtIn,
});

/** patrolCategory.list: every category, hidden ones too (the pickers offer the active ones). */
export async function listPatrolCategories(ctx: TenantContext): Promise<PatrolCategoryView[]> {
  if (ctx.actor.role === 'enterprise_admin') throw forbidden('errors.roleNotAllowed');
  return (await loadPatrolCategories(ctx.trx)).map(view);
}

async function save(ctx: TenantContext, key: string, input: Omit<UpdatePatrolCategoryInput, 'key'>, action: string): Promise<PatrolCategoryView> {
  if (ctx.actor.role !== 'manager') throw forbidden('errors.roleNotAllowed');
  const row = {
    name: input.name,
    name_en: input.nameEn,
    labour: input.labour,
    active: input.active,
    position: input.position,
    updated_at: new Date(),
    updated_by: ctx.actor.userId,
  };
  await ctx.trx
    .insertInto('patrol_categories')
    .values({ tenant_id: ctx.tenantId, key, ...row })
    .onConflict((oc) => oc.columns(['tenant_id', 'key']).doUpdateSet(row))
    .execute();
  await repo.recordAudit(ctx.trx, { tenantId: ctx.tenantId, actorUserId: ctx.actor.userId, action, subjectType: 'patrol_category', subjectId: key, data: { ...input } });
  const saved = (await loadPatrolCategories(ctx.trx)).find((c) => c.key === key)!;
  return view(saved);
}

/** patrolCategory.update (managers): a default overridden, or one of the tenant's own changed. */
export async function updatePatrolCategory(ctx: TenantContext, { key, ...input }: UpdatePatrolCategoryInput): Promise<PatrolCategoryView> {
  if (!(await loadPatrolCategories(ctx.trx)).some((c) => c.key === key)) throw notFound('errors.patrol.categoryNotFound');
  if (!isDefaultPatrolCategory(key) && input.name === null) throw badRequest('errors.patrol.categoryNameRequired');
  return save(ctx, key, input, 'patrolCategory.updated');
}

/** patrolCategory.create (managers): a category of the tenant's own. */
export async function createPatrolCategory(ctx: TenantContext, input: CreatePatrolCategoryInput): Promise<PatrolCategoryView> {
  return save(ctx, ownCategoryKey(randomBytes(6).toString('hex')), input, 'patrolCategory.created');
}
