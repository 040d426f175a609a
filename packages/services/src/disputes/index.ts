export * from './agreement-pdf.ts';
export * from './cases.ts';
export * from './counts.ts';
export * from './list.ts';
export * from './risk.ts';
export * from './settings.ts';
export * from './warnings.ts';
export * from './portal-view.ts';
