export * from './types.ts';
export * from './cases.ts';
export * from './queue.ts';
export * from './portal-view.ts';
