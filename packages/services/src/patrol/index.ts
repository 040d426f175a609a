export * from './categories.ts';
export * from './categories.schema.ts';
export * from './findings.ts';
export * from './findings.schema.ts';
export * from './stats.ts';
export * from './stats.schema.ts';
