import { TRPCError } from '@trpc/server';
import { expect } from 'vitest';

/** The error a procedure call must fail with (the test fails if it succeeds or fails otherwise). */
export async function error(p: Promise<unknown>): Promise<TRPCError> {
  const e = await p.then(
    () => null,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(TRPCError);
  return e as TRPCError;
}

/** The translation key an AppError carried through tRPC (what the user reads, untranslated). */
export const keyOf = (e: TRPCError) => (e.cause as { messageKey?: string } | undefined)?.messageKey;
