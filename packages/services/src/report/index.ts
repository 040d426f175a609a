export * from './year.ts';
export * from './year.schema.ts';
export * from './export-year.ts';
export * from './export-year.schema.ts';
