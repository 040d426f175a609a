export * from './links.ts';
export * from './links.schema.ts';
export * from './view.ts';
export * from './view.schema.ts';
