import {
  attendanceByCodeInput,
  attendanceOutput,
  cancelSignUp,
  cancelSignUpInput,
  cancelSignUpOutput,
  checkInByCode,
  checkInSignUp,
  checkOutByCode,
  checkOutSignUp,
  confirmAttendanceInput,
  createDutyShifts,
  createDutyShiftsInput,
  createDutyShiftsOutput,
  getDutyShift,
  getDutyShiftInput,
  getDutyShiftOutput,
  listDutyShifts,
  listDutyShiftsInput,
  listDutyShiftsOutput,
  recordServed,
  recordServedInput,
  recordServedOutput,
  runOnce,
  scanCheckInCode,
  scanCheckInCodeInput,
  scanCheckInCodeOutput,
  signUpDutyShift,
  signUpDutyShiftInput,
  signUpDutyShiftOutput,
  updateDutyShift,
  updateDutyShiftInput,
  updateDutyShiftOutput,
} from '@stationdesk/services';
import { router, staffProcedure, tenantProcedure } from '../../trpc.ts';

/**
 * 站岗: duty shifts at service posts, the batches organisations sign up (staff for any
 * organisation, an enterprise admin for its own branch), attendance confirmed by staff or by
 * scanning the post's code, and the person-times served (issue 20).
 */
export const dutyShiftRouter = router({
  list: tenantProcedure.input(listDutyShiftsInput).output(listDutyShiftsOutput).query(({ ctx, input }) => listDutyShifts(ctx.tenant, input)),
  get: tenantProcedure.input(getDutyShiftInput).output(getDutyShiftOutput).query(({ ctx, input }) => getDutyShift(ctx.tenant, input)),
  create: staffProcedure
    .input(createDutyShiftsInput)
    .output(createDutyShiftsOutput)
    .mutation(({ ctx, input: { idempotencyKey, ...input } }) => runOnce(ctx.tenant, 'dutyShift.create', idempotencyKey, input, () => createDutyShifts(ctx.tenant, input))),
  update: staffProcedure.input(updateDutyShiftInput).output(updateDutyShiftOutput).mutation(({ ctx, input }) => updateDutyShift(ctx.tenant, input)),
  signUp: tenantProcedure
    .input(signUpDutyShiftInput)
    .output(signUpDutyShiftOutput)
    .mutation(({ ctx, input: { idempotencyKey, ...input } }) => runOnce(ctx.tenant, 'dutyShift.signUp', idempotencyKey, input, () => signUpDutyShift(ctx.tenant, input))),
  cancel: tenantProcedure.input(cancelSignUpInput).output(cancelSignUpOutput).mutation(({ ctx, input }) => cancelSignUp(ctx.tenant, input)),
  checkIn: staffProcedure.input(confirmAttendanceInput).output(attendanceOutput).mutation(({ ctx, input }) => checkInSignUp(ctx.tenant, input)),
  checkOut: staffProcedure.input(confirmAttendanceInput).output(attendanceOutput).mutation(({ ctx, input }) => checkOutSignUp(ctx.tenant, input)),
  recordServed: staffProcedure.input(recordServedInput).output(recordServedOutput).mutation(({ ctx, input }) => recordServed(ctx.tenant, input)),
  scan: tenantProcedure.input(scanCheckInCodeInput).output(scanCheckInCodeOutput).query(({ ctx, input }) => scanCheckInCode(ctx.tenant, input)),
  checkInByCode: tenantProcedure.input(attendanceByCodeInput).output(attendanceOutput).mutation(({ ctx, input }) => checkInByCode(ctx.tenant, input)),
  checkOutByCode: tenantProcedure.input(attendanceByCodeInput).output(attendanceOutput).mutation(({ ctx, input }) => checkOutByCode(ctx.tenant, input)),
});
