/**
 * Policy notices (政策推送, issue 22): managers publish a notice to an audience of enterprises
 * (resolved at publish time into its recipients), their admins read it in the portal, inbox and
 * e-mail, and staff follow the read receipts ("who has not read it", by phone).
 */
export * from './notices.ts';
export * from './notices.schema.ts';
export * from './receipts.ts';
export * from './email.ts';
