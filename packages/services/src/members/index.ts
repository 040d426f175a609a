/**
 * People of a tenant (issue 21): invitations (a single-use link, only its hash stored), accepting
 * them, and a manager's changes to the people — role, stations, deactivation.
 */
export * from './members.schema.ts';
export * from './invitation.schema.ts';
export * from './invitations.ts';
export * from './members.ts';
export * from './accept.ts';
