import {
  activityCheckInCodeInput,
  activityCheckInCodeOutput,
  activityFeedbackInput,
  activityVersionOutput,
  cancelActivity,
  cancelActivityInput,
  cancelActivitySignUp,
  cancelActivitySignUpInput,
  cancelActivitySignUpOutput,
  checkInActivity,
  checkInActivityInput,
  checkInActivityOutput,
  checkInByActivityCode,
  checkInByActivityCodeInput,
  checkInByActivityCodeOutput,
  createActivity,
  createActivityInput,
  createActivityOutput,
  getActivity,
  getActivityInput,
  getActivityOutput,
  giveActivityFeedback,
  issueActivityCheckInCode,
  listActivities,
  listActivitiesInput,
  listActivitiesOutput,
  listParticipants,
  listParticipantsInput,
  listParticipantsOutput,
  okOutput,
  publishActivity,
  publishActivityInput,
  revealParticipantInput,
  revealParticipantOutput,
  revealParticipantPhone,
  runOnce,
  scanActivityCode,
  scanActivityCodeInput,
  scanActivityCodeOutput,
  signUpActivity,
  signUpActivityInput,
  signUpActivityOutput,
  updateActivity,
  updateActivityInput,
} from '@stationdesk/services';
import { router, staffProcedure, tenantProcedure } from '../../trpc.ts';

/**
 * 党群活动: activities the desk organises (staff for their stations, managers), the people
 * enterprise admins sign up with a waitlist that moves up by itself, attendance marked by staff or
 * by the activity's QR code, and the enterprises' feedback (issue 20).
 */
export const activityRouter = router({
  list: tenantProcedure.input(listActivitiesInput).output(listActivitiesOutput).query(({ ctx, input }) => listActivities(ctx.tenant, input)),
  get: tenantProcedure.input(getActivityInput).output(getActivityOutput).query(({ ctx, input }) => getActivity(ctx.tenant, input)),
  create: staffProcedure
    .input(createActivityInput)
    .output(createActivityOutput)
    .mutation(({ ctx, input: { idempotencyKey, ...input } }) => runOnce(ctx.tenant, 'activity.create', idempotencyKey, input, () => createActivity(ctx.tenant, input))),
  update: staffProcedure.input(updateActivityInput).output(activityVersionOutput).mutation(({ ctx, input }) => updateActivity(ctx.tenant, input)),
  publish: staffProcedure.input(publishActivityInput).output(activityVersionOutput).mutation(({ ctx, input }) => publishActivity(ctx.tenant, input)),
  cancel: staffProcedure.input(cancelActivityInput).output(activityVersionOutput).mutation(({ ctx, input }) => cancelActivity(ctx.tenant, input)),
  participants: tenantProcedure.input(listParticipantsInput).output(listParticipantsOutput).query(({ ctx, input }) => listParticipants(ctx.tenant, input)),
  signUp: tenantProcedure
    .input(signUpActivityInput)
    .output(signUpActivityOutput)
    .mutation(({ ctx, input: { idempotencyKey, ...input } }) => runOnce(ctx.tenant, 'activity.signUp', idempotencyKey, input, () => signUpActivity(ctx.tenant, input))),
  cancelSignUp: tenantProcedure.input(cancelActivitySignUpInput).output(cancelActivitySignUpOutput).mutation(({ ctx, input }) => cancelActivitySignUp(ctx.tenant, input)),
  revealPhone: staffProcedure.input(revealParticipantInput).output(revealParticipantOutput).mutation(({ ctx, input }) => revealParticipantPhone(ctx.tenant, input)),
  checkIn: staffProcedure.input(checkInActivityInput).output(checkInActivityOutput).mutation(({ ctx, input }) => checkInActivity(ctx.tenant, input)),
  checkInCode: staffProcedure.input(activityCheckInCodeInput).output(activityCheckInCodeOutput).mutation(({ ctx, input }) => issueActivityCheckInCode(ctx.tenant, input)),
  scan: tenantProcedure.input(scanActivityCodeInput).output(scanActivityCodeOutput).query(({ ctx, input }) => scanActivityCode(ctx.tenant, input)),
  checkInByCode: tenantProcedure.input(checkInByActivityCodeInput).output(checkInByActivityCodeOutput).mutation(({ ctx, input }) => checkInByActivityCode(ctx.tenant, input)),
  feedback: tenantProcedure.input(activityFeedbackInput).output(okOutput).mutation(({ ctx, input }) => giveActivityFeedback(ctx.tenant, input)),
});
