import { z } from 'zod';
import { line } from '../schema.ts';

/** wallDisplay.list: every link of the tenant, live ones first; the token itself is never kept. */
export const listWallDisplaysOutput = z.object({
  rows: z.array(
    z.object({
      id: z.uuid(),
      name: z.string(),
      /** null: the whole subdistrict. */
      stationId: z.uuid().nullable(),
      stationName: z.string().nullable(),
      createdAt: z.string(),
      revokedAt: z.string().nullable(),
    }),
  ),
});
export type ListWallDisplaysOutput = z.infer<typeof listWallDisplaysOutput>;

/** wallDisplay.create: a link for one station's screen, or (no station) the subdistrict's. */
export const createWallDisplayInput = z.object({ name: line(60, { min: 1 }), stationId: z.uuid().nullable().optional() }).strict();
export type CreateWallDisplayInput = z.infer<typeof createWallDisplayInput>;
/** The token is answered this once: only its hash is stored, so no one can show it again. */
export const createWallDisplayOutput = z.object({ id: z.uuid(), token: z.string() });
export type CreateWallDisplayOutput = z.infer<typeof createWallDisplayOutput>;

export const revokeWallDisplayInput = z.object({ id: z.uuid() }).strict();
export type RevokeWallDisplayInput = z.infer<typeof revokeWallDisplayInput>;
