export * from './list.ts';
export * from './list.schema.ts';
