import { replace, type AppLoadContext } from 'react-router';
import type { Flash } from './flash.ts';

/**
 * The one confirmation after a successful action (epic-stack's toast.server.ts, done with a plain
 * cookie): the action puts the sentence in a short-lived HttpOnly cookie and redirects (so a reload
 * never posts again); the layout's loader reads it, clears it and shows it once. The cookie holds
 * nothing but the sentence: it is shape-checked when read and shown as text, never as markup.
 */
const COOKIE = 'sd_flash';
const MAX_AGE_S = 60;

function attributes(request: Request, maxAge: number) {
  const secure = new URL(request.url).protocol === 'https:';
  return ['Path=/', 'HttpOnly', 'SameSite=Lax', `Max-Age=${maxAge}`, ...(secure ? ['Secure'] : [])].join('; ');
}

/**
 * Redirects to `to` with `message` to show once there; back to the page itself unless said, in
 * place of its history entry (a save is not a page to go back to).
 */
export function redirectWithFlash(request: Request, context: AppLoadContext, message: string, opts: { to?: string; link?: Flash['link']; form?: string } = {}): Response {
  const url = new URL(request.url);
  const flash: Flash = { id: crypto.randomUUID(), message, ...(opts.link ? { link: opts.link } : {}), ...(opts.form ? { form: opts.form } : {}) };
  context.resHeaders.append('set-cookie', `${COOKIE}=${Buffer.from(JSON.stringify(flash)).toString('base64url')}; ${attributes(request, MAX_AGE_S)}`);
  return replace(opts.to ?? `${url.pathname}${url.search}`);
}

function parse(value: string): Flash | null {
  try {
    const v = JSON.parse(Buffer.from(value, 'base64url').toString('utf8')) as Partial<Flash>;
    if (typeof v.id !== 'string' || typeof v.message !== 'string' || v.message.length > 2000) return null;
    const link = v.link && typeof v.link.href === 'string' && v.link.href.startsWith('/') && !v.link.href.startsWith('//') && typeof v.link.label === 'string' ? v.link : undefined;
    return { id: v.id, message: v.message, ...(link ? { link } : {}), ...(typeof v.form === 'string' ? { form: v.form } : {}) };
  } catch {
    return null;
  }
}

/** The flash the last action left, if any; the cookie is cleared with this response. */
export function takeFlash(request: Request, context: AppLoadContext): Flash | null {
  const raw = request.headers
    .get('cookie')
    ?.split(';')
    .map((c) => c.trim())
    .find((c) => c.startsWith(`${COOKIE}=`));
  if (!raw) return null;
  context.resHeaders.append('set-cookie', `${COOKIE}=; ${attributes(request, 0)}`);
  return parse(raw.slice(COOKIE.length + 1));
}
