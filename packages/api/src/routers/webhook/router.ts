import { z } from 'zod';
import { deleteWebhook, listWebhooks, saveWebhook, testWebhook, webhookProviders, line } from '@stationdesk/services';
import { translator } from '@stationdesk/i18n';
import { managerProcedure, router } from '../../trpc.ts';

const webhookOutput = z.object({
  id: z.uuid(),
  stationId: z.uuid(),
  stationName: z.string(),
  stationNameEn: z.string().nullable(),
  provider: z.enum(webhookProviders),
  url: z.string(),
  hasSecret: z.boolean(),
  enabled: z.boolean(),
  createdAt: z.string(),
});

const saveInput = z
  .object({
    id: z.uuid().optional(),
    stationId: z.uuid(),
    provider: z.enum(webhookProviders),
    // Left out when editing: the stored address is kept (the list shows it masked).
    url: line(500, { min: 1 }).optional(),
    secret: line(200).nullable().optional(),
    enabled: z.boolean(),
  })
  .strict()
  .refine((v) => v.id !== undefined || v.url !== undefined, { message: 'errors.webhook.urlRequired', path: ['url'] });

/** Station robots (企业微信 / 钉钉 / 飞书): managers only. Secrets go in, never out. */
export const webhookRouter = router({
  list: managerProcedure.output(z.array(webhookOutput)).query(({ ctx }) => listWebhooks(ctx.tenant)),
  save: managerProcedure
    .input(saveInput)
    .output(webhookOutput)
    .mutation(({ ctx, input }) => saveWebhook(ctx.tenant, input)),
  delete: managerProcedure
    .input(z.object({ id: z.uuid() }).strict())
    .output(z.object({ ok: z.literal(true) }))
    .mutation(async ({ ctx, input }) => {
      await deleteWebhook(ctx.tenant, input);
      return { ok: true as const };
    }),
  test: managerProcedure
    .input(z.object({ id: z.uuid() }).strict())
    .output(
      z.discriminatedUnion('ok', [
        z.object({ ok: z.literal(true), message: z.string() }),
        z.object({ ok: z.literal(false), reason: z.enum(['unreachable', 'timeout', 'refused']), message: z.string() }),
      ]),
    )
    .mutation(async ({ ctx, input }) => {
      const result = await testWebhook(ctx.tenant, { id: input.id, lang: ctx.lang });
      const t = translator(ctx.lang);
      if (result.ok) return { ok: true as const, message: t('notifications.webhooks.testResult.ok') };
      // Socket details stay in the server log: shown to a manager they would map the network.
      ctx.logger.warn({ webhookId: input.id, tenantId: ctx.tenant.tenantId, reason: result.reason, detail: result.detail }, 'robot test message not delivered');
      return { ok: false as const, reason: result.reason, message: t(`notifications.webhooks.testResult.${result.reason}`, { detail: result.detail }) };
    }),
});
