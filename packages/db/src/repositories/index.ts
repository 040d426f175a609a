export * from './users.ts';
export * from './sessions.ts';
export * from './memberships.ts';
export * from './stations.ts';
export * from './buildings.ts';
export * from './audit.ts';
export * from './tenants.ts';
export * from './workers.ts';
