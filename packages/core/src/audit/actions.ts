/**
 * The actions the code writes to the audit log today, each with a readable label in the locale
 * files (`audit.action.<action with dots as underscores>`). The viewer offers these in its filter;
 * an action written later and not yet named here is still listed, shown as written.
 */
export const auditActions = [
  'activity.phoneRevealed',
  'activity.revealRefused',
  'agencyType.created',
  'agencyType.updated',
  'audit.exported',
  'calendar.daysReplaced',
  'calendar.officialYearImported',
  'calendar.updated',
  'calendar.yearImported',
  'delivery.retry',
  'dispute.partyRevealed',
  'dispute.revealRefused',
  'dispute.settingsChanged',
  'duty.updated',
  'enterprise.contactAdded',
  'enterprise.contactRemoved',
  'enterprise.contactUpdated',
  'enterprise.created',
  'enterprise.documentAdded',
  'enterprise.documentRemoved',
  'enterprise.documentUpdated',
  'enterprise.imported',
  'enterprise.notesChanged',
  'enterprise.tagsChanged',
  'enterprise.updated',
  'intakeToken.created',
  'intakeToken.revoked',
  'kpi.targetsChanged',
  'partyOrg.contactRevealed',
  'partyOrg.created',
  'partyOrg.revealRefused',
  'partyOrg.updated',
  'partyService.created',
  'partyService.updated',
  'patrolCategory.created',
  'patrolCategory.updated',
  'patrolFinding.intake',
  'patrolRule.updated',
  'servicePost.checkInCodeIssued',
  'slaPolicy.updated',
  'tenantExport.downloaded',
  'tenantExport.requested',
  'wallDisplay.created',
  'wallDisplay.revoked',
  'webhook.create',
  'webhook.delete',
  'webhook.update',
  'workItem.rectified',
] as const;
export type AuditAction = (typeof auditActions)[number];

/** The locale key of an action's label (i18next reads dots as nesting, so they become underscores). */
export function auditActionKey(action: string): string {
  return `audit.action.${action.replace(/[^A-Za-z0-9]/g, '_')}`;
}
