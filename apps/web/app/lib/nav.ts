/** The shell's navigation per role, as data. Later domains add their pages here. */
export type ShellRole = 'manager' | 'staff' | 'enterprise_admin' | 'platform_admin';

export interface NavItem {
  to: string;
  labelKey: string;
  roles: readonly ShellRole[];
}

export const navItems: NavItem[] = [
  { to: '/', labelKey: 'nav.overview', roles: ['manager', 'staff', 'enterprise_admin'] },
  { to: '/stations', labelKey: 'nav.stations', roles: ['manager', 'staff'] },
  { to: '/buildings', labelKey: 'nav.buildings', roles: ['manager', 'staff'] },
  { to: '/platform', labelKey: 'nav.platform', roles: ['platform_admin'] },
];

export function navFor(role: ShellRole | null, isPlatformAdmin: boolean): NavItem[] {
  return navItems.filter(
    (item) => (role !== null && item.roles.includes(role)) || (isPlatformAdmin && item.roles.includes('platform_admin')),
  );
}
