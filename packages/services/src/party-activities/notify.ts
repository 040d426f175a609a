import { translator } from '@stationdesk/i18n';
import { languageOf } from '../deliveries/message.ts';
import type { TenantContext } from '../context.ts';

/**
 * An inbox note to every enterprise admin of the enterprises, each in their own language, in the
 * caller's transaction (a promotion and its note commit together).
 */
export async function notifyEnterprises(
  ctx: TenantContext,
  enterpriseIds: readonly string[],
  message: { kind: string; titleKey: string; bodyKey: string; params: Record<string, string | number>; activityId: string; title: string },
): Promise<void> {
  if (enterpriseIds.length === 0) return;
  const admins = await ctx.trx
    .selectFrom('memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select(['m.user_id', 'u.locale'])
    .where('m.role', '=', 'enterprise_admin')
    .where('m.enterprise_id', 'in', [...new Set(enterpriseIds)])
    .execute();
  if (admins.length === 0) return;
  await ctx.trx
    .insertInto('notifications')
    .values(
      admins.map((a) => {
        const t = translator(languageOf(a.locale));
        return {
          tenant_id: ctx.tenantId,
          user_id: a.user_id,
          kind: message.kind,
          title: t(message.titleKey, message.params),
          body: t(message.bodyKey, message.params),
          items: JSON.stringify([{ id: message.activityId, title: message.title, link: `/portal/activities/${message.activityId}` }]),
        };
      }),
    )
    .execute();
}
