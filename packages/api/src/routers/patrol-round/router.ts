import {
  checkRound,
  checkRoundInput,
  checkRoundOutput,
  finishRound,
  finishRoundInput,
  finishRoundOutput,
  getRound,
  getRoundInput,
  listRounds,
  listRoundsInput,
  listRoundsOutput,
  roundDetail,
  startRound,
  startRoundInput,
  startRoundOutput,
  todayRounds,
  todayRoundsOutput,
} from '@stationdesk/services';
import { managerProcedure, router, staffProcedure } from '../../trpc.ts';

/** 巡查轮次: today's rounds on the phone, walked floor by floor; the managers' week (issue 19). */
export const patrolRoundRouter = router({
  today: staffProcedure.output(todayRoundsOutput).query(({ ctx }) => todayRounds(ctx.tenant)),
  get: staffProcedure.input(getRoundInput).output(roundDetail).query(({ ctx, input }) => getRound(ctx.tenant, input)),
  start: staffProcedure.input(startRoundInput).output(startRoundOutput).mutation(({ ctx, input }) => startRound(ctx.tenant, input)),
  check: staffProcedure.input(checkRoundInput).output(checkRoundOutput).mutation(({ ctx, input }) => checkRound(ctx.tenant, input)),
  finish: staffProcedure.input(finishRoundInput).output(finishRoundOutput).mutation(({ ctx, input }) => finishRound(ctx.tenant, input)),
  list: managerProcedure.input(listRoundsInput).output(listRoundsOutput).query(({ ctx, input }) => listRounds(ctx.tenant, input)),
});
