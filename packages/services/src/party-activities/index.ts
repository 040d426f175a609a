/**
 * Party-mass activities (党群活动, issue 20): what stations organise for the enterprises of their
 * buildings, the people enterprises sign up (with a waitlist that moves up by itself),
 * attendance (marked by staff or by the activity's QR code) and the enterprises' feedback.
 */
export * from './activities.ts';
export * from './activities.schema.ts';
export * from './sign-ups.ts';
export * from './sign-ups.schema.ts';
