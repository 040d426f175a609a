import {
  createWallDisplay,
  createWallDisplayInput,
  createWallDisplayOutput,
  listWallDisplays,
  listWallDisplaysOutput,
  okOutput,
  revokeWallDisplay,
  revokeWallDisplayInput,
  viewWallDisplay,
  viewWallDisplayInput,
  viewWallDisplayOutput,
} from '@stationdesk/services';
import { managerProcedure, publicProcedure, router } from '../../trpc.ts';

/**
 * Wall displays (一屏观天下, issue 18): managers make, list and revoke read-only links; a screen
 * views one by its token alone, without a session (docs/decisions/014). `create` takes no
 * idempotency key: its stored answer would keep the token, which only the screen may hold.
 */
export const wallDisplayRouter = router({
  list: managerProcedure.output(listWallDisplaysOutput).query(({ ctx }) => listWallDisplays(ctx.tenant)),
  create: managerProcedure.input(createWallDisplayInput).output(createWallDisplayOutput).mutation(({ ctx, input }) => createWallDisplay(ctx.tenant, input)),
  revoke: managerProcedure.input(revokeWallDisplayInput).output(okOutput).mutation(({ ctx, input }) => revokeWallDisplay(ctx.tenant, input)),
  view: publicProcedure.input(viewWallDisplayInput).output(viewWallDisplayOutput).query(({ ctx, input }) => viewWallDisplay(ctx.db, input)),
});
