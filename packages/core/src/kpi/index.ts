export * from './definitions.ts';
export * from './periods.ts';
export * from './durations.ts';
export * from './dashboard.ts';
export * from './week.ts';
