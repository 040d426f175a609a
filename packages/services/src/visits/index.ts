export * from './queue.ts';
export * from './queue.schema.ts';
export * from './rectifications.ts';
export * from './rectifications.schema.ts';
export * from './satisfaction.ts';
export * from './satisfaction.schema.ts';
