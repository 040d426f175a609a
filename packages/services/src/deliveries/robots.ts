import { isIP } from 'node:net';
import { AppError, badRequest, conflict, forbidden, notFound } from '@stationdesk/core';
import { repo, type Tx } from '@stationdesk/db';
import { translator, type Language } from '@stationdesk/i18n';
import { ok, type Ok } from '../schema.ts';
import type { TenantContext } from '../context.ts';
import { UncertainDeliveryError } from './flush.ts';
import { isAllowedRobotHost, isPublicAddress } from './robot-http.ts';
import type { DeleteWebhookInput, SaveWebhookInput, SendFailureReason, TestWebhookInput, TestWebhookOutput, WebhookOutput, WebhookProvider } from './robots.schema.ts';
import { postWebhook, RobotRefused } from './senders.ts';

function requireManager(ctx: TenantContext): void {
  if (ctx.actor.role !== 'manager') throw forbidden('errors.roleNotAllowed');
}

const TOKEN_PARAM = /key|token|secret|sign/i;

/**
 * A robot address as the provider hands it out, checked loosely (private deployments such as
 * 政务微信 or 浙政钉 use their own hosts): https, never an address inside this machine or its
 * networks, and the part that identifies the robot. Hosts the operator lets through
 * (WEBHOOK_ALLOW_HOSTS: tests' local robots) may be private and plain http. What a name resolves
 * to is checked again on every connection (robot-http.ts): this only gives the early, clear answer.
 */
export function checkWebhookUrl(provider: WebhookProvider, raw: string): string {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw badRequest('errors.webhook.invalidUrl');
  }
  if (url.username || url.password || !['https:', 'http:'].includes(url.protocol)) throw badRequest('errors.webhook.invalidUrl');
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  if (!isAllowedRobotHost(host)) {
    const inside = isIP(host) ? !isPublicAddress(host) : host === 'localhost' || host.endsWith('.localhost');
    if (inside) throw badRequest('errors.webhook.privateAddress');
    if (url.protocol === 'http:') throw badRequest('errors.webhook.httpsRequired');
  }
  const shapeOk =
    provider === 'wecom'
      ? Boolean(url.searchParams.get('key'))
      : provider === 'dingtalk'
        ? Boolean(url.searchParams.get('access_token'))
        : /\/hook\/[^/]+$/.test(url.pathname);
  if (!shapeOk) throw badRequest(`errors.webhook.urlShape.${provider}`);
  const text = url.toString();
  if (text.length > 500) throw badRequest('errors.webhook.invalidUrl');
  return text;
}

function maskToken(v: string): string {
  return v.length > 10 ? `${v.slice(0, 4)}…${v.slice(-4)}` : '••••';
}

/** The address as managers see it again: host and path, the robot's token shortened. */
export function maskWebhookUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return '••••';
  }
  const segments = url.pathname.split('/');
  const hook = segments.lastIndexOf('hook');
  if (hook >= 0 && hook < segments.length - 1) segments[segments.length - 1] = maskToken(segments[segments.length - 1]!);
  const query = [...url.searchParams].map(([k, v]) => `${encodeURIComponent(k)}=${TOKEN_PARAM.test(k) ? maskToken(v) : encodeURIComponent(v)}`).join('&');
  return `${url.protocol}//${url.host}${segments.join('/')}${query ? `?${query}` : ''}`;
}

async function webhookViews(trx: Tx, id?: string): Promise<WebhookOutput[]> {
  const rows = await trx
    .selectFrom('station_webhooks as w')
    .innerJoin('stations as s', (j) => j.onRef('s.tenant_id', '=', 'w.tenant_id').onRef('s.id', '=', 'w.station_id'))
    .select(['w.id', 'w.station_id', 's.name', 's.name_en', 'w.provider', 'w.url', 'w.secret', 'w.enabled', 'w.created_at'])
    .$if(id !== undefined, (q) => q.where('w.id', '=', id!))
    .orderBy('s.code')
    .orderBy('w.provider')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    stationId: r.station_id,
    stationName: r.name,
    stationNameEn: r.name_en,
    provider: r.provider,
    url: maskWebhookUrl(r.url),
    hasSecret: Boolean(r.secret),
    enabled: r.enabled,
    createdAt: r.created_at,
  }));
}

export function listWebhooks(ctx: TenantContext): Promise<WebhookOutput[]> {
  requireManager(ctx);
  return webhookViews(ctx.trx);
}

