export * from './tokens.ts';
export * from './tokens.schema.ts';
export * from './intake.ts';
export * from './intake.schema.ts';
