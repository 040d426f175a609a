import { deleteTag, deleteTagInput, listTags, listTagsOutput, okOutput, saveTag, saveTagInput, saveTagOutput } from '@stationdesk/services';
import { managerProcedure, router, tenantProcedure } from '../../trpc.ts';

export const tagRouter = router({
  list: tenantProcedure.output(listTagsOutput).query(({ ctx }) => listTags(ctx.tenant)),
  save: managerProcedure.input(saveTagInput).output(saveTagOutput).mutation(({ ctx, input }) => saveTag(ctx.tenant, input)),
  delete: managerProcedure.input(deleteTagInput).output(okOutput).mutation(({ ctx, input }) => deleteTag(ctx.tenant, input)),
});
