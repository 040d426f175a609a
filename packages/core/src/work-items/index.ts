export * from './lifecycle.ts';
export * from './item-actions.ts';
export * from './number.ts';
export * from './sla.ts';
export * from './events.ts';
export * from './rectification.ts';
