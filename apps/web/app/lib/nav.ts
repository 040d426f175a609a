/** The shell's navigation per role, as data. Later domains add their pages here. */
export type ShellRole = 'manager' | 'staff' | 'enterprise_admin' | 'platform_admin';

export interface NavItem {
  to: string;
  labelKey: string;
  roles: readonly ShellRole[];
}

/** Stands for the signed-in enterprise admin's own file in `to`. */
const OWN_ENTERPRISE = ':enterpriseId';

export const navItems: NavItem[] = [
  { to: '/', labelKey: 'nav.overview', roles: ['manager', 'staff', 'enterprise_admin'] },
  { to: '/inbox', labelKey: 'notifications.nav.inbox', roles: ['manager', 'staff', 'enterprise_admin'] },
  { to: '/items', labelKey: 'workItems.nav.queue', roles: ['manager', 'staff'] },
  { to: '/agency', labelKey: 'agency.nav.queue', roles: ['manager', 'staff'] },
  { to: '/disputes', labelKey: 'disputes.nav.list', roles: ['manager', 'staff'] },
  { to: '/disputes/counts', labelKey: 'disputes.nav.counts', roles: ['manager', 'staff'] },
  { to: '/kpis', labelKey: 'kpi.nav.dashboard', roles: ['manager', 'staff'] },
  { to: '/reports/year', labelKey: 'report.nav.year', roles: ['manager'] },
  { to: '/visits', labelKey: 'visits.nav', roles: ['manager', 'staff'] },
  { to: '/activities', labelKey: 'activities.nav.staff', roles: ['manager', 'staff'] },
  { to: '/knowledge', labelKey: 'knowledge.nav', roles: ['manager', 'staff'] },
  { to: '/notices', labelKey: 'notices.nav.desk', roles: ['manager', 'staff'] },
  { to: '/patrol', labelKey: 'patrolRounds.nav.today', roles: ['manager', 'staff'] },
  { to: '/patrol/plans', labelKey: 'patrolRounds.nav.plans', roles: ['manager'] },
  { to: '/patrol/stats', labelKey: 'patrolStats.nav', roles: ['manager'] },
  { to: '/party/shifts', labelKey: 'party.nav.duty', roles: ['manager', 'staff'] },
  { to: '/party/posts', labelKey: 'party.nav.posts', roles: ['manager', 'staff'] },
  { to: '/party/orgs', labelKey: 'party.nav.orgs', roles: ['manager', 'staff'] },
  { to: '/party/stats', labelKey: 'party.stats.nav', roles: ['manager'] },
  { to: '/patrol/findings', labelKey: 'patrol.nav.findings', roles: ['manager', 'staff'] },
  { to: `/enterprises/${OWN_ENTERPRISE}`, labelKey: 'enterprise.nav.mine', roles: ['enterprise_admin'] },
  { to: '/portal', labelKey: 'workItems.nav.portal', roles: ['enterprise_admin'] },
  { to: '/portal/permits', labelKey: 'portalPermits.nav', roles: ['enterprise_admin'] },
  { to: '/portal/knowledge', labelKey: 'knowledge.nav', roles: ['enterprise_admin'] },
  { to: '/portal/activities', labelKey: 'activities.nav.portal', roles: ['enterprise_admin'] },
  { to: '/portal/notices', labelKey: 'notices.nav.portal', roles: ['enterprise_admin'] },
  { to: '/portal/party', labelKey: 'party.nav.portal', roles: ['enterprise_admin'] },
  { to: '/portal/colleague', labelKey: 'members.colleague.title', roles: ['enterprise_admin'] },
  { to: '/enterprises', labelKey: 'enterprise.nav.list', roles: ['manager', 'staff'] },
  { to: '/enterprises/changes', labelKey: 'enterprise.nav.changes', roles: ['manager', 'staff'] },
  { to: '/stations', labelKey: 'nav.stations', roles: ['manager', 'staff'] },
  { to: '/buildings', labelKey: 'nav.buildings', roles: ['manager', 'staff'] },
  { to: '/settings/people', labelKey: 'members.title', roles: ['manager'] },
  { to: '/settings/tags', labelKey: 'enterprise.nav.tags', roles: ['manager'] },
  { to: '/settings/sla', labelKey: 'settings.nav.sla', roles: ['manager'] },
  { to: '/settings/canned-replies', labelKey: 'settings.nav.cannedReplies', roles: ['manager'] },
  { to: '/settings/agency-types', labelKey: 'agency.nav.types', roles: ['manager'] },
  { to: '/settings/disputes', labelKey: 'disputes.nav.settings', roles: ['manager'] },
  { to: '/settings/notifications', labelKey: 'notifications.nav.settings', roles: ['manager'] },
  { to: '/settings/kpi', labelKey: 'kpi.nav.settings', roles: ['manager'] },
  { to: '/settings/patrol-rules', labelKey: 'patrolRules.nav', roles: ['manager'] },
  { to: '/settings/audit', labelKey: 'audit.nav', roles: ['manager'] },
  { to: '/settings/export', labelKey: 'tenantExport.nav', roles: ['manager'] },
  { to: '/settings/support-access', labelKey: 'supportAccess.nav', roles: ['manager'] },
  { to: '/platform', labelKey: 'nav.platform', roles: ['platform_admin'] },
  { to: '/platform/ops', labelKey: 'notifications.nav.ops', roles: ['platform_admin'] },
];

/**
 * The items a member sees. `me` (or just its enterpriseId) fills in the enterprise admin's own
 * file; without it the item points at /enterprises, which sends an enterprise admin there.
 */
export function navFor(role: ShellRole | null, isPlatformAdmin: boolean, me?: { enterpriseId: string | null } | string | null): NavItem[] {
  const enterpriseId = typeof me === 'string' ? me : (me?.enterpriseId ?? null);
  return navItems
    .filter((item) => (role !== null && item.roles.includes(role)) || (isPlatformAdmin && item.roles.includes('platform_admin')))
    .flatMap((item) => {
      if (!item.to.includes(OWN_ENTERPRISE)) return [item];
      return [{ ...item, to: enterpriseId ? item.to.replace(OWN_ENTERPRISE, enterpriseId) : '/enterprises' }];
    });
}

/**
 * The one item to highlight for a path: the longest `to` that is the path or a prefix of it, so
 * /enterprises/changes lights 变更审核 alone and /enterprises/<id> lights 企业档案.
 */
export function activeNavTo(items: readonly NavItem[], pathname: string): string | null {
  let best: string | null = null;
  for (const { to } of items) {
    const hit = to === '/' ? pathname === '/' : pathname === to || pathname.startsWith(`${to}/`);
    if (hit && (best === null || to.length > best.length)) best = to;
  }
  return best;
}
