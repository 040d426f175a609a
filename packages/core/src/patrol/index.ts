export * from './tiers.ts';
export * from './categories.ts';
export * from './floors.ts';
export * from './verification.ts';
export * from './visibility.ts';
