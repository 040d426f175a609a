export * from './settings.ts';
export * from './rules.ts';
export * from './diff.ts';
