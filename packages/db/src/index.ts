export * from './client.ts';
export * from './schema.ts';
export * from './tenant.ts';
export * from './migrate.ts';
export * as repo from './repositories/index.ts';
export type { EnterpriseFilter, EnterpriseSort, EnterpriseCursor } from './repositories/enterprises.ts';
export * from './seed/demo.ts';
