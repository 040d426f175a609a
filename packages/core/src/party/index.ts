export * from './organisations.ts';
export * from './services.ts';
export * from './hours.ts';
export * from './shifts.ts';
export * from './reminders.ts';
export * from './check-in-codes.ts';
