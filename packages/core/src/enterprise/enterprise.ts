/** 一企一档 vocabulary: statuses, industries (GB/T 4754-2017 门类), document types. */
export const enterpriseStatuses = ['active', 'moving_out', 'moved_out', 'deregistered'] as const;
export type EnterpriseStatus = (typeof enterpriseStatuses)[number];

/** Top-level sections A–T of the national industry classification. Labels live in the locale files. */
export const industries = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I', 'J', 'K', 'L', 'M', 'N', 'O', 'P', 'Q', 'R', 'S', 'T'] as const;
export type Industry = (typeof industries)[number];

export const documentTypes = ['business_licence', 'lease', 'fire_safety', 'food_business', 'tax_registration', 'environmental', 'other'] as const;
export type DocumentType = (typeof documentTypes)[number];

export const tagColors = ['slate', 'red', 'amber', 'green', 'blue', 'violet'] as const;
export type TagColor = (typeof tagColors)[number];

export const changeRequestKinds = ['contact_add', 'contact_update', 'contact_remove', 'document_add', 'document_update'] as const;
export type ChangeRequestKind = (typeof changeRequestKinds)[number];

/** What the audit log records about a file; each is a line of the enterprise timeline. */
export const enterpriseFileActions = [
  'enterprise.created',
  'enterprise.updated',
  'enterprise.notesChanged',
  'enterprise.tagsChanged',
  'enterprise.contactAdded',
  'enterprise.contactUpdated',
  'enterprise.contactRemoved',
  'enterprise.documentAdded',
  'enterprise.documentUpdated',
  'enterprise.documentRemoved',
  'enterprise.imported',
] as const;
export type EnterpriseFileAction = (typeof enterpriseFileActions)[number];

/** Days until a date (local 'YYYY-MM-DD'), negative when past. */
export function daysUntil(date: string, today: string): number {
  return Math.round((Date.parse(`${date}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / 86_400_000);
}

/** Field-level differences between two versions of a file, for the audit log and the history view. */
export function diffFields<T extends Record<string, unknown>>(before: T, after: Partial<T>): Record<string, [unknown, unknown]> {
  const changes: Record<string, [unknown, unknown]> = {};
  for (const key of Object.keys(after)) {
    const a = before[key];
    const b = after[key];
    if (b === undefined) continue;
    const same = JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
    if (!same) changes[key] = [a ?? null, b ?? null];
  }
  return changes;
}
