import { notFound } from '@stationdesk/core';
import { repo } from '@stationdesk/db';
import type { TenantContext } from '../context.ts';
import { canSeeEnterprise } from '../access/enterprise.ts';
import type { GetEnterpriseInput } from './get-enterprise.schema.ts';
import type { EnterpriseDetail } from './views.schema.ts';
import { toDetail } from './views.ts';

/** The whole file. Internal notes are left out for enterprise admins. */
export async function getEnterprise(ctx: TenantContext, input: GetEnterpriseInput): Promise<EnterpriseDetail> {
  const { id } = input;
  const row = await repo.getEnterprise(ctx.trx, id);
  if (!row || !canSeeEnterprise(ctx.actor, row)) throw notFound('errors.enterprise.notFound');
  const contacts = await repo.listContacts(ctx.trx, id);
  const documents = await repo.listDocuments(ctx.trx, id);
  const tags = await repo.listEnterpriseTags(ctx.trx, id);
  const pending = await ctx.trx
    .selectFrom('enterprise_change_requests')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('enterprise_id', '=', id)
    .where('status', '=', 'pending')
    .executeTakeFirstOrThrow();
  return toDetail(row, { contacts, documents, tags, pendingChanges: Number(pending.n), includeNotes: ctx.actor.role !== 'enterprise_admin' });
}
