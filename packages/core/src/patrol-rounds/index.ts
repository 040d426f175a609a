export * from './schedule.ts';
export * from './assignment.ts';
export * from './rounds.ts';
export * from './reminders.ts';
