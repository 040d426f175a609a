export * from './read.ts';
export * from './write.ts';
export * from './read-in-worker.ts';
