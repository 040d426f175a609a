import { forbidden, type TagColor } from '@stationdesk/core';
import { repo } from '@stationdesk/db';
import type { TenantContext } from '../context.ts';
import type { TagView } from './views.ts';

export function listTags(ctx: TenantContext): Promise<TagView[]> {
  return repo.listTags(ctx.trx);
}

/** The tag vocabulary (两新组织, 重点企业, …) is the tenant's: managers keep it. */
export async function saveTag(ctx: TenantContext, input: { id?: string; name: string; color: TagColor }): Promise<TagView> {
  if (ctx.actor.role !== 'manager') throw forbidden('errors.roleNotAllowed');
  if (input.id) {
    const row = await ctx.trx
      .updateTable('tags')
      .set({ name: input.name, color: input.color })
      .where('id', '=', input.id)
      .returning(['id', 'name', 'color'])
      .executeTakeFirst();
    if (!row) throw forbidden('errors.notFound');
    return row;
  }
  return ctx.trx
    .insertInto('tags')
    .values({ tenant_id: ctx.tenantId, name: input.name, color: input.color })
    .returning(['id', 'name', 'color'])
    .executeTakeFirstOrThrow();
}

export async function deleteTag(ctx: TenantContext, input: { id: string }): Promise<void> {
  if (ctx.actor.role !== 'manager') throw forbidden('errors.roleNotAllowed');
  await ctx.trx.deleteFrom('tags').where('id', '=', input.id).execute();
}
