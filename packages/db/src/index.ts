export * from './client.ts';
export * from './schema.ts';
export * from './tenant.ts';
export * from './migrate.ts';
export * as repo from './repositories/index.ts';
export type { EnterpriseFilter, EnterpriseSort, EnterpriseCursor } from './repositories/enterprises.ts';
export type { WorkItemFilter, WorkItemView } from './repositories/work-items.ts';
export type { AgencyQueueFilter } from './repositories/agency.ts';
export * from './seed/demo.ts';
