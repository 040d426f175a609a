export * from './backend.ts';
export * from './queues.ts';
export * from './producer.ts';
export * from './definitions.ts';
