import {
  deleteWebhook,
  deleteWebhookInput,
  listWebhooks,
  listWebhooksOutput,
  okOutput,
  saveWebhook,
  saveWebhookInput,
  saveWebhookOutput,
  testWebhook,
  testWebhookInput,
  testWebhookOutput,
} from '@stationdesk/services';
import { managerProcedure, router } from '../../trpc.ts';

/** Station robots (企业微信 / 钉钉 / 飞书): managers only. Secrets go in, never out. */
export const webhookRouter = router({
  list: managerProcedure.output(listWebhooksOutput).query(({ ctx }) => listWebhooks(ctx.tenant)),
  save: managerProcedure.input(saveWebhookInput).output(saveWebhookOutput).mutation(({ ctx, input }) => saveWebhook(ctx.tenant, input)),
  delete: managerProcedure.input(deleteWebhookInput).output(okOutput).mutation(({ ctx, input }) => deleteWebhook(ctx.tenant, input)),
  test: managerProcedure
    .input(testWebhookInput)
    .output(testWebhookOutput)
    .mutation(({ ctx, input }) => testWebhook(ctx.tenant, { lang: ctx.lang, logger: ctx.logger }, input)),
});
