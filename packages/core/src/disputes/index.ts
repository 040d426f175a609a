export * from './id-number.ts';
export * from './phone.ts';
export * from './masking.ts';
export * from './risk.ts';
