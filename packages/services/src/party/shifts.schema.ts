import { z } from 'zod';
import { attendanceWays, BATCH_MEMBERS_MAX, dutyShiftStatuses, isRealDate, partyOrgSources, partyOrgTypes, partyServiceKeyPattern, SHIFT_PLACES_MAX, signUpStatuses } from '@stationdesk/core';
import { idempotencyKey, line, okOutput, text } from '../schema.ts';

const localDay = z.string().refine(isRealDate, { message: 'YYYY-MM-DD' });
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, { message: 'HH:MM' });
/** What a scanned QR code carries (checked by the use case, which answers why it is refused). */
const code = line(100, { min: 1 });

export const ownBatch = z.object({ id: z.uuid(), members: z.number().int(), status: z.enum(signUpStatuses) });

export const dutyShiftView = z.object({
  id: z.uuid(),
  postId: z.uuid(),
  postName: z.string(),
  postLocation: z.string(),
  stationId: z.uuid(),
  stationName: z.string(),
  stationNameEn: z.string().nullable(),
  shiftDate: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  /** Places counted in members: `booked` by the live batches, `left` to fill. */
  places: z.number().int(),
  booked: z.number().int(),
  left: z.number().int(),
  status: z.enum(dutyShiftStatuses),
  /** Live batches signed up; null for an enterprise admin (other organisations' sign-ups are not theirs to see). */
  batches: z.number().int().nullable(),
  /** An enterprise admin's own branch's batch on the shift; null for the desk. */
  mine: ownBatch.nullable(),
});
export type DutyShiftView = z.infer<typeof dutyShiftView>;

/** dutyShift.list: shifts of a period (default today and the next 30 days; at most 92 days). */
export const listDutyShiftsInput = z
  .object({
    postId: z.uuid().optional(),
    stationId: z.uuid().optional(),
    from: localDay.optional(),
    to: localDay.optional(),
    /** Only shifts with places left. */
    shortOnly: z.boolean().optional(),
  })
  .strict()
  .optional();
export type ListDutyShiftsInput = z.infer<typeof listDutyShiftsInput>;
export const listDutyShiftsOutput = z.object({
  from: z.string(),
  to: z.string(),
  shifts: z.array(dutyShiftView),
  /** An enterprise admin's branch as its enterprise file records it (null: none recorded, so nothing to sign up). */
  branch: z.object({ enterpriseId: z.uuid(), name: z.string(), members: z.number().int().nullable() }).nullable(),
});
export type DutyShiftList = z.infer<typeof listDutyShiftsOutput>;

export const signUpView = z.object({
  id: z.uuid(),
  organisationId: z.uuid(),
  organisationName: z.string(),
  organisationType: z.enum(partyOrgTypes),
  source: z.enum(partyOrgSources),
  members: z.number().int(),
  memberNames: z.array(z.string()),
  status: z.enum(signUpStatuses),
  signedUpAt: z.string(),
  checkedInAt: z.string().nullable(),
  checkedInVia: z.enum(attendanceWays).nullable(),
  checkedOutAt: z.string().nullable(),
  checkedOutVia: z.enum(attendanceWays).nullable(),
});
export type SignUpView = z.infer<typeof signUpView>;

export const getDutyShiftInput = z.object({ id: z.uuid() }).strict();
export type GetDutyShiftInput = z.infer<typeof getDutyShiftInput>;
/** dutyShift.get: the shift, its batches (an enterprise admin: its own only) and what was served. */
export const getDutyShiftOutput = dutyShiftView.extend({
  note: z.string().nullable(),
  /** The services the post offers (keys of servicePost.services). */
  services: z.array(z.string()),
  served: z.array(z.object({ service: z.string(), served: z.number().int() })),
  servedTotal: z.number().int(),
  signUps: z.array(signUpView),
});
export type DutyShiftDetail = z.infer<typeof getDutyShiftOutput>;

/** dutyShift.create: the same shift on several days of a post (a roster is made a month at a time). */
export const createDutyShiftsInput = z
  .object({
    postId: z.uuid(),
    dates: z.array(localDay).min(1).max(62),
    start: hhmm,
    end: hhmm,
    places: z.number().int().min(1).max(SHIFT_PLACES_MAX),
    note: text(500).nullable().optional(),
    idempotencyKey: idempotencyKey.optional(),
  })
  .strict();
