export * from './figures.ts';
export * from './figures.schema.ts';
export * from './drill.ts';
export * from './drill.schema.ts';
export * from './export.ts';
export * from './export.schema.ts';
export * from './weekly-summary.ts';
