/**
 * What a finding is about. The product ships seven categories; a tenant renames, hides, reorders
 * or adds to them (stored rows override the defaults by key, as SLA policies do), so a new tenant
 * has the defaults without any row. `labour` marks the categories whose findings may become a
 * dispute case (劳资风险).
 */
export const defaultPatrolCategoryKeys = [
  'fire_safety',
  'illegal_business',
  'environment_sanitation',
  'facilities_damage',
  'labour_wages',
  'safety_hazard',
  'other',
] as const;
export type DefaultPatrolCategoryKey = (typeof defaultPatrolCategoryKeys)[number];

const labourByDefault: ReadonlySet<string> = new Set(['labour_wages']);

/** A key: lower-case ASCII, digits and underscores, starting with a letter (kept in work_items.category). */
export const patrolCategoryKeyPattern = /^[a-z][a-z0-9_]{1,39}$/;

/** A category as a tenant stores it (a default overridden, or one of its own). */
export interface StoredPatrolCategory {
  key: string;
  name: string | null;
  nameEn: string | null;
  labour: boolean;
  active: boolean;
  position: number;
}

export interface PatrolCategory extends StoredPatrolCategory {
  /** One of the product's defaults: its name falls back to the translated default. */
  builtIn: boolean;
}

export function isDefaultPatrolCategory(key: string): key is DefaultPatrolCategoryKey {
  return (defaultPatrolCategoryKeys as readonly string[]).includes(key);
}

/** The tenant's list: the defaults in their order, overridden by stored rows, then its own ones; by position. */
export function mergePatrolCategories(stored: readonly StoredPatrolCategory[]): PatrolCategory[] {
  const byKey = new Map(stored.map((s) => [s.key, s]));
  const defaults = defaultPatrolCategoryKeys.map((key, i): PatrolCategory => {
    const s = byKey.get(key);
    return s ? { ...s, builtIn: true } : { key, name: null, nameEn: null, labour: labourByDefault.has(key), active: true, position: (i + 1) * 10, builtIn: true };
  });
  const own = stored.filter((s) => !isDefaultPatrolCategory(s.key)).map((s): PatrolCategory => ({ ...s, builtIn: false }));
  return [...defaults, ...own].sort((a, b) => a.position - b.position || a.key.localeCompare(b.key));
}

/** A new category of the tenant's own: `c_` and a random suffix (hex from the caller). */
export function ownCategoryKey(randomHex: string): string {
  const key = `c_${randomHex.toLowerCase().replace(/[^0-9a-f]/g, '').slice(0, 12)}`;
  if (!patrolCategoryKeyPattern.test(key) || key.length < 8) throw new RangeError('ownCategoryKey needs at least 6 hex digits');
  return key;
}
