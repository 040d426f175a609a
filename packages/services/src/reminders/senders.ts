import { createHmac } from 'node:crypto';
import nodemailer from 'nodemailer';
import type { Senders } from './flush.ts';
import { writeToOutbox } from './outbox.ts';

export interface SmtpConfig {
  host: string;
  port: number;
  secure: boolean;
  user?: string | undefined;
  password?: string | undefined;
  from: string;
}

/**
 * Group-robot message formats. Each robot answers 200 with its own error field, so the body is
 * checked too; DingTalk and Feishu sign with the robot's secret (HMAC-SHA256 of the timestamp).
 */
export function webhookRequest(hook: { provider: 'wecom' | 'dingtalk' | 'feishu'; url: string; secret: string | null }, title: string, text: string, now = Date.now()) {
  switch (hook.provider) {
    case 'wecom':
      return { url: hook.url, body: { msgtype: 'markdown', markdown: { content: `**${title}**\n${text}` } } };
    case 'dingtalk': {
      let url = hook.url;
      if (hook.secret) {
        const sign = createHmac('sha256', hook.secret).update(`${now}\n${hook.secret}`).digest('base64');
        url += `${url.includes('?') ? '&' : '?'}timestamp=${now}&sign=${encodeURIComponent(sign)}`;
      }
      return { url, body: { msgtype: 'markdown', markdown: { title, text: `### ${title}\n${text}` } } };
    }
    case 'feishu': {
      const seconds = Math.floor(now / 1000);
      const signed = hook.secret ? { timestamp: String(seconds), sign: createHmac('sha256', `${seconds}\n${hook.secret}`).update('').digest('base64') } : {};
      return { url: hook.url, body: { ...signed, msg_type: 'text', content: { text: `${title}\n${text}` } } };
    }
  }
}

/** Robots say "ok" in three dialects. */
function robotAccepted(provider: string, json: Record<string, unknown>): boolean {
  if (provider === 'feishu') return (json.code ?? json.StatusCode) === 0;
  return json.errcode === 0;
}

export async function postWebhook(hook: { provider: 'wecom' | 'dingtalk' | 'feishu'; url: string; secret: string | null }, title: string, text: string): Promise<{ externalId?: string }> {
  const req = webhookRequest(hook, title, text);
  const res = await fetch(req.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(req.body),
    signal: AbortSignal.timeout(10_000),
  });
  const json = (await res.json().catch(() => ({}))) as Record<string, unknown>;
  if (!res.ok || !robotAccepted(hook.provider, json)) {
    throw new Error(`${hook.provider} robot refused: HTTP ${res.status} ${JSON.stringify(json).slice(0, 200)}`);
  }
  return {};
}

/** SMTP when configured; otherwise e-mail goes to the tenant's outbox in the app. */
export function createSenders(opts: { smtp: SmtpConfig | null }): Senders {
  const transport = opts.smtp
    ? nodemailer.createTransport({
        host: opts.smtp.host,
        port: opts.smtp.port,
        secure: opts.smtp.secure,
        ...(opts.smtp.user ? { auth: { user: opts.smtp.user, pass: opts.smtp.password ?? '' } } : {}),
      })
    : null;
  return {
    async email(input) {
      if (!transport || !opts.smtp) return writeToOutbox(input);
      const info = await transport.sendMail({ from: opts.smtp.from, to: { name: input.toName, address: input.to }, subject: input.subject, text: input.text });
      return { externalId: info.messageId };
    },
    webhook: (input) => postWebhook(input, input.title, input.text),
  };
}
