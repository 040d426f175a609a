/**
 * What a service post offers (服务项目). The product ships the report's eight kinds; a tenant
 * renames, hides, reorders or adds to them — stored rows override the defaults by key, as patrol
 * categories do — so a new tenant has the defaults without any row.
 */
export const defaultPartyServiceKeys = [
  'guidance',
  'elderly_care',
  'first_aid',
  'legal_aid',
  'policy_talks',
  'repairs',
  'mother_baby',
  'transit_guide',
] as const;
export type DefaultPartyServiceKey = (typeof defaultPartyServiceKeys)[number];

/** A key: lower-case ASCII, digits and underscores, starting with a letter. */
export const partyServiceKeyPattern = /^[a-z][a-z0-9_]{1,39}$/;

export interface StoredPartyService {
  key: string;
  name: string | null;
  nameEn: string | null;
  active: boolean;
  position: number;
}

export interface PartyService extends StoredPartyService {
  /** One of the product's defaults: its name falls back to the translated default. */
  builtIn: boolean;
}

export function isDefaultPartyService(key: string): key is DefaultPartyServiceKey {
  return (defaultPartyServiceKeys as readonly string[]).includes(key);
}

/** The tenant's list: the defaults in their order, overridden by stored rows, then its own; by position. */
export function mergePartyServices(stored: readonly StoredPartyService[]): PartyService[] {
  const byKey = new Map(stored.map((s) => [s.key, s]));
  const defaults = defaultPartyServiceKeys.map((key, i): PartyService => {
    const s = byKey.get(key);
    return s ? { ...s, builtIn: true } : { key, name: null, nameEn: null, active: true, position: (i + 1) * 10, builtIn: true };
  });
  const own = stored.filter((s) => !isDefaultPartyService(s.key)).map((s): PartyService => ({ ...s, builtIn: false }));
  return [...defaults, ...own].sort((a, b) => a.position - b.position || a.key.localeCompare(b.key));
}

/** A service of the tenant's own: `s_` and a random suffix (hex from the caller). */
export function ownPartyServiceKey(randomHex: string): string {
  const key = `s_${randomHex.toLowerCase().replace(/[^0-9a-f]/g, '').slice(0, 12)}`;
  if (!partyServiceKeyPattern.test(key) || key.length < 8) throw new RangeError('ownPartyServiceKey needs at least 6 hex digits');
  return key;
}
