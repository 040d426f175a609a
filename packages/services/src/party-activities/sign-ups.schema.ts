import { z } from 'zod';
import { MAX_PARTICIPANTS_PER_SIGN_UP, participantStatuses } from '@stationdesk/core';
import { idempotencyKey, line, text } from '../schema.ts';

const phone = z
  .string()
  .trim()
  .regex(/^[0-9+\-() ]{3,40}$/, { message: 'errors.activity.badPhone' })
  .refine((v) => v.replace(/\D+/g, '').length >= 3 && v.replace(/\D+/g, '').length <= 20, { message: 'errors.activity.badPhone' });

export const participantInput = z.object({ name: line(50, { min: 1 }), phone, partyMember: z.boolean() }).strict();

/** activity.signUp: an enterprise admin signs up named people of its enterprise. */
export const signUpActivityInput = z
  .object({
    id: z.uuid(),
    participants: z.array(participantInput).min(1).max(MAX_PARTICIPANTS_PER_SIGN_UP),
    idempotencyKey: idempotencyKey.optional(),
  })
  .strict();
export type SignUpActivityInput = z.infer<typeof signUpActivityInput>;

export const participantView = z.object({
  id: z.uuid(),
  enterpriseId: z.uuid(),
  enterpriseName: z.string(),
  name: z.string(),
  /** Masked (138****5678) for roles that do not need the number; whole for the person's own enterprise. */
  phone: z.string(),
  phoneMasked: z.boolean(),
  partyMember: z.boolean(),
  status: z.enum(participantStatuses),
  /** 1 for the first waiting, … ; null unless waitlisted. */
  waitlistPosition: z.number().int().nullable(),
  signedUpAt: z.string(),
  checkedInAt: z.string().nullable(),
  checkedInVia: z.enum(['staff', 'code']).nullable(),
});
export type ParticipantView = z.infer<typeof participantView>;

export const signUpActivityOutput = z.object({
  participants: z.array(participantView),
  confirmed: z.number().int(),
  waitlisted: z.number().int(),
});
export type SignUpActivityResult = z.infer<typeof signUpActivityOutput>;

/** activity.participants: the sign-ups — all for the desk (phones masked unless the role may see them), the own enterprise's for an enterprise admin. */
export const listParticipantsInput = z.object({ id: z.uuid(), status: z.enum(participantStatuses).optional() }).strict();
export type ListParticipantsInput = z.infer<typeof listParticipantsInput>;
export const listParticipantsOutput = z.object({ participants: z.array(participantView), feedback: z.object({ rating: z.number().int(), comment: z.string().nullable() }).nullable() });
export type ParticipantList = z.infer<typeof listParticipantsOutput>;

export const cancelActivitySignUpInput = z.object({ participantId: z.uuid() }).strict();
export type CancelActivitySignUpInput = z.infer<typeof cancelActivitySignUpInput>;
export const cancelActivitySignUpOutput = z.object({
  id: z.uuid(),
  status: z.enum(participantStatuses),
  /** Who moved up from the waitlist into the freed place (null: nobody was waiting, or a waitlisted person cancelled). */
  promotedId: z.uuid().nullable(),
});
export type CancelActivitySignUpResult = z.infer<typeof cancelActivitySignUpOutput>;

/** activity.checkIn: staff mark people present (or not). */
export const checkInActivityInput = z.object({ participantIds: z.array(z.uuid()).min(1).max(500), present: z.boolean().optional() }).strict();
export type CheckInActivityInput = z.infer<typeof checkInActivityInput>;
export const checkInActivityOutput = z.object({ updated: z.number().int() });

/** activity.checkInCode: a QR code naming the activity (never a person), for its day. */
export const activityCheckInCodeInput = z.object({ id: z.uuid(), validMinutes: z.number().int().min(5).max(10080).optional() }).strict();
export type ActivityCheckInCodeInput = z.infer<typeof activityCheckInCodeInput>;
export const activityCheckInCodeOutput = z.object({ token: z.string(), expiresAt: z.string(), path: z.string() });

/** activity.checkInByCode: the enterprise admin at the venue scans the code and marks its own confirmed people present. */
export const checkInByActivityCodeInput = z.object({ code: line(100, { min: 1 }), participantIds: z.array(z.uuid()).min(1).max(MAX_PARTICIPANTS_PER_SIGN_UP * 10) }).strict();
export type CheckInByActivityCodeInput = z.infer<typeof checkInByActivityCodeInput>;
export const checkInByActivityCodeOutput = z.object({ activityId: z.uuid(), updated: z.number().int() });

/** activity.scan: what a scanned activity code names, for the enterprise admin's check-in page — the activity and its own confirmed people. */
export const scanActivityCodeInput = z.object({ code: line(100, { min: 1 }) }).strict();
export type ScanActivityCodeInput = z.infer<typeof scanActivityCodeInput>;
export const scanActivityCodeOutput = z.object({ activityId: z.uuid(), title: z.string(), startsAt: z.string(), participants: z.array(participantView) });
export type ScannedActivityCode = z.infer<typeof scanActivityCodeOutput>;

/** activity.feedback: the enterprise's rating after the activity (again: replaces it). */
export const activityFeedbackInput = z.object({ id: z.uuid(), rating: z.number().int().min(1).max(5), comment: text(1000).optional() }).strict();
export type ActivityFeedbackInput = z.infer<typeof activityFeedbackInput>;

/** activity.revealPhone: a participant's whole number, for a role that may see it, with the reason audited. */
export const revealParticipantInput = z.object({ participantId: z.uuid(), reason: line(200, { min: 2 }) }).strict();
export type RevealParticipantInput = z.infer<typeof revealParticipantInput>;
export const revealParticipantOutput = z.object({ id: z.uuid(), phone: z.string() });
