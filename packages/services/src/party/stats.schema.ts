import { isRealDate } from '@stationdesk/core';
import { z } from 'zod';

/** A local date 'YYYY-MM-DD' in the tenant's zone. */
const localDay = z.string().refine(isRealDate, { message: 'YYYY-MM-DD' });

/** party.stats: the party-mass figures of a period (both ends inclusive, local days). */
export const partyStatsInput = z.object({ from: localDay, to: localDay, stationId: z.uuid().optional() }).strict();
export type PartyStatsInput = z.infer<typeof partyStatsInput>;

const int = z.number().int();

/** The figures of one station, or of every station the reader sees added up. */
export const partyFiguresOutput = z.object({
  /** Published activities starting in the period. */
  activities: int,
  /** Of those: already begun (held). */
  activitiesHeld: int,
  /** People signed up (confirmed or waiting) for the period's published activities. */
  signUps: int,
  /** Of those: confirmed. */
  confirmed: int,
  /** Confirmed people of the held activities, and of them those checked in. */
  heldConfirmed: int,
  attended: int,
  /** attended / heldConfirmed; null without a confirmed person at a held activity. */
  attendanceRate: z.number().nullable(),
  /** Open duty shifts dated in the period, and those whose places are all taken. */
  shifts: int,
  shiftsFilled: int,
  /** Member batches (批次) signed up for those shifts (not cancelled), and their members. */
  batches: int,
  members: int,
  /** Person-times served at those shifts (every service). */
  served: int,
});
export type PartyFigures = z.infer<typeof partyFiguresOutput>;

export const partyStatsOutput = z.object({
  from: z.string(),
  to: z.string(),
  stationId: z.uuid().nullable(),
  total: partyFiguresOutput,
  stations: z.array(
    z.object({
      stationId: z.uuid(),
      stationName: z.string(),
      stationNameEn: z.string().nullable(),
      figures: partyFiguresOutput,
    }),
  ),
  /** Person-times served per kind of service (the tenant's list, then keys no longer on it). */
  byService: z.array(
    z.object({
      key: z.string(),
      name: z.string().nullable(),
      nameEn: z.string().nullable(),
      served: int,
    }),
  ),
});
export type PartyStatsOutput = z.infer<typeof partyStatsOutput>;

/** party.exportStats: the same figures as .xlsx. */
export const exportPartyStatsInput = partyStatsInput;
export type ExportPartyStatsInput = PartyStatsInput;
export const exportPartyStatsOutput = z.object({
  fileId: z.uuid(),
  fileName: z.string(),
});
