import type { AppLoadContext } from 'react-router';

/** The shapes the enterprise pages render, as the procedures return them (types only). */
type Trpc = AppLoadContext['trpc'];
type Out<F extends (...args: never[]) => unknown> = Awaited<ReturnType<F>>;

export type EnterpriseSummary = Out<Trpc['enterprise']['list']>['items'][number];
export type EnterpriseDetail = Out<Trpc['enterprise']['get']>;
export type EnterpriseContact = EnterpriseDetail['contacts'][number];
export type EnterpriseDocument = EnterpriseDetail['documents'][number];
export type TimelineEntry = Out<Trpc['enterprise']['timeline']>['items'][number];
export type TimelinePage = Out<Trpc['enterprise']['timeline']>;
export type ChangeRequest = Out<Trpc['enterprise']['changes']>[number];
export type TagView = Out<Trpc['tag']['list']>[number];
export type BuildingOption = Out<Trpc['building']['list']>[number];
export type StationOption = Out<Trpc['station']['list']>[number];
export type ImportPreview = Out<Trpc['enterprise']['import']['preview']>;
export type ImportPreviewRow = ImportPreview['rows'][number];
export type ImportStatus = Out<Trpc['enterprise']['import']['status']>;

/** What an action answers a form with: done, or a sentence and the fields it concerns. */
export type FormResult =
  | { ok: true; intent: string }
  | { ok: false; intent: string; error: string | null; fieldErrors: Record<string, string>; conflict?: boolean };
