export * from './types.ts';
export * from './cases.ts';
export * from './queue.ts';
