/**
 * Reminders: what is due to be told to whom, and when — planned in the transaction of the change
 * that caused them (schedule), fired when due (fire: recipients and channels, one delivery each),
 * re-found by the reconciler, and the operators' figures (ops). Sending is deliveries/.
 */
export * from './recipients.ts';
export * from './schedule.ts';
export * from './fire.ts';
export * from './reconcile.ts';
export * from './ops.ts';
export * from './ops.schema.ts';
