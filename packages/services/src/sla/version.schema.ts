import { line } from '../schema.ts';

/** The version of a part of the SLA settings as read (version.ts); a save sends it back (stale: CONFLICT). */
export const readVersion = line(64);
