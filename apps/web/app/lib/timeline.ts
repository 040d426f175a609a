/**
 * How the enterprise timeline names and links its entries. The view gives file changes their audit
 * action (enterprise.updated), proposals enterprise.change.<kind> and work-item events
 * workItem.<action>; a work item's events are named as its own history names them.
 */
const ITEM_EVENT = 'workItem.';

export function timelineTitleKey(title: string): string {
  return title.startsWith(ITEM_EVENT) ? `workItems.history.action.${title.slice(ITEM_EVENT.length)}` : `vocab.timeline.${title}`;
}

export function isItemEntry(title: string): boolean {
  return title.startsWith(ITEM_EVENT);
}

/** The page an entry's item opens on: the enterprise's own portal page; for the desk a dispute's case page, a patrol finding's page, else the item. */
export function timelineItemHref(kind: string, itemId: string, forEnterprise: boolean): string {
  if (forEnterprise) return `/portal/items/${itemId}`;
  return kind === 'dispute' ? `/disputes/${itemId}` : kind === 'patrol' ? `/patrol/findings/${itemId}` : `/items/${itemId}`;
}
