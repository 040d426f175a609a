/**
 * Floors of a building as people say them: B2, B1 (basements), 1F … 22F. A building lists its
 * floor labels (buildings.floor_labels: basements, skipped 13/14 …) or only has a number of
 * floors above ground (1F … nF). People type "12", "12楼", "12层", "-1", "负一层" or "b1f"; each
 * reads as the one label it means.
 */
const LABEL = /^(?:B[1-9]|[1-9][0-9]{0,2}F|RF)$/;

/** A label stored for a building: B1–B9, 1F–999F, or RF (the roof). */
export function isFloorLabel(s: string): boolean {
  return LABEL.test(s);
}

/**
 * Any label a building may list: the ones above, or a name of its own a manager wrote (12A for a
 * skipped 13, M, 夹层 — issue 21): 1–8 characters, no spaces or control characters.
 */
export function isStoredFloorLabel(s: string): boolean {
  return /^[^\s\p{Cc}]{1,8}$/u.test(s);
}

const chineseDigits: Record<string, number> = { 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

/** The label a person meant, or null when the text is no floor. */
export function normalizeFloorLabel(input: string): string | null {
  let s = input.normalize('NFKC').trim().toUpperCase().replace(/\s+/g, '');
  if (!s) return null;
  if (s === 'RF' || s === '屋顶' || s === '屋面' || s === '天台') return 'RF';
  s = s.replace(/(层|楼|F)$/u, '');
  let basement = false;
  const under = /^(?:B|-|负|地下)(.+)$/u.exec(s);
  if (under) {
    basement = true;
    s = under[1]!.replace(/(层|楼|F)$/u, '');
  }
  const n = /^\d+$/.test(s) ? Number(s) : s.length === 1 && chineseDigits[s] !== undefined ? chineseDigits[s]! : NaN;
  if (!Number.isInteger(n) || n < 1) return null;
  const label = basement ? `B${n}` : `${n}F`;
  return isFloorLabel(label) ? label : null;
}

/** The label of a floor counted as a number: 12 → 12F, -1 → B1 (basements below zero). */
export function floorLabelOfNumber(n: number): string {
  if (!Number.isInteger(n) || n === 0) throw new RangeError(`no floor ${n}`);
  return n > 0 ? `${n}F` : `B${-n}`;
}

/** 1F … nF for a building that only records how many floors it has. */
export function numberedFloorLabels(floors: number): string[] {
  return Array.from({ length: Math.max(0, Math.min(floors, 999)) }, (_, i) => `${i + 1}F`);
}

export interface BuildingFloors {
  /** Number of floors above ground, when known. */
  floors: number | null;
  /** The building's own list (basements, skipped floors), when recorded. */
  floorLabels: readonly string[] | null;
}

/** The labels a building has, in its order; null when unknown (neither a list nor a count). */
export function buildingFloorLabels(b: BuildingFloors): string[] | null {
  if (b.floorLabels && b.floorLabels.length > 0) return [...b.floorLabels];
  if (b.floors !== null && b.floors > 0) return numberedFloorLabels(b.floors);
  return null;
}

/**
 * The building's label for what a person typed, or null when the building has no such floor. A
 * building whose floors are unknown takes any well-formed label.
 */
export function floorOfBuilding(b: BuildingFloors, input: string): string | null {
  const labels = buildingFloorLabels(b);
  // A label of the building's own (12A, 夹层) is taken as written, in either case.
  const typed = input.normalize('NFKC').trim().toUpperCase();
  const own = labels?.find((l) => l.toUpperCase() === typed);
  if (own) return own;
  const label = normalizeFloorLabel(input);
  if (!label) return null;
  return labels === null || labels.includes(label) ? label : null;
}
