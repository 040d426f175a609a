import { forbidden } from '@stationdesk/core';
import { repo } from '@stationdesk/db';
import type { TenantContext } from '../context.ts';
import type { TagView } from './views.ts';
import { ok, type Ok } from '../schema.ts';
import type { DeleteTagInput, SaveTagInput } from './tags.schema.ts';

export function listTags(ctx: TenantContext): Promise<TagView[]> {
  return repo.listTags(ctx.trx);
}

/** The tag vocabulary (两新组织, 重点企业, …) is the tenant's: managers keep it. */
export async function saveTag(ctx: TenantContext, input: SaveTagInput): Promise<TagView> {
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

export async function deleteTag(ctx: TenantContext, input: DeleteTagInput): Promise<Ok> {
  if (ctx.actor.role !== 'manager') throw forbidden('errors.roleNotAllowed');
  await ctx.trx.deleteFrom('tags').where('id', '=', input.id).execute();
  return ok;
}
