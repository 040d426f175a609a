/**
 * Party-mass services (党群服务, issue 20): the registry of party organisations (enterprise
 * branches read from 一企一档, and the organisations that are not enterprises of the buildings),
 * service posts and their duty shifts, the batches organisations sign up and their attendance,
 * and the check-in codes posts (and, later, activities) show as QR images.
 */
export * from './checkin-code.ts';
export * from './orgs.ts';
export * from './orgs.schema.ts';
export * from './posts.ts';
export * from './posts.schema.ts';
export * from './shifts.ts';
export * from './shifts.schema.ts';
export * from './stats.ts';
export * from './stats.schema.ts';
