import { redirect, type AppLoadContext } from 'react-router';
import { localDate } from '@stationdesk/core';
import { requireMe, type Me } from './session.server.ts';

export type DeskRole = 'manager' | 'staff' | 'enterprise_admin';

/** Where someone lands who may not see a page: an enterprise admin its own file, others home. */
function homeOf(me: Me): string {
  return me.role === 'enterprise_admin' && me.enterpriseId ? `/enterprises/${me.enterpriseId}` : '/';
}

/**
 * The signed-in user and the page's data, fetched side by side (one round trip of latency, not
 * two). The role check happens once both are back; a failure of `load` is rethrown only for a
 * user who may see the page at all.
 */
export async function loadForRoles<T>(
  request: Request,
  context: AppLoadContext,
  roles: readonly DeskRole[],
  load: () => Promise<T>,
): Promise<{ me: Me; role: DeskRole; timezone: string; today: string; data: T }> {
  const [me, settled] = await Promise.all([
    requireMe(request, context),
    load().then(
      (v) => ({ ok: true as const, v }),
      (e: unknown) => ({ ok: false as const, e }),
    ),
  ]);
  // A platform operator under a support-access grant reads what a manager reads (the API keeps it read-only).
  const role = (me.role === 'support' ? 'manager' : me.role) as DeskRole | null;
  if (!role || !roles.includes(role)) throw redirect(homeOf(me));
  if (!settled.ok) throw settled.e;
  const timezone = me.memberships.find((m) => m.tenantId === me.activeTenantId)?.timezone ?? 'Asia/Shanghai';
  return { me, role, timezone, today: localDate(new Date(), timezone), data: settled.v };
}

/** Role check for actions (the procedures check again; this only picks the right answer early). */
export async function requireRole(request: Request, context: AppLoadContext, roles: readonly DeskRole[]): Promise<Me> {
  const me = await requireMe(request, context);
  if (!me.role || !roles.includes(me.role as DeskRole)) throw redirect(homeOf(me));
  return me;
}

export const staffRoles = ['manager', 'staff'] as const satisfies readonly DeskRole[];
