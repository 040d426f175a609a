import { z } from 'zod';
import { line } from '../schema.ts';

/** Station robots (企业微信 / 钉钉 / 飞书 group robots): managers configure them per station. */
export const webhookProviders = ['wecom', 'dingtalk', 'feishu'] as const;
export type WebhookProvider = (typeof webhookProviders)[number];

/** A robot as managers see it again: its secret never, its address with the token masked. */
export const webhookOutput = z.object({
  id: z.uuid(),
  stationId: z.uuid(),
  stationName: z.string(),
  stationNameEn: z.string().nullable(),
  provider: z.enum(webhookProviders),
  /** The address with its token masked: the key in a robot's URL is as good as a password. */
  url: z.string(),
  hasSecret: z.boolean(),
  enabled: z.boolean(),
  createdAt: z.string(),
});
export type WebhookOutput = z.infer<typeof webhookOutput>;

/** webhook.list: every station's robots. */
export const listWebhooksOutput = z.array(webhookOutput);

/** webhook.save: a new robot (no id) or a change of one. */
export const saveWebhookInput = z
  .object({
    id: z.uuid().optional(),
    stationId: z.uuid(),
    provider: z.enum(webhookProviders),
    /** Required for a new robot; left out when editing, the stored address is kept (the list shows it masked). */
    url: line(500, { min: 1 }).optional(),
    /** Left out: kept; null or empty: removed. WeCom robots do not sign, so theirs is always empty. */
    secret: line(200).nullable().optional(),
    enabled: z.boolean(),
  })
  .strict()
  .refine((v) => v.id !== undefined || v.url !== undefined, { message: 'errors.webhook.urlRequired', path: ['url'] });
export type SaveWebhookInput = z.infer<typeof saveWebhookInput>;
export const saveWebhookOutput = webhookOutput;

/** webhook.delete: the robot goes (audited). */
export const deleteWebhookInput = z.object({ id: z.uuid() }).strict();
export type DeleteWebhookInput = z.infer<typeof deleteWebhookInput>;

/** webhook.test: a test message sent now, disabled robots too. */
export const testWebhookInput = z.object({ id: z.uuid() }).strict();
export type TestWebhookInput = z.infer<typeof testWebhookInput>;
/** Why a send failed: the robot said no, it did not answer (the message may have arrived), or it could not be reached. */
export const sendFailureReasons = ['unreachable', 'timeout', 'refused'] as const;
export type SendFailureReason = (typeof sendFailureReasons)[number];
/** The manager reads the outcome in their language; socket details stay in the server log. */
export const testWebhookOutput = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), message: z.string() }),
  z.object({ ok: z.literal(false), reason: z.enum(sendFailureReasons), message: z.string() }),
]);
export type TestWebhookOutput = z.infer<typeof testWebhookOutput>;
