import { z } from 'zod';
import { readVersion } from './version.schema.ts';

const dutyOutput = z.object({
  userId: z.uuid(),
  name: z.string(),
  email: z.string(),
  stations: z.array(z.object({ id: z.uuid(), code: z.string(), name: z.string(), nameEn: z.string().nullable() })),
  /** In the station's round robin (在岗). */
  onDuty: z.boolean(),
  /** Round robin skips them at this many open items. */
  maxOpenItems: z.int(),
  /** Assigned items not yet archived — what the round robin compares with the limit. */
  openItems: z.int(),
  /** Duty and limit as read: a save sends it back and is refused if they changed since. */
  version: readVersion,
});
export type DutyOutput = z.infer<typeof dutyOutput>;

/** duty.list: managers see every staff member's line, staff their own. */
export const listDutyOutput = z.array(dutyOutput);

/** duty.update: a staff member's duty (userId: the member), as read (`version`); staff may only go on or off duty themselves. */
export const updateDutyInput = z
  .object({ userId: z.uuid(), onDuty: z.boolean().optional(), maxOpenItems: z.int().min(1).max(1000).optional(), version: readVersion })
  .strict();
export type UpdateDutyInput = z.infer<typeof updateDutyInput>;
export const updateDutyOutput = dutyOutput;
