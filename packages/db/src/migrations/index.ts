import type { Migration } from 'kysely';
import * as m0001 from './0001_foundation.ts';
import * as m0002 from './0002_enterprise_files.ts';

/** Every migration in order. Append; never edit or reorder a released one. */
export const migrations: Record<string, Migration> = {
  '0001_foundation': m0001,
  '0002_enterprise_files': m0002,
};
