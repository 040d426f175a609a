import { createHmac } from 'node:crypto';
import nodemailer from 'nodemailer';
import type { Senders } from './flush.ts';
import { writeToOutbox } from './outbox.ts';
import { postRobotJson, ROBOT_TIMEOUTS, type RobotTimeouts } from './robot-http.ts';

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

/** The robot answered and did not take the message; its own code and words are kept (they say what to fix). */
export class RobotRefused extends Error {}

export async function postWebhook(
  hook: { provider: 'wecom' | 'dingtalk' | 'feishu'; url: string; secret: string | null },
  title: string,
  text: string,
  timeouts: RobotTimeouts = ROBOT_TIMEOUTS,
): Promise<{ externalId?: string }> {
  const req = webhookRequest(hook, title, text);
  const { status, json } = await postRobotJson(req.url, req.body, timeouts);
  if (status < 200 || status >= 300 || !robotAccepted(hook.provider, json)) {
    const code = json.errcode ?? json.code ?? json.StatusCode;
    const words = json.errmsg ?? json.msg ?? json.StatusMessage;
    throw new RobotRefused(`${hook.provider} robot refused: HTTP ${status}${code !== undefined ? ` ${String(code)}` : ''}${words !== undefined ? ` ${String(words).slice(0, 200)}` : ''}`);
  }
  return {};
}

/** One e-mail to one person by SMTP, outside any tenant's deliveries (a password reset link). */
export interface Mailer {
  send(input: { to: string; toName: string; subject: string; text: string }): Promise<{ externalId?: string }>;
}

/** The SMTP transport the deliveries use, for one message at a time. */
export function createSmtpMailer(smtp: SmtpConfig): Mailer {
  const transport = nodemailer.createTransport({
    host: smtp.host,
    port: smtp.port,
    secure: smtp.secure,
    ...(smtp.user ? { auth: { user: smtp.user, pass: smtp.password ?? '' } } : {}),
  });
  return {
    async send(input) {
      const info = await transport.sendMail({ from: smtp.from, to: { name: input.toName, address: input.to }, subject: input.subject, text: input.text });
      return { externalId: info.messageId };
    },
  };
}

/** SMTP when configured; otherwise e-mail goes to the tenant's outbox in the app. Robots get ROBOT_TIMEOUTS unless told otherwise (tests). */
export function createSenders(opts: { smtp: SmtpConfig | null; robotTimeouts?: RobotTimeouts }): Senders {
  const mailer = opts.smtp ? createSmtpMailer(opts.smtp) : null;
  return {
    async email(input) {
      if (!mailer) return writeToOutbox(input);
      return mailer.send(input);
    },
    webhook: (input) => postWebhook(input, input.title, input.text, opts.robotTimeouts),
  };
}
