import type { WorkItemKind } from '../work-items/number.ts';

/**
 * Patrol findings are the station's own inspection records: an enterprise admin never sees one —
 * in the portal's list, as an item, on its timeline or as a photo —, though a finding may be about
 * its enterprise (staff see it on the enterprise's timeline).
 */
export const kindsHiddenFromEnterprises = ['patrol'] as const satisfies readonly WorkItemKind[];

export function enterpriseSeesKind(kind: string): boolean {
  return !(kindsHiddenFromEnterprises as readonly string[]).includes(kind);
}
