import { AppError, badRequest } from '../errors/app-error.ts';
import { normalizeFloorLabel } from '../patrol/floors.ts';

/**
 * A building's floors as its manager lists them (issue 21): in order, bottom up — B2, B1, 1F, 2F …
 * 12F, 12A, 15F — with the skipped ones simply left out. What is typed reads as the patrol's label
 * where it names a floor ("1", "1楼", "-1", "负一层" → 1F, B1), so a finding typed later matches;
 * anything else (12A, M, 夹层) is kept as written, trimmed.
 */
export const FLOOR_LABEL_MAX_LENGTH = 8;
export const MAX_FLOORS = 200;

export type FloorProblem =
  | { key: 'errors.building.floorEmpty'; position: number }
  | { key: 'errors.building.floorTooLong'; position: number; label: string }
  | { key: 'errors.building.floorHasSpaces'; position: number; label: string }
  | { key: 'errors.building.floorDuplicate'; position: number; label: string }
  | { key: 'errors.building.tooManyFloors'; max: number };

/** One typed label as stored: the patrol's label when it reads as one, else the text itself. */
export function floorLabelOf(typed: string): string {
  const text = typed.normalize('NFKC').trim();
  return normalizeFloorLabel(text) ?? text;
}

/** The labels to store and what is wrong with the list (positions count from 1); empty list: floors unknown. */
export function checkFloorList(typed: readonly string[]): { labels: string[]; problems: FloorProblem[] } {
  const problems: FloorProblem[] = [];
  if (typed.length > MAX_FLOORS) problems.push({ key: 'errors.building.tooManyFloors', max: MAX_FLOORS });
  const seen = new Set<string>();
  const labels = typed.map((raw, i) => {
    const label = floorLabelOf(raw);
    const position = i + 1;
    if (!label) problems.push({ key: 'errors.building.floorEmpty', position });
    else if ([...label].length > FLOOR_LABEL_MAX_LENGTH) problems.push({ key: 'errors.building.floorTooLong', position, label });
    else if (/[\s\p{Cc}]/u.test(label)) problems.push({ key: 'errors.building.floorHasSpaces', position, label });
    else if (seen.has(label.toUpperCase())) problems.push({ key: 'errors.building.floorDuplicate', position, label });
    seen.add(label.toUpperCase());
    return label;
  });
  return { labels, problems };
}

/** The stored list (null: floors unknown), or the first problem as a refusal. */
export function floorListOrRefuse(typed: readonly string[]): string[] | null {
  const { labels, problems } = checkFloorList(typed);
  const first = problems[0];
  if (first) {
    const { key, ...params } = first;
    throw badRequest(key, params);
  }
  return labels.length > 0 ? labels : null;
}

/** Floors above ground (buildings.floors, the list's count column): every label but the basements. */
export function floorsAboveGround(labels: readonly string[] | null): number | null {
  const n = (labels ?? []).filter((l) => !/^B\d+$/i.test(l)).length;
  return n > 0 ? Math.min(n, MAX_FLOORS) : null;
}

/**
 * Moving a building to another station (issue 21). Its enterprises move with it at once, so every
 * item opened after the move goes to the new station. The manager decides, before confirming, about
 * the items still open: `stay` — they are finished where they are, at the old station; `move` —
 * they go along, each with a line in its history saying from where and why, and keep their handler
 * (the confirmation says how many are handled by someone who does not work at the new station).
 */
export const openItemsOnMove = ['stay', 'move'] as const;
export type OpenItemsOnMove = (typeof openItemsOnMove)[number];

export interface BuildingMoveFacts {
  fromStationId: string;
  toStationId: string;
  toStationActive: boolean;
  openItems: number;
  openItemsOnMove: OpenItemsOnMove;
}

export interface BuildingMovePlan {
  /** Items that go along to the new station. */
  moving: number;
  /** Items that stay with the old station until closed. */
  staying: number;
}

export function planBuildingMove(f: BuildingMoveFacts): BuildingMovePlan {
  if (f.fromStationId === f.toStationId) throw badRequest('errors.building.sameStation');
  if (!f.toStationActive) throw new AppError('BAD_REQUEST', 'errors.building.stationInactive');
  return f.openItemsOnMove === 'move' ? { moving: f.openItems, staying: 0 } : { moving: 0, staying: f.openItems };
}
