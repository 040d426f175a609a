/**
 * Patrol rounds (网格巡查): the managers' plans, the rounds the worker generates from them, and
 * their walking floor by floor on the phone (issue 19). Findings are patrol/.
 */
export * from './plans.ts';
export * from './plans.schema.ts';
export * from './generate.ts';
export * from './rounds.ts';
export * from './rounds.schema.ts';
