export * from './context.ts';
export * from './auth/sign-in.ts';
export * from './auth/memberships.ts';
export * from './auth/session-actions.ts';
export * from './stations/list-stations.ts';
export * from './buildings/list-buildings.ts';
export * from './platform/tenants.ts';
