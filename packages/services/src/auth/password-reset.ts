import { badRequest } from '@stationdesk/core';
import { generateSessionToken, hashPassword, sessionIdFromToken, throttledCheck, throttleKeys, type AttemptKeys } from '@stationdesk/auth';
import { passwordProblem } from '@stationdesk/auth/strength';
import { repo, withPasswordReset, withSignInEmail, withUser, type Db } from '@stationdesk/db';
import { translator } from '@stationdesk/i18n';
import type { Mailer } from '../deliveries/senders.ts';
import { auditUserEvent } from './audit-user.ts';
import { languageOf } from '../deliveries/message.ts';
import { ok, type Ok } from '../schema.ts';
import type { RequestPasswordResetInput, ResetPasswordInput } from './password-reset.schema.ts';

/** A reset link works for 30 minutes, once. */
export const PASSWORD_RESET_LIFETIME_MS = 30 * 60 * 1000;
/**
 * Every request is answered no sooner than this after it arrived, whether or not the address is
 * known: the known address's writes (a few milliseconds) hide inside it, and the mail is sent after
 * the answer, so the answer's timing says nothing about the address.
 */
export const PASSWORD_RESET_ANSWER_MS = 250;

export interface PasswordResetDeps {
  db: Db;
  /** SMTP; null: not configured — the link is logged for operators, never shown to the requester. */
  mailer: Mailer | null;
  /** scheme://host[:port] of the app, from configuration (never from the request's Host); null: the link is written as a path. */
  publicUrl: string | null;
  log: { warn(obj: object, msg: string): void; info(obj: object, msg: string): void };
}

const hashed = (keys: AttemptKeys, prefix: string): AttemptKeys => ({ account: `${prefix}-${keys.account}`, ip: keys.ip ? `${prefix}-${keys.ip}` : null });
/** Requests count per address and per IP, apart from sign-in's counts (a reset must not lock anyone out of signing in). */
const requestKeys = (email: string, ip: string | null) => hashed(throttleKeys(email, ip), 'reset');
/** Uses of a link count per link and per IP (guessing links from one address is bounded). */
const useKeys = (tokenHash: string, ip: string | null) => hashed(throttleKeys(`token:${tokenHash}`, ip), 'reset-use');

const sleep = (ms: number) => new Promise<void>((done) => setTimeout(done, ms));

/**
 * auth.requestPasswordReset: when the address is a user's, a single-use link valid for 30 minutes
 * (only its token's SHA-256 kept) is mailed to it after the answer. The answer is the same either
 * way, in the same time; requests are throttled per address and per IP whether or not it exists.
 */
export async function requestPasswordReset(deps: PasswordResetDeps, input: RequestPasswordResetInput, meta: { ip: string | null }): Promise<Ok> {
  const started = Date.now();
  const email = input.email.trim().toLowerCase();
  // Every request takes a slot (nothing "succeeds" here): at most MAX_FAILURES per window.
  await throttledCheck(deps.db.pool, requestKeys(email, meta.ip), 'errors.passwordReset.tooManyRequests', async () => null);
  const user = await withSignInEmail(deps.db, email, (trx) => repo.findUserByEmail(trx, email));
  let mail: (() => Promise<void>) | null = null;
  if (user) {
    const token = generateSessionToken();
    const now = Date.now();
    await withUser(deps.db, user.id, async (trx) => {
      // Links used or run out a day ago are of no further use, not even to tell "reused" apart.
      await trx
        .deleteFrom('password_resets')
        .where('user_id', '=', user.id)
        .where('expires_at', '<', new Date(now - 24 * 60 * 60 * 1000).toISOString())
        .execute();
      await trx
        .insertInto('password_resets')
        .values({ user_id: user.id, token_hash: sessionIdFromToken(token), expires_at: new Date(now + PASSWORD_RESET_LIFETIME_MS), requested_ip: meta.ip })
        .execute();
      await auditUserEvent(trx, user.id, { action: 'auth.password_reset_requested', ip: meta.ip });
    });
    mail = () => sendResetMail(deps, { id: user.id, email: user.email, name: user.display_name, locale: user.locale }, token);
  }
  await sleep(Math.max(0, started + PASSWORD_RESET_ANSWER_MS - Date.now()));
  if (mail) {
    // After the answer: an SMTP server's pace must not tell the requester the address exists.
    setImmediate(() => {
      mail().catch((err: unknown) => deps.log.warn({ err, userId: user?.id }, 'password reset mail could not be sent'));
    });
  }
  return ok;
}

