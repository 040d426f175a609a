import type { AppLoadContext } from 'react-router';
import { nextAgencyStep, type AgencyStepName, type WorkItemAction } from '@stationdesk/core';

/** The agency case as the item page and the portal render it (the procedure's shape, types only). */
type Trpc = AppLoadContext['trpc'];
export type AgencyCaseView = Awaited<ReturnType<Trpc['agencyCase']['get']>> & {
  /** The case type's English name, for readers who chose English. */
  typeNameEn: string | null;
  /** Today in the tenant's zone: the default date of a submission. */
  today: string;
};
export type ChecklistEntryView = AgencyCaseView['checklist'][number];
export type MaterialView = ChecklistEntryView['files'][number];

/** The intents of the agency forms; the page actions hand these to runAgencyAction. */
export const agencyIntents = ['agencyUpload', 'agencyReview', 'agencyAdvance', 'agencyPickedUp'] as const;

export function isAgencyIntent(intent: FormDataEntryValue | null): boolean {
  return (agencyIntents as readonly unknown[]).includes(intent);
}

/** The one step a case can move to now (null once done). */
export function nextStepOf(c: Pick<AgencyCaseView, 'step'>): AgencyStepName | null {
  return nextAgencyStep(c.step);
}

/** Files are taken only while the station is still collecting and checking them. */
export function materialsOpen(c: Pick<AgencyCaseView, 'step'>, status: string): boolean {
  return (c.step === 'materials' || c.step === 'precheck') && status !== 'closed';
}

/** Checklist entry key → its name in the reader's language (for the history's material lines). */
export function checklistNames(c: Pick<AgencyCaseView, 'checklist'>, lang: string): Record<string, string> {
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
