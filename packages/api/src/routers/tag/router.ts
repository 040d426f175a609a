import { z } from 'zod';
import { tagColors } from '@stationdesk/core';
import { deleteTag, listTags, saveTag, line } from '@stationdesk/services';
import { managerProcedure, router, tenantProcedure } from '../../trpc.ts';
import { tagOutput } from '../enterprise/schemas.ts';

export const tagRouter = router({
  list: tenantProcedure.output(z.array(tagOutput)).query(({ ctx }) => listTags(ctx.tenant)),
  save: managerProcedure
    .input(z.object({ id: z.uuid().optional(), name: line(40, { min: 1 }), color: z.enum(tagColors) }).strict())
    .output(tagOutput)
    .mutation(({ ctx, input }) => saveTag(ctx.tenant, input)),
  delete: managerProcedure
    .input(z.object({ id: z.uuid() }).strict())
    .output(z.object({ ok: z.literal(true) }))
    .mutation(async ({ ctx, input }) => {
      await deleteTag(ctx.tenant, input);
      return { ok: true as const };
    }),
});