async function sendResetMail(deps: PasswordResetDeps, user: { id: string; email: string; name: string; locale: string }, token: string): Promise<void> {
  const link = `${(deps.publicUrl ?? '').replace(/\/+$/, '')}/reset-password/${token}`;
  if (!deps.mailer) {
    // No SMTP: an operator hands the link over after checking who asked; the requester never sees it.
    deps.log.warn({ userId: user.id, link, minutes: PASSWORD_RESET_LIFETIME_MS / 60_000 }, 'password reset link (SMTP not configured: hand it over after checking who asked)');
    return;
  }
  const t = translator(languageOf(user.locale));
  await deps.mailer.send({
    to: user.email,
    toName: user.name,
    subject: t('passwordReset.mail.subject'),
    text: t('passwordReset.mail.body', { name: user.name, link, minutes: PASSWORD_RESET_LIFETIME_MS / 60_000 }),
  });
}

type UseOutcome = { kind: 'reset'; userId: string } | { kind: 'weak'; messageKey: string; params: Record<string, string | number> };

/**
 * auth.resetPassword: sets the new password through the link, once, within its 30 minutes; every
 * session of the user ends (the change notice tells the read caches). A guessed, malformed, used or
 * expired link is refused in words with nothing written but the refusal's audit (in the user's
 * tenants; a guessed link names no user and is logged). Uses are throttled per link and per IP; a
 * password too weak is refused without using up the link or counting as a guess.
 */
export async function resetPassword(deps: Pick<PasswordResetDeps, 'db' | 'log'>, input: ResetPasswordInput, meta: { ip: string | null }): Promise<{ userId: string }> {
  const tokenHash = sessionIdFromToken(input.token);
  let refusal: 'invalid' | 'used' | 'expired' = 'invalid';
  const outcome = await throttledCheck<UseOutcome>(deps.db.pool, useKeys(tokenHash, meta.ip), 'errors.passwordReset.tooManyAttempts', () =>
    withPasswordReset(deps.db, tokenHash, async (trx, scope): Promise<UseOutcome | null> => {
      if (!scope) {
        deps.log.warn({ ip: meta.ip }, 'password reset refused: unknown link');
        return null;
      }
      if (scope.usedAt || scope.expired) {
        refusal = scope.usedAt ? 'used' : 'expired';
        await auditUserEvent(trx, scope.userId, { action: 'auth.password_reset_refused', data: { reason: refusal }, ip: meta.ip });
        return null;
      }
      const user = await repo.findUserById(trx, scope.userId);
      if (!user) return null;
      const problem = passwordProblem(input.password, [user.email, user.display_name]);
      if (problem) return { kind: 'weak', messageKey: problem.messageKey, params: (problem.params ?? {}) as Record<string, string | number> };
      await repo.updatePassword(trx, user.id, await hashPassword(input.password));
      // This link and any other still open for the user are spent.
      await trx.updateTable('password_resets').set({ used_at: new Date() }).where('user_id', '=', user.id).where('used_at', 'is', null).execute();
      await repo.deleteUserSessions(trx, user.id);
      const tenants = await auditUserEvent(trx, user.id, { action: 'auth.password_reset', ip: meta.ip });
      if (tenants === 0) deps.log.info({ userId: user.id, ip: meta.ip }, 'password reset by e-mail link');
      return { kind: 'reset', userId: user.id };
    }),
  );
  if (!outcome) throw badRequest(`errors.passwordReset.${refusal}`);
  if (outcome.kind === 'weak') throw badRequest(outcome.messageKey, outcome.params);
  return { userId: outcome.userId };
}
