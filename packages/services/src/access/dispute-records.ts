import type { TenantActor } from '../context.ts';
import { canSeeWorkItem, type ItemScopeFacts } from './work-item.ts';

/**
 * The case file of a dispute — facts, sessions, evidence, the signed agreement — is the
 * station's: staff and managers who see the item. An enterprise admin, even a party, never.
 */
export function canSeeDisputeRecords(actor: TenantActor, item: ItemScopeFacts): boolean {
  return actor.scope.kind !== 'enterprise' && canSeeWorkItem(actor, item);
}
