export * from './types.ts';
export * from './types.schema.ts';
export * from './cases.ts';
export * from './cases.schema.ts';
export * from './queue.ts';
export * from './queue.schema.ts';
export * from './portal-view.ts';
