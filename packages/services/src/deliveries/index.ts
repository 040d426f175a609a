/**
 * Deliveries: a fired reminder sent on one channel to one recipient — e-mail (SMTP or the local
 * outbox), a station robot (webhook), the in-app inbox (a notification under the bell). flush sends
 * what is pending per channel and recipient as one message; log is the managers' delivery log;
 * robots are the stations' robot settings.
 */
export * from './message.ts';
export * from './flush.ts';
export * from './outbox.ts';
export * from './inbox.ts';
export * from './inbox.schema.ts';
export * from './senders.ts';
export * from './robot-http.ts';
export * from './robots.ts';
export * from './robots.schema.ts';
export * from './log.ts';
export * from './log.schema.ts';
