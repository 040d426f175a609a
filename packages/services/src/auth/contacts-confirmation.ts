import { forbidden } from '@stationdesk/core';
import { repo } from '@stationdesk/db';
import type { TenantContext } from '../context.ts';
import { ok, type Ok } from '../schema.ts';

/**
 * auth.confirmContacts: an enterprise admin confirms that their enterprise's contacts in 一企一档
 * are right (edits go as change requests, reviewed by the station). Asked once, at the first
 * sign-in (auth.me says `contactsConfirmationDue` until then); recorded on the membership and in
 * the audit log. A second confirmation changes nothing.
 */
export async function confirmContacts(ctx: TenantContext): Promise<Ok> {
  if (ctx.actor.scope.kind !== 'enterprise' || !ctx.actor.membershipId) throw forbidden('errors.roleNotAllowed');
  const confirmed = await ctx.trx
    .updateTable('memberships')
    .set({ contacts_confirmed_at: new Date() })
    .where('tenant_id', '=', ctx.tenantId)
    .where('id', '=', ctx.actor.membershipId)
    .where('contacts_confirmed_at', 'is', null)
    .returning('id')
    .executeTakeFirst();
  if (confirmed) {
    await repo.recordAudit(ctx.trx, {
      tenantId: ctx.tenantId,
      actorUserId: ctx.actor.userId,
      action: 'enterprise.contacts_confirmed',
      subjectType: 'enterprise',
      subjectId: ctx.actor.scope.enterpriseId,
      ip: ctx.actor.ip,
    });
  }
  return ok;
}
