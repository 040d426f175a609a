import type { RouterOutputs } from '@stationdesk/api';

// The shapes the enterprise pages render: the procedures' answers (RouterOutputs), types only.
export type EnterpriseSummary = RouterOutputs['enterprise']['list']['items'][number];
export type EnterpriseDetail = RouterOutputs['enterprise']['get'];
export type EnterpriseContact = EnterpriseDetail['contacts'][number];
export type EnterpriseDocument = EnterpriseDetail['documents'][number];
export type TimelineEntry = RouterOutputs['enterprise']['timeline']['items'][number];
export type TimelinePage = RouterOutputs['enterprise']['timeline'];
export type ChangeRequest = RouterOutputs['enterprise']['changes'][number];
export type TagView = RouterOutputs['tag']['list'][number];
export type BuildingOption = RouterOutputs['building']['list'][number];
export type StationOption = RouterOutputs['station']['list'][number];
export type ImportPreview = RouterOutputs['enterprise']['import']['preview'];
export type ImportPreviewRow = ImportPreview['rows'][number];
export type ImportStatus = RouterOutputs['enterprise']['import']['status'];
