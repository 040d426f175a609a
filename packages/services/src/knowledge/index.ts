export * from './articles.ts';
export * from './articles.schema.ts';
export * from './render.ts';
export * from './kpi.ts';
export * from './kpi.schema.ts';
