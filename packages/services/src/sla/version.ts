import { createHash } from 'node:crypto';
import { AppError } from '@stationdesk/core';

/**
 * The version of a piece of the SLA settings as it was read: a hash of what the page shows. The
 * page reads in one request and saves in another; a save carries the version it read, and the
 * service compares it, under the settings lock, with the state it is about to replace. A hash of the
 * state rather than a counter: it needs no column, covers the product defaults (no row yet) and a
 * year of days (many rows), and a change undone meanwhile is no conflict.
 */
export function settingsVersion(state: unknown): string {
  return createHash('sha256').update(JSON.stringify(state)).digest('base64url').slice(0, 22);
}

/** Someone else saved this part since the page was read: refuse, write nothing. */
export function requireCurrentVersion(read: string, current: string): void {
  if (read !== current) throw new AppError('CONFLICT', 'errors.sla.changedMeanwhile');
}
