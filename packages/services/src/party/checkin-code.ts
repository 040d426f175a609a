import { createHash, randomBytes } from 'node:crypto';
import { badRequest, CHECK_IN_CODE_MINUTES, checkInCodeExpiry, checkInCodeRefusal, checkInTokenPattern, type CheckInSubjectKind } from '@stationdesk/core';
import type { TenantContext } from '../context.ts';

/**
 * Check-in codes (签到码, docs/decisions/016): the small use-case API a post's duty and, later,
 * activities share. A code names its subject — a service post or an activity —, never a person,
 * and expires; only the SHA-256 of its random token is stored, in the tenant (row-level security:
 * another tenant's code is simply not found). The caller checks that the subject exists and that
 * the actor may issue a code for it.
 */
export interface IssuedCheckInCode {
  id: string;
  /** The token the QR code carries: answered once, never stored. */
  token: string;
  expiresAt: string;
}

export interface ResolvedCheckInCode {
  id: string;
  subjectKind: CheckInSubjectKind;
  subjectId: string;
  expiresAt: string;
}

const hashOf = (token: string) => createHash('sha256').update(token).digest('hex');

export async function issueCheckInCode(
  ctx: TenantContext,
  input: { subjectKind: CheckInSubjectKind; subjectId: string; validMinutes?: number | undefined },
): Promise<IssuedCheckInCode> {
  const minutes = input.validMinutes ?? CHECK_IN_CODE_MINUTES.default;
  if (!Number.isInteger(minutes) || minutes < CHECK_IN_CODE_MINUTES.min || minutes > CHECK_IN_CODE_MINUTES.max) throw badRequest('errors.party.badCodeValidity');
  const token = randomBytes(32).toString('base64url');
  const row = await ctx.trx
    .insertInto('party_check_in_codes')
    .values({
      tenant_id: ctx.tenantId,
      subject_kind: input.subjectKind,
      subject_id: input.subjectId,
      token_hash: hashOf(token),
      expires_at: checkInCodeExpiry(new Date(), minutes),
      created_by: ctx.actor.userId,
    })
    .returning(['id', 'expires_at'])
    .executeTakeFirstOrThrow();
  return { id: row.id, token, expiresAt: row.expires_at };
}

/**
 * What a scanned token names, in the caller's tenant. Unknown here (mistyped, or another tenant's)
 * and expired are refused with their own translated reasons; neither says anything about another
 * tenant.
 */
export async function resolveCheckInCode(ctx: TenantContext, token: string, now = new Date()): Promise<ResolvedCheckInCode> {
  if (!checkInTokenPattern.test(token)) throw badRequest('errors.party.checkInCodeUnknown');
  const row = await ctx.trx
    .selectFrom('party_check_in_codes')
    .select(['id', 'subject_kind', 'subject_id', 'expires_at'])
    .where('token_hash', '=', hashOf(token))
    .executeTakeFirst();
  if (!row) throw badRequest('errors.party.checkInCodeUnknown');
  const refusal = checkInCodeRefusal({ expiresAt: new Date(row.expires_at) }, now);
  if (refusal) throw badRequest(refusal);
  return { id: row.id, subjectKind: row.subject_kind, subjectId: row.subject_id, expiresAt: row.expires_at };
}
