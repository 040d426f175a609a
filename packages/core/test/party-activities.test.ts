import { describe, expect, it } from 'vitest';
import {
  allocateActivityPlaces,
  activityAttendanceRate,
  activityCancelRefusal,
  activityCapacityRefusal,
  activityCheckInRefusal,
  activityFeedbackRefusal,
  inActivityAudience,
  participantPhoneDigits,
  activityPromotions,
  activityScheduleProblem,
  activitySignUpRefusal,
} from '../src/party-activities/index.ts';

const at = (iso: string) => new Date(iso);
const published = { status: 'published' as const, signUpOpensAt: at('2026-12-01T00:00:00Z'), signUpClosesAt: at('2026-12-10T00:00:00Z') };

describe('sign-up window', () => {
  it('takes sign-ups only inside the window of a published activity', () => {
    expect(activitySignUpRefusal(published, at('2026-11-30T23:59:59Z'))?.key).toBe('errors.activity.signUpNotOpen');
    expect(activitySignUpRefusal(published, at('2026-12-01T00:00:00Z'))).toBeNull();
    expect(activitySignUpRefusal(published, at('2026-12-09T23:59:59Z'))).toBeNull();
    expect(activitySignUpRefusal(published, at('2026-12-10T00:00:00Z'))?.key).toBe('errors.activity.signUpClosed');
    expect(activitySignUpRefusal({ ...published, status: 'draft' }, at('2026-12-05T00:00:00Z'))?.key).toBe('errors.activity.notPublished');
    expect(activitySignUpRefusal({ ...published, status: 'cancelled' }, at('2026-12-05T00:00:00Z'))?.key).toBe('errors.activity.cancelled');
  });

  it('checks the schedule', () => {
    const ok = {
      startsAt: at('2026-12-12T06:00:00Z'),
      endsAt: at('2026-12-12T08:00:00Z'),
      signUpOpensAt: at('2026-12-01T00:00:00Z'),
      signUpClosesAt: at('2026-12-11T00:00:00Z'),
      cancelDeadline: at('2026-12-11T00:00:00Z'),
    };
    expect(activityScheduleProblem(ok)).toBeNull();
    expect(activityScheduleProblem({ ...ok, endsAt: ok.startsAt })?.key).toBe('errors.activity.endsBeforeStart');
    expect(activityScheduleProblem({ ...ok, signUpClosesAt: ok.signUpOpensAt })?.key).toBe('errors.activity.windowEmpty');
    expect(activityScheduleProblem({ ...ok, signUpClosesAt: at('2026-12-13T00:00:00Z') })?.key).toBe('errors.activity.windowAfterEnd');
    expect(activityScheduleProblem({ ...ok, cancelDeadline: at('2026-12-12T07:00:00Z') })?.key).toBe('errors.activity.cancelDeadlineAfterStart');
  });

  it('cancels until the deadline (a waitlisted person until the start)', () => {
    const a = { cancelDeadline: at('2026-12-11T00:00:00Z'), startsAt: at('2026-12-12T06:00:00Z') };
    expect(activityCancelRefusal(a, { status: 'confirmed' }, at('2026-12-10T23:00:00Z'))).toBeNull();
    expect(activityCancelRefusal(a, { status: 'confirmed' }, at('2026-12-11T00:00:00Z'))?.key).toBe('errors.activity.cancelDeadlinePassed');
    expect(activityCancelRefusal(a, { status: 'waitlisted' }, at('2026-12-11T10:00:00Z'))).toBeNull();
    expect(activityCancelRefusal(a, { status: 'cancelled' }, at('2026-12-10T00:00:00Z'))?.key).toBe('errors.activity.alreadyCancelled');
  });
});

