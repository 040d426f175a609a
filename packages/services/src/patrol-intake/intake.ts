import { sql } from 'kysely';
import { AppError, badRequest, floorOfBuilding, notFound } from '@stationdesk/core';
import { hitIntakeToken, repo, withTenant, type Db, type IntakeScope } from '@stationdesk/db';
import type { QueueProducer } from '@stationdesk/jobs';
import type { ScopedContext } from '../context.ts';
import { loadPatrolCategories } from '../patrol/categories.ts';
import { insertSystemFindings } from '../patrol-rules/raise.ts';
import { intakeFindingInput, type IntakeFindingInput, type IntakeFindingOutput } from './intake.schema.ts';
import { intakeTokenHash, intakeTokenPattern } from './tokens.ts';

/** The token of an `Authorization: Bearer …` header, or null. */
export function bearerToken(header: string | null | undefined): string | null {
  const m = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header ?? '');
  return m ? m[1]! : null;
}

/**
 * An intake call's first step, before its body is read: the token must be live (401 otherwise)
 * and within its calls per minute (429 with the seconds until its window ends). The call is
 * counted either way.
 */
export async function openIntakeCall(db: Db, authorization: string | null | undefined, limitPerMinute: number): Promise<IntakeScope> {
  const token = bearerToken(authorization);
  if (!token) throw new AppError('UNAUTHORIZED', 'errors.intake.tokenMissing');
  const scope = intakeTokenPattern.test(token) ? await hitIntakeToken(db, intakeTokenHash(token)) : null;
  if (!scope) throw new AppError('UNAUTHORIZED', 'errors.intake.tokenInvalid');
  if (scope.calls > limitPerMinute) {
    const seconds = Math.max(1, Math.ceil((Date.parse(scope.windowEndsAt) - Date.now()) / 1000));
    throw new AppError('TOO_MANY_REQUESTS', 'errors.intake.rateLimited', { seconds });
  }
  return scope;
}

/** The zod issues as one line a sending system's log can show: where and what. */
function issueDetails(issues: readonly { path: PropertyKey[]; message: string; code: string }[]): string {
  return issues
    .slice(0, 10)
    .map((i) => `${i.path.map(String).join('.') || '(body)'}: ${i.message.startsWith('errors.') ? i.message : i.code}`)
    .join('; ');
}

export interface IntakeDeps {
  db: Db;
  queue?: QueueProducer | null;
  ip: string | null;
  onAfterCommitError?: (e: unknown) => void;
}

/** The call's second step: the body (parsed JSON) checked and the finding written in the token's tenant. */
export async function receiveIntakeFinding(deps: IntakeDeps, scope: IntakeScope, body: unknown): Promise<IntakeFindingOutput> {
  const parsed = intakeFindingInput.safeParse(body);
  if (!parsed.success) throw badRequest('errors.intake.invalid', { details: issueDetails(parsed.error.issues) });
  const committed: (() => Promise<void>)[] = [];
  const out = await withTenant(deps.db, scope.tenantId, (trx) =>
    intakeFinding({ trx, tenantId: scope.tenantId, timezone: scope.timezone, queue: deps.queue ?? null, afterCommit: (f) => void committed.push(f) }, { scope, ip: deps.ip }, parsed.data),
  );
  for (const f of committed) await f().catch((e: unknown) => deps.onAfterCommitError?.(e));
  return out;
}

/**
 * A sending system's finding (source external, the token's name as the sender): idempotent by the
 * sender's id — reported again (a retry, a feed replayed) it answers the first finding and writes
 * nothing, and two at once wait for each other on the id. The building must be the tenant's (row
 * level security hides any other: not found), the floor one it has, the category one the tenant
 * uses, the enterprise one of the building's. Audited with the token and the sender's id.
 */
export async function intakeFinding(ctx: ScopedContext, deps: { scope: IntakeScope; ip: string | null }, input: IntakeFindingInput): Promise<IntakeFindingOutput> {
  const sender = deps.scope.name;
  await sql`select pg_advisory_xact_lock(hashtextextended(${`intake:${ctx.tenantId}:${sender}:${input.externalId}`}, 0))`.execute(ctx.trx);
  const first = await ctx.trx
    .selectFrom('patrol_findings as f')
    .innerJoin('work_items as w', (j) => j.onRef('w.tenant_id', '=', 'f.tenant_id').onRef('w.id', '=', 'f.item_id'))
    .select(['w.id', 'w.number', 'w.resolution_due_at'])
    .where('f.source_name', '=', sender)
    .where('f.external_id', '=', input.externalId)
    .executeTakeFirst();
  if (first) return { id: first.id, number: first.number, resolutionDueAt: first.resolution_due_at!, duplicate: true };

  const building = await ctx.trx.selectFrom('buildings').select(['id', 'name', 'floors', 'floor_labels']).where('id', '=', input.buildingId).executeTakeFirst();
  if (!building) throw notFound('errors.intake.buildingNotFound');
  let floor: string | null = null;
  if (input.floor) {
    floor = floorOfBuilding({ floors: building.floors, floorLabels: building.floor_labels }, input.floor);
    if (!floor) throw badRequest('errors.intake.floorNotInBuilding', { floor: input.floor, building: building.name });
  }
  const category = (await loadPatrolCategories(ctx.trx)).find((c) => c.key === input.category && c.active);
  if (!category) throw badRequest('errors.intake.categoryNotFound');
  if (input.enterpriseId) {
    const e = await ctx.trx.selectFrom('enterprises').select('building_id').where('id', '=', input.enterpriseId).executeTakeFirst();
    if (!e || e.building_id !== building.id) throw badRequest('errors.intake.enterpriseNotInBuilding');
  }
  const location = input.location?.trim() ?? '';
  const [made] = await insertSystemFindings(ctx, [
    {
      source: 'external',
      sourceName: sender,
      ruleKey: null,
      externalId: input.externalId,
      buildingId: building.id,
      floor,
      location,
      enterpriseId: input.enterpriseId ?? null,
      category: category.key,
      tier: input.tier,
      title: input.title ?? [building.name, floor, location].filter(Boolean).join(' ').slice(0, 200),
      description: input.description,
    },
  ]);
  await repo.recordAudit(ctx.trx, {
    tenantId: ctx.tenantId,
    actorUserId: null,
    action: 'patrolFinding.intake',
    subjectType: 'work_item',
    subjectId: made!.id,
    data: { tokenId: deps.scope.tokenId, sender, externalId: input.externalId, number: made!.number },
    ip: deps.ip,
  });
  return { id: made!.id, number: made!.number, resolutionDueAt: made!.resolutionDueAt, duplicate: false };
}
