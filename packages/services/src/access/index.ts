/**
 * Who may see what: the visibility rules and checks several domains share (an item's files, a
 * dispute's parties, a new item's enterprise). Below every domain folder, so none imports another
 * just to ask.
 */
export * from './enterprise.ts';
export * from './work-item.ts';
export * from './dispute-records.ts';
