import { z } from 'zod';
import { checkResults, isRealDate, roundStatuses } from '@stationdesk/core';
import { idempotencyKey, line, text } from '../schema.ts';
import { createPatrolFindingInput } from '../patrol/findings.schema.ts';

const localDay = z.string().refine(isRealDate, { message: 'YYYY-MM-DD' });

export const roundSummary = z.object({
  id: z.uuid(),
  planId: z.uuid(),
  planName: z.string(),
  stationId: z.uuid(),
  stationName: z.string(),
  stationNameEn: z.string().nullable(),
  roundDate: z.string(),
  assigneeId: z.uuid(),
  assigneeName: z.string(),
  status: z.enum(roundStatuses),
  /** Floors planned, points to tick (floors × points), ticked so far, of them findings. */
  floors: z.number().int(),
  total: z.number().int(),
  checked: z.number().int(),
  findings: z.number().int(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
});
export type RoundSummary = z.infer<typeof roundSummary>;

/** patrolRound.today: the caller's rounds of today, and their own rounds of earlier days still in progress. */
export const todayRoundsOutput = z.object({ today: z.string(), rounds: z.array(roundSummary) });
export type TodayRounds = z.infer<typeof todayRoundsOutput>;

export const getRoundInput = z.object({ id: z.uuid() }).strict();
export type GetRoundInput = z.infer<typeof getRoundInput>;

const checkView = z.object({
  id: z.uuid(),
  buildingId: z.uuid(),
  floor: z.string(),
  pointId: z.uuid(),
  result: z.enum(checkResults),
  note: z.string().nullable(),
  findingItemId: z.uuid().nullable(),
  findingNumber: z.string().nullable(),
  checkedAt: z.string(),
  checkedByName: z.string(),
  clientId: z.string(),
});

/** patrolRound.get: a round to walk — its floors in order, the checklist, what is ticked, what may be done. */
export const roundDetail = roundSummary.extend({
  walkedByName: z.string().nullable(),
  finishNote: z.string().nullable(),
  points: z.array(z.object({ id: z.uuid(), label: z.string() })),
  floorList: z.array(z.object({ buildingId: z.uuid(), buildingName: z.string(), buildingNameEn: z.string().nullable(), floor: z.string() })),
  checks: z.array(checkView),
  /** What the caller may do now: start, check, finish (finish needs a reason while points are unticked). */
  allowed: z.array(z.enum(['start', 'check', 'finish'])),
  missing: z.number().int(),
});
export type RoundDetail = z.infer<typeof roundDetail>;

export const startRoundInput = z.object({ id: z.uuid() }).strict();
export type StartRoundInput = z.infer<typeof startRoundInput>;
export const startRoundOutput = z.object({ status: z.enum(roundStatuses), startedAt: z.string() });

/** A finding made from a check: what patrolFinding.create takes, the place being the check's building and floor. */
const findingOfCheck = createPatrolFindingInput.omit({ buildingId: true, floor: true, idempotencyKey: true });

/**
 * patrolRound.check: one point of one floor ticked OK, or turned into a finding — a patrol finding
 * created with it (`finding`), or one already recorded on that floor (`findingItemId`). `clientId`
 * is the phone's id for this check: sent again (a retry, the offline queue), the first answer
 * comes back and nothing is written (no second finding either).
 */
export const checkRoundInput = z
  .object({
    id: z.uuid(),
    buildingId: z.uuid(),
    floor: line(10, { min: 1 }),
    pointId: z.uuid(),
    result: z.enum(checkResults),
    note: text(500).optional(),
    clientId: idempotencyKey,
    finding: findingOfCheck.optional(),
    findingItemId: z.uuid().optional(),
  })
  .strict();
export type CheckRoundInput = z.infer<typeof checkRoundInput>;
export const checkRoundOutput = z.object({
  checkId: z.uuid(),
  result: z.enum(checkResults),
  findingItemId: z.uuid().nullable(),
  /** True when this client id had been recorded already: nothing was written. */
  replayed: z.boolean(),
  status: z.enum(roundStatuses),
  checked: z.number().int(),
  total: z.number().int(),
});
export type CheckRoundOutput = z.infer<typeof checkRoundOutput>;

/** patrolRound.finish: every point ticked, or a reason for what was not walked. */
export const finishRoundInput = z.object({ id: z.uuid(), reason: text(500).optional() }).strict();
export type FinishRoundInput = z.infer<typeof finishRoundInput>;
export const finishRoundOutput = z.object({ status: z.enum(roundStatuses), finishedAt: z.string(), checked: z.number().int(), total: z.number().int(), findings: z.number().int() });

/** patrolRound.list: a week's rounds (Monday to Sunday) — planned against walked per station, and each round. */
export const listRoundsInput = z
  .object({
    /** Any day of the week; default this week. */
    week: localDay.optional(),
    stationId: z.uuid().optional(),
    status: z.enum(roundStatuses).optional(),
  })
  .strict()
  .optional();
export type ListRoundsInput = z.infer<typeof listRoundsInput>;
export const listRoundsOutput = z.object({
  weekStart: z.string(),
  weekEnd: z.string(),
  today: z.string(),
  stations: z.array(
    z.object({
      stationId: z.uuid(),
      stationName: z.string(),
      stationNameEn: z.string().nullable(),
      /** Rounds of the week, and of them: walked (done), walked in full (every point), in progress, not started, missed. */
      planned: z.number().int(),
      done: z.number().int(),
      complete: z.number().int(),
      inProgress: z.number().int(),
      notStarted: z.number().int(),
      missed: z.number().int(),
    }),
  ),
  rounds: z.array(roundSummary),
});
export type ListRoundsOutput = z.infer<typeof listRoundsOutput>;
