import {
  createIntakeToken,
  createIntakeTokenInput,
  createIntakeTokenOutput,
  listIntakeTokens,
  listIntakeTokensOutput,
  okOutput,
  revokeIntakeToken,
  revokeIntakeTokenInput,
} from '@stationdesk/services';
import { managerProcedure, router } from '../../trpc.ts';

/**
 * Tokens of the systems that report findings through POST /api/intake/findings (issue 19):
 * managers make, list and revoke them. `create` takes no idempotency key: its stored answer would
 * keep the token, which only the sending system may hold.
 */
export const intakeTokenRouter = router({
  list: managerProcedure.output(listIntakeTokensOutput).query(({ ctx }) => listIntakeTokens(ctx.tenant)),
  create: managerProcedure.input(createIntakeTokenInput).output(createIntakeTokenOutput).mutation(({ ctx, input }) => createIntakeToken(ctx.tenant, input)),
  revoke: managerProcedure.input(revokeIntakeTokenInput).output(okOutput).mutation(({ ctx, input }) => revokeIntakeToken(ctx.tenant, input)),
});
