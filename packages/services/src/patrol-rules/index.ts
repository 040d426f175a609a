export * from './settings.ts';
export * from './settings.schema.ts';
export * from './enqueue.ts';
export * from './raise.ts';
export * from './facts.ts';
export * from './run.ts';
