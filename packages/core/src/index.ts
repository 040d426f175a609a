export * from './errors/app-error.ts';
export * from './access/roles.ts';
export * from './enterprise/credit-code.ts';
export * from './work-items/index.ts';
export * from './disputes/index.ts';
export * from './calendar/index.ts';
export * from './enterprise/enterprise.ts';
export * from './enterprise/search.ts';
