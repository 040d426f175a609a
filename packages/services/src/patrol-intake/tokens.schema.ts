import { z } from 'zod';
import { line } from '../schema.ts';

/** intakeToken.list: every token of the tenant, live ones first; the token itself is never kept. */
export const listIntakeTokensOutput = z.object({
  rows: z.array(
    z.object({
      id: z.uuid(),
      /** The sending system: its findings' source name. */
      name: z.string(),
      createdAt: z.string(),
      createdByName: z.string().nullable(),
      lastUsedAt: z.string().nullable(),
      revokedAt: z.string().nullable(),
    }),
  ),
  /** Calls a token may make per minute. */
  limitPerMinute: z.number().int(),
});
export type ListIntakeTokensOutput = z.infer<typeof listIntakeTokensOutput>;

/** intakeToken.create: a token for one sending system (一网统管, a sensor platform …). */
export const createIntakeTokenInput = z.object({ name: line(100, { min: 1 }) }).strict();
export type CreateIntakeTokenInput = z.infer<typeof createIntakeTokenInput>;
/** The token is answered this once: only its hash is stored, so no one can show it again. */
export const createIntakeTokenOutput = z.object({ id: z.uuid(), token: z.string() });
export type CreateIntakeTokenOutput = z.infer<typeof createIntakeTokenOutput>;

export const revokeIntakeTokenInput = z.object({ id: z.uuid() }).strict();
export type RevokeIntakeTokenInput = z.infer<typeof revokeIntakeTokenInput>;
