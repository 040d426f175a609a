import { portalHome, portalHomeOutput } from '@stationdesk/services';
import { enterpriseAdminProcedure, router } from '../../trpc.ts';

/** The enterprise admin's portal home (issue 22): what waits on the company, in one answer. */
export const portalRouter = router({
  home: enterpriseAdminProcedure.output(portalHomeOutput).query(({ ctx }) => portalHome(ctx.tenant)),
});
