import { AppError } from '../errors/app-error.ts';

/**
 * What a station still has open (issue 21). A station is deactivated only when every figure is
 * zero: its work items not closed (by kind: consultations, agency cases, disputes, patrol
 * findings), patrol rounds planned or under way, duty shifts and activities not yet over, and the
 * buildings still assigned to it (their enterprises' new items would otherwise go to a station
 * nobody picks). Deactivated, it leaves the pickers and new-item forms; its history stays.
 */
export interface StationOpenCounts {
  consultation: number;
  agency: number;
  dispute: number;
  patrol: number;
  rounds: number;
  shifts: number;
  activities: number;
  buildings: number;
}

export const stationOpenCountKeys = ['consultation', 'agency', 'dispute', 'patrol', 'rounds', 'shifts', 'activities', 'buildings'] as const satisfies readonly (keyof StationOpenCounts)[];

/** The refusal naming how many of each remain, or null when the station may be deactivated. */
export function stationDeactivationRefusal(counts: StationOpenCounts): AppError | null {
  const total = stationOpenCountKeys.reduce((n, k) => n + counts[k], 0);
  if (total === 0) return null;
  return new AppError('PRECONDITION_FAILED', 'errors.station.openItemsRemain', { ...counts, items: counts.consultation + counts.agency + counts.dispute + counts.patrol });
}
