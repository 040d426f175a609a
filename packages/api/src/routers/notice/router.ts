import {
  archiveNotice,
  createNotice,
  createNoticeInput,
  createNoticeOutput,
  exportNoticeReceipts,
  exportNoticeReceiptsInput,
  exportNoticeReceiptsOutput,
  getNotice,
  getNoticeInput,
  getNoticeOutput,
  listNotices,
  listNoticesInput,
  listNoticesOutput,
  markNoticeRead,
  markNoticeReadInput,
  markNoticeReadOutput,
  noticeReadReceipts,
  noticeReceiptsInput,
  noticeReceiptsOutput,
  noticeVersionOutput,
  publishNotice,
  publishNoticeInput,
  runOnce,
  updateNotice,
  updateNoticeInput,
} from '@stationdesk/services';
import { enterpriseAdminProcedure, managerProcedure, router, staffProcedure, tenantProcedure } from '../../trpc.ts';

/**
 * 政策推送 (issue 22): managers write and publish notices to an audience of enterprises; staff read
 * them and follow the read receipts; enterprise admins read the ones their enterprise received.
 */
export const noticeRouter = router({
  list: tenantProcedure.input(listNoticesInput).output(listNoticesOutput).query(({ ctx, input }) => listNotices(ctx.tenant, input)),
  get: tenantProcedure.input(getNoticeInput).output(getNoticeOutput).query(({ ctx, input }) => getNotice(ctx.tenant, input)),
  create: managerProcedure
    .input(createNoticeInput)
    .output(createNoticeOutput)
    .mutation(({ ctx, input: { idempotencyKey, ...input } }) => runOnce(ctx.tenant, 'notice.create', idempotencyKey, input, () => createNotice(ctx.tenant, input))),
  update: managerProcedure.input(updateNoticeInput).output(noticeVersionOutput).mutation(({ ctx, input }) => updateNotice(ctx.tenant, input)),
  publish: managerProcedure.input(publishNoticeInput).output(noticeVersionOutput).mutation(({ ctx, input }) => publishNotice(ctx.tenant, input)),
  archive: managerProcedure.input(publishNoticeInput).output(noticeVersionOutput).mutation(({ ctx, input }) => archiveNotice(ctx.tenant, input)),
  readReceipts: staffProcedure.input(noticeReceiptsInput).output(noticeReceiptsOutput).query(({ ctx, input }) => noticeReadReceipts(ctx.tenant, input)),
  exportReceipts: staffProcedure
    .input(exportNoticeReceiptsInput)
    .output(exportNoticeReceiptsOutput)
    .mutation(({ ctx, input }) => exportNoticeReceipts(ctx.tenant, { storage: ctx.storage, lang: ctx.lang }, input)),
  markRead: enterpriseAdminProcedure.input(markNoticeReadInput).output(markNoticeReadOutput).mutation(({ ctx, input }) => markNoticeRead(ctx.tenant, input)),
});
