export * from './lifecycle.ts';
export * from './number.ts';
