export * from './working-time.ts';
