/**
 * Party-mass activities (党群活动, issue 20): the pure rules of an activity's sign-ups — its kinds
 * and audiences, the sign-up window and cancellation deadline, the capacity, the waitlist in
 * arrival order and who moves up when a place comes free.
 */
export const activityKinds = ['party_lesson', 'volunteer_service', 'enterprise_salon', 'policy_briefing', 'culture_sports', 'other'] as const;
export type ActivityKind = (typeof activityKinds)[number];

export const activityStatuses = ['draft', 'published', 'cancelled'] as const;
export type ActivityStatus = (typeof activityStatuses)[number];

export const activityAudiences = ['tenant', 'station', 'tag'] as const;
export type ActivityAudience = (typeof activityAudiences)[number];

export const participantStatuses = ['confirmed', 'waitlisted', 'cancelled'] as const;
export type ParticipantStatus = (typeof participantStatuses)[number];

/** At most this many people in one sign-up. */
export const MAX_PARTICIPANTS_PER_SIGN_UP = 20;

export interface ActivityRefusal {
  key: string;
  params?: Record<string, string | number>;
}

export interface ActivitySchedule {
  startsAt: Date;
  endsAt: Date;
  signUpOpensAt: Date;
  signUpClosesAt: Date;
  cancelDeadline: Date;
}

/** What is wrong with an activity's times, if anything: it ends after it starts, sign-up closes before it ends, cancellation by the start. */
export function activityScheduleProblem(s: ActivitySchedule): ActivityRefusal | null {
  if (s.endsAt.getTime() <= s.startsAt.getTime()) return { key: 'errors.activity.endsBeforeStart' };
  if (s.signUpClosesAt.getTime() <= s.signUpOpensAt.getTime()) return { key: 'errors.activity.windowEmpty' };
  if (s.signUpClosesAt.getTime() > s.endsAt.getTime()) return { key: 'errors.activity.windowAfterEnd' };
  if (s.cancelDeadline.getTime() > s.startsAt.getTime()) return { key: 'errors.activity.cancelDeadlineAfterStart' };
  return null;
}

/** A sign-up is taken only for a published activity, inside its window. */
export function activitySignUpRefusal(a: { status: ActivityStatus; signUpOpensAt: Date; signUpClosesAt: Date }, now: Date): ActivityRefusal | null {
  if (a.status === 'cancelled') return { key: 'errors.activity.cancelled' };
  if (a.status !== 'published') return { key: 'errors.activity.notPublished' };
  if (now.getTime() < a.signUpOpensAt.getTime()) return { key: 'errors.activity.signUpNotOpen' };
  if (now.getTime() >= a.signUpClosesAt.getTime()) return { key: 'errors.activity.signUpClosed' };
  return null;
}

/** A participant is taken off until the cancellation deadline (a waitlisted one any time before the start). */
export function activityCancelRefusal(a: { cancelDeadline: Date; startsAt: Date }, p: { status: ParticipantStatus }, now: Date): ActivityRefusal | null {
  if (p.status === 'cancelled') return { key: 'errors.activity.alreadyCancelled' };
  const until = p.status === 'waitlisted' ? a.startsAt : a.cancelDeadline;
  if (now.getTime() >= until.getTime()) return { key: 'errors.activity.cancelDeadlinePassed' };
  return null;
}

/** A capacity is never lowered below the people already confirmed. */
export function activityCapacityRefusal(capacity: number, confirmed: number): ActivityRefusal | null {
  return capacity < confirmed ? { key: 'errors.activity.capacityBelowConfirmed', params: { confirmed } } : null;
}

/** Feedback comes after the activity has started, from an enterprise that had someone confirmed. */
export function activityFeedbackRefusal(a: { status: ActivityStatus; startsAt: Date }, confirmedOfEnterprise: number, now: Date): ActivityRefusal | null {
  if (a.status !== 'published') return { key: 'errors.activity.notPublished' };
  if (now.getTime() < a.startsAt.getTime()) return { key: 'errors.activity.feedbackTooEarly' };
  if (confirmedOfEnterprise === 0) return { key: 'errors.activity.feedbackNotParticipant' };
  return null;
}

/** Attendance is marked from an hour before the start until a day after the end. */
export function activityCheckInRefusal(a: { status: ActivityStatus; startsAt: Date; endsAt: Date }, p: { status: ParticipantStatus }, now: Date): ActivityRefusal | null {
  if (a.status !== 'published') return { key: 'errors.activity.notPublished' };
  if (p.status !== 'confirmed') return { key: 'errors.activity.checkInNotConfirmed' };
  if (now.getTime() < a.startsAt.getTime() - 60 * 60_000) return { key: 'errors.activity.checkInTooEarly' };
  if (now.getTime() > a.endsAt.getTime() + 24 * 60 * 60_000) return { key: 'errors.activity.checkInTooLate' };
  return null;
}

/**
 * The statuses of `n` people signing up together, in order, when `confirmed` of `capacity` places
 * are taken: the free places first, then the waitlist — never refused.
 */
export function allocateActivityPlaces(capacity: number, confirmed: number, n: number): ParticipantStatus[] {
  const free = Math.max(0, capacity - confirmed);
  return Array.from({ length: n }, (_, i) => (i < free ? 'confirmed' : 'waitlisted'));
}

/**
 * Who moves up from the waitlist when places are free: the first `capacity - confirmed` in
 * arrival order (their sequence numbers).
 */
export function activityPromotions<T extends { seq: number | bigint | string }>(capacity: number, confirmed: number, waitlist: readonly T[]): T[] {
  const free = Math.max(0, capacity - confirmed);
  if (free === 0) return [];
  return [...waitlist].sort((a, b) => (BigInt(a.seq) < BigInt(b.seq) ? -1 : BigInt(a.seq) > BigInt(b.seq) ? 1 : 0)).slice(0, free);
}

/** A phone number's digits, for "the same person twice" (138 1234-5678 and 13812345678 are one person). */
export function participantPhoneDigits(phone: string): string {
  return phone.replace(/\D+/g, '');
}

/** An enterprise is in the audience: every enterprise, the station's, or those with the tag. */
export function inActivityAudience(
  a: { audience: ActivityAudience; audienceStationId: string | null; audienceTagId: string | null },
  e: { stationId: string; tagIds: readonly string[]; active: boolean },
): boolean {
  if (!e.active) return false;
  switch (a.audience) {
    case 'tenant':
      return true;
    case 'station':
      return e.stationId === a.audienceStationId;
    case 'tag':
      return a.audienceTagId !== null && e.tagIds.includes(a.audienceTagId);
  }
}

/** Share of confirmed people who came, as a whole percentage (null with nobody confirmed). */
export function activityAttendanceRate(confirmed: number, attended: number): number | null {
  return confirmed === 0 ? null : Math.round((attended / confirmed) * 100);
}