export async function saveWebhook(ctx: TenantContext, input: SaveWebhookInput): Promise<WebhookOutput> {
  requireManager(ctx);
  const station = await ctx.trx.selectFrom('stations').select('id').where('id', '=', input.stationId).executeTakeFirst();
  if (!station) throw badRequest('errors.workItem.unknownStation');
  const existing = input.id
    ? await ctx.trx.selectFrom('station_webhooks').select(['url', 'secret']).where('id', '=', input.id).forUpdate().executeTakeFirst()
    : undefined;
  if (input.id && !existing) throw notFound('errors.webhook.notFound');
  const rawUrl = input.url?.trim() || existing?.url;
  if (!rawUrl) throw badRequest('errors.webhook.urlRequired');
  const url = checkWebhookUrl(input.provider, rawUrl);
  const given = input.secret === undefined ? undefined : input.secret?.trim() || null;
  const secret = input.provider === 'wecom' ? null : given === undefined ? (existing?.secret ?? null) : given;

  const clash = await ctx.trx
    .selectFrom('station_webhooks')
    .select('id')
    .where('station_id', '=', input.stationId)
    .where('provider', '=', input.provider)
    .$if(input.id !== undefined, (q) => q.where('id', '!=', input.id!))
    .executeTakeFirst();
  if (clash) throw conflict('errors.webhook.duplicate');

  const values = { station_id: input.stationId, provider: input.provider, url, secret, enabled: input.enabled };
  const row = input.id
    ? await ctx.trx.updateTable('station_webhooks').set(values).where('id', '=', input.id).returning('id').executeTakeFirstOrThrow()
    : await ctx.trx.insertInto('station_webhooks').values({ tenant_id: ctx.tenantId, ...values }).returning('id').executeTakeFirstOrThrow();
  // The audit names the robot, never its address or secret.
  await repo.recordAudit(ctx.trx, {
    tenantId: ctx.tenantId,
    actorUserId: ctx.actor.userId,
    action: input.id ? 'webhook.update' : 'webhook.create',
    subjectType: 'station_webhook',
    subjectId: row.id,
    data: {
      stationId: input.stationId,
      provider: input.provider,
      enabled: input.enabled,
      host: new URL(url).host,
      urlChanged: !existing || existing.url !== url,
      secretChanged: (existing?.secret ?? null) !== secret,
    },
    ip: ctx.actor.ip,
  });
  const [view] = await webhookViews(ctx.trx, row.id);
  return view!;
}

export async function deleteWebhook(ctx: TenantContext, input: DeleteWebhookInput): Promise<Ok> {
  requireManager(ctx);
  const row = await ctx.trx.deleteFrom('station_webhooks').where('id', '=', input.id).returning(['station_id', 'provider']).executeTakeFirst();
  if (!row) throw notFound('errors.webhook.notFound');
  await repo.recordAudit(ctx.trx, {
    tenantId: ctx.tenantId,
    actorUserId: ctx.actor.userId,
    action: 'webhook.delete',
    subjectType: 'station_webhook',
    subjectId: input.id,
    data: { stationId: row.station_id, provider: row.provider },
    ip: ctx.actor.ip,
  });
  return ok;
}

/**
 * Why a send failed: the robot said no, it did not answer (the message may have arrived), or it
 * could not be reached (a refused address included). `detail` is for the server log.
 */
export function describeSendFailure(e: unknown): { reason: SendFailureReason; detail: string } {
  const err = e instanceof Error ? e : new Error(String(e));
  if (err instanceof RobotRefused) return { reason: 'refused', detail: err.message.slice(0, 300) };
  if (err instanceof UncertainDeliveryError) return { reason: 'timeout', detail: err.message.slice(0, 300) };
  const code = (err as { code?: string }).code;
  const detail = code && !err.message.includes(code) ? `${code} ${err.message}` : err.message;
  return { reason: 'unreachable', detail: detail.slice(0, 300) };
}

/** Where a failed test's socket details go: the server log, never the manager's screen. */
export interface WarningLog {
  warn(detail: object, message: string): void;
}

/**
 * Sends a test message to the robot now (disabled robots too: test before switching one on).
 * Its text is in the tester's language and names who sent it, so the group knows what it is. The
 * manager reads the reason only (and the robot's own answer when it refused): socket details shown
 * to a manager would map the network, so they go to the log.
 */
export async function testWebhook(ctx: TenantContext, deps: { lang: Language; logger: WarningLog }, input: TestWebhookInput): Promise<TestWebhookOutput> {
  requireManager(ctx);
  const hook = await ctx.trx
    .selectFrom('station_webhooks as w')
    .innerJoin('stations as s', (j) => j.onRef('s.tenant_id', '=', 'w.tenant_id').onRef('s.id', '=', 'w.station_id'))
    .select(['w.provider', 'w.url', 'w.secret', 's.name', 's.name_en'])
    .where('w.id', '=', input.id)
    .executeTakeFirst();
  if (!hook) throw notFound('errors.webhook.notFound');
  const user = await ctx.trx.selectFrom('users').select('display_name').where('id', '=', ctx.actor.userId).executeTakeFirst();
  const t = translator(deps.lang);
  const time = new Intl.DateTimeFormat(deps.lang, { timeZone: ctx.timezone, dateStyle: 'medium', timeStyle: 'short' }).format(new Date());
  const station = deps.lang === 'en' && hook.name_en ? hook.name_en : hook.name;
  const title = t('notifications.webhooks.testMessage.title');
  const text = t('notifications.webhooks.testMessage.text', { user: user?.display_name ?? '', time, station, provider: t(`notifications.provider.${hook.provider}`) });
  try {
    await postWebhook({ provider: hook.provider, url: hook.url, secret: hook.secret }, title, text);
    return { ok: true, message: t('notifications.webhooks.testResult.ok') };
  } catch (e) {
    if (e instanceof AppError) throw e;
    const { reason, detail } = describeSendFailure(e);
    deps.logger.warn({ webhookId: input.id, tenantId: ctx.tenantId, reason, detail }, 'robot test message not delivered');
    return { ok: false, reason, message: t(`notifications.webhooks.testResult.${reason}`, { detail }) };
  }
}
