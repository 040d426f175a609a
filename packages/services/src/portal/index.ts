export * from './home.ts';
export * from './home.schema.ts';