describe('capacity and waitlist', () => {
  it('confirms the free places and waitlists the rest, never refusing', () => {
    expect(allocateActivityPlaces(50, 48, 4)).toEqual(['confirmed', 'confirmed', 'waitlisted', 'waitlisted']);
    expect(allocateActivityPlaces(50, 50, 2)).toEqual(['waitlisted', 'waitlisted']);
    expect(allocateActivityPlaces(10, 0, 3)).toEqual(['confirmed', 'confirmed', 'confirmed']);
  });

  it('promotes the waitlist in arrival order, as many as places are free', () => {
    const waitlist = [{ id: 'c', seq: '30' }, { id: 'a', seq: '9' }, { id: 'b', seq: '10' }];
    expect(activityPromotions(50, 49, waitlist).map((w) => w.id)).toEqual(['a']);
    expect(activityPromotions(50, 48, waitlist).map((w) => w.id)).toEqual(['a', 'b']);
    expect(activityPromotions(50, 50, waitlist)).toEqual([]);
    expect(activityPromotions(60, 50, waitlist).map((w) => w.id)).toEqual(['a', 'b', 'c']);
  });

  it('refuses a capacity below the confirmed people with their count', () => {
    expect(activityCapacityRefusal(40, 45)).toEqual({ key: 'errors.activity.capacityBelowConfirmed', params: { confirmed: 45 } });
    expect(activityCapacityRefusal(45, 45)).toBeNull();
  });
});

describe('audience, attendance, feedback', () => {
  const e = { stationId: 's1', tagIds: ['t1'], active: true };
  it('knows who is in the audience', () => {
    expect(inActivityAudience({ audience: 'tenant', audienceStationId: null, audienceTagId: null }, e)).toBe(true);
    expect(inActivityAudience({ audience: 'station', audienceStationId: 's1', audienceTagId: null }, e)).toBe(true);
    expect(inActivityAudience({ audience: 'station', audienceStationId: 's2', audienceTagId: null }, e)).toBe(false);
    expect(inActivityAudience({ audience: 'tag', audienceStationId: null, audienceTagId: 't1' }, e)).toBe(true);
    expect(inActivityAudience({ audience: 'tag', audienceStationId: null, audienceTagId: 't2' }, e)).toBe(false);
    expect(inActivityAudience({ audience: 'tenant', audienceStationId: null, audienceTagId: null }, { ...e, active: false })).toBe(false);
  });

  it('marks attendance around the activity for confirmed people only', () => {
    const a = { status: 'published' as const, startsAt: at('2026-12-12T06:00:00Z'), endsAt: at('2026-12-12T08:00:00Z') };
    expect(activityCheckInRefusal(a, { status: 'confirmed' }, at('2026-12-12T05:30:00Z'))).toBeNull();
    expect(activityCheckInRefusal(a, { status: 'confirmed' }, at('2026-12-12T04:00:00Z'))?.key).toBe('errors.activity.checkInTooEarly');
    expect(activityCheckInRefusal(a, { status: 'waitlisted' }, at('2026-12-12T06:30:00Z'))?.key).toBe('errors.activity.checkInNotConfirmed');
    expect(activityCheckInRefusal(a, { status: 'confirmed' }, at('2026-12-14T06:30:00Z'))?.key).toBe('errors.activity.checkInTooLate');
  });

  it('takes feedback after the start from participating enterprises', () => {
    const a = { status: 'published' as const, startsAt: at('2026-12-12T06:00:00Z') };
    expect(activityFeedbackRefusal(a, 2, at('2026-12-11T00:00:00Z'))?.key).toBe('errors.activity.feedbackTooEarly');
    expect(activityFeedbackRefusal(a, 0, at('2026-12-13T00:00:00Z'))?.key).toBe('errors.activity.feedbackNotParticipant');
    expect(activityFeedbackRefusal(a, 2, at('2026-12-13T00:00:00Z'))).toBeNull();
  });

  it('normalises phones and rates attendance', () => {
    expect(participantPhoneDigits('138 1234-5678')).toBe('13812345678');
    expect(activityAttendanceRate(0, 0)).toBeNull();
    expect(activityAttendanceRate(3, 2)).toBe(67);
  });
});