export type CreateDutyShiftsInput = z.infer<typeof createDutyShiftsInput>;
export const createDutyShiftsOutput = z.object({ ids: z.array(z.uuid()) });

/** dutyShift.update: places (never below the members signed up), the note, or the shift cancelled while no batch is on it. */
export const updateDutyShiftInput = z
  .object({
    id: z.uuid(),
    places: z.number().int().min(1).max(SHIFT_PLACES_MAX).optional(),
    note: text(500).nullable().optional(),
    cancel: z.literal(true).optional(),
  })
  .strict();
export type UpdateDutyShiftInput = z.infer<typeof updateDutyShiftInput>;
export const updateDutyShiftOutput = z.object({ id: z.uuid(), places: z.number().int(), booked: z.number().int(), status: z.enum(dutyShiftStatuses) });

/**
 * dutyShift.signUp: a batch for the shift — staff name the organisation (any of the registry's);
 * an enterprise admin signs up its own enterprise's branch (organisationId left out, or its
 * enterprise's id). Places are counted in members: the batch fits whole or is refused.
 */
export const signUpDutyShiftInput = z
  .object({
    id: z.uuid(),
    organisationId: z.uuid().optional(),
    members: z.number().int().min(1).max(BATCH_MEMBERS_MAX),
    memberNames: z.array(line(50, { min: 1 })).max(BATCH_MEMBERS_MAX).optional(),
    idempotencyKey: idempotencyKey.optional(),
  })
  .strict();
export type SignUpDutyShiftInput = z.infer<typeof signUpDutyShiftInput>;
export const signUpDutyShiftOutput = z.object({ id: z.uuid(), left: z.number().int() });

const signUpRef = z.object({ signUpId: z.uuid() }).strict();
/** dutyShift.cancel: a batch withdrawn (its places free again). */
export const cancelSignUpInput = signUpRef;
export type CancelSignUpInput = z.infer<typeof cancelSignUpInput>;
export const cancelSignUpOutput = okOutput;
/** dutyShift.checkIn / checkOut: staff confirm a batch at the post. */
export const confirmAttendanceInput = signUpRef;
export type ConfirmAttendanceInput = z.infer<typeof confirmAttendanceInput>;
export const attendanceOutput = z.object({ signUpId: z.uuid(), status: z.enum(signUpStatuses), organisationName: z.string(), postName: z.string() });
export type AttendanceOutput = z.infer<typeof attendanceOutput>;

/** dutyShift.recordServed: person-times served on the shift per service (each replaces what was recorded for it). */
export const recordServedInput = z
  .object({
    id: z.uuid(),
    served: z
      .array(z.object({ service: z.string().regex(partyServiceKeyPattern), count: z.number().int().min(0).max(100000) }).strict())
      .min(1)
      .max(30),
  })
  .strict();
export type RecordServedInput = z.infer<typeof recordServedInput>;
export const recordServedOutput = z.object({ total: z.number().int() });

/** dutyShift.scan: what a post's code opens for the signed-in member now (nothing is written). */
export const scanCheckInCodeInput = z.object({ code }).strict();
export type ScanCheckInCodeInput = z.infer<typeof scanCheckInCodeInput>;
export const scanCheckInCodeOutput = z.object({
  post: z.object({ id: z.uuid(), name: z.string(), location: z.string() }),
  expiresAt: z.string(),
  /** The post's shift on now (from an hour before it starts), if any. */
  shift: z.object({ id: z.uuid(), startsAt: z.string(), endsAt: z.string() }).nullable(),
  /** The member's own branch's batch on that shift (enterprise admins). */
  signUp: z.object({ id: z.uuid(), organisationName: z.string(), members: z.number().int(), status: z.enum(signUpStatuses) }).nullable(),
  /** What scanning now does: check in, check out, or nothing. */
  step: z.enum(['check_in', 'check_out']).nullable(),
});
export type ScanCheckInCode = z.infer<typeof scanCheckInCodeOutput>;

/** dutyShift.checkInByCode / checkOutByCode: the volunteer (its enterprise's admin, signed in) at the post scans its code. */
export const attendanceByCodeInput = z.object({ code }).strict();
export type AttendanceByCodeInput = z.infer<typeof attendanceByCodeInput>;
