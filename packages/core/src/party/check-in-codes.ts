/**
 * Check-in codes (签到码): a QR code shown at a service post (or, later, an activity) that a signed-in
 * member scans to check in. It names the post or activity, never a person, and it expires: only a
 * random token's hash is stored, with what it names and until when.
 */
export const checkInSubjectKinds = ['service_post', 'activity'] as const;
export type CheckInSubjectKind = (typeof checkInSubjectKinds)[number];

/** How long a code is valid, in minutes: five minutes to a week; by default twelve hours (a day at the post). */
export const CHECK_IN_CODE_MINUTES = { min: 5, max: 7 * 24 * 60, default: 12 * 60 } as const;

/** A token as it travels in the code's link: 32 random bytes, base64url (43 characters). */
export const checkInTokenPattern = /^[A-Za-z0-9_-]{43}$/;

/** Until when a code made now is valid. */
export function checkInCodeExpiry(now: Date, validMinutes: number): Date {
  return new Date(now.getTime() + validMinutes * 60_000);
}

/** A code found in the tenant: refused once it has expired. */
export function checkInCodeRefusal(code: { expiresAt: Date }, now: Date): string | null {
  return now.getTime() >= code.expiresAt.getTime() ? 'errors.party.checkInCodeExpired' : null;
}

/** The path a code's QR image opens (the signed-in member's check-in page). */
export function checkInPath(token: string): string {
  return `/party/check-in/${token}`;
}
