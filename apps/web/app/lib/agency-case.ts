import type { RouterOutputs } from '@stationdesk/api';
import { nextAgencyStep, type AgencyStepName, type WorkItemAction } from '@stationdesk/core';

/** The agency case as the item page and the portal render it (the procedure's answers, types only). */
type AgencyCaseAnswer = RouterOutputs['agencyCase']['get'];
type PortalAnswer = { audience: 'portal' };

/** The staff's view of a case (the item page). */
export type AgencyCaseView = Exclude<AgencyCaseAnswer, PortalAnswer> & {
  /** Today in the tenant's zone: the default date of a submission. */
  today: string;
};
/** The portal's view of a case: what the enterprise admin may see of it, nothing more. */
export type PortalAgencyCaseView = Extract<AgencyCaseAnswer, PortalAnswer>;
/** What the item page and the portal both render (the case's facts, its steps, its checklist). */
export type AnyAgencyCaseView = AgencyCaseView | PortalAgencyCaseView;
export type ChecklistEntryView = AnyAgencyCaseView['checklist'][number];
export type MaterialView = ChecklistEntryView['files'][number];

/** The intents of the agency forms; the page actions hand these to runAgencyAction. */
export const agencyIntents = ['agencyUpload', 'agencyReview', 'agencyAdvance', 'agencyPickedUp'] as const;

export function isAgencyIntent(intent: FormDataEntryValue | null): boolean {
  return (agencyIntents as readonly unknown[]).includes(intent);
}

/** The one step a case can move to now (null once done). */
export function nextStepOf(c: Pick<AnyAgencyCaseView, 'step'>): AgencyStepName | null {
  return nextAgencyStep(c.step);
}

/** Files are taken only while the station is still collecting and checking them. */
export function materialsOpen(c: Pick<AnyAgencyCaseView, 'step'>, status: string): boolean {
  return (c.step === 'materials' || c.step === 'precheck') && status !== 'closed';
}

/** Checklist entry key → its name in the reader's language (for the history's material lines). */
export function checklistNames(c: { checklist: readonly ChecklistEntryView[] }, lang: string): Record<string, string> {
  return Object.fromEntries(c.checklist.map((e) => [e.key, lang === 'en' && e.nameEn ? e.nameEn : e.name]));
}

/**
 * The lifecycle actions the agency panel offers in context, left out of the generic action bar:
 * 办结 is the case's last step (once done, a redone item is resolved the usual way), and
 * 要求补充材料 sits with the checklist while files are taken.
 */
export function agencyPanelActions(c: Pick<AgencyCaseView, 'step'>, status: string): WorkItemAction[] {
  return [...(c.step !== 'done' ? (['resolve'] as const) : []), ...(materialsOpen(c, status) ? (['request_info'] as const) : [])];
}
