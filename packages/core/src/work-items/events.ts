import { systemActions, workItemActions } from './lifecycle.ts';

/**
 * Every line a work item's history can hold (work_item_events.action): the lifecycle transitions
 * and the events recorded beside them. Services record only these, so the item's history and the
 * enterprise timeline can name each one in both languages (a test checks the locale files).
 */
export const workItemEventActions = [
  'create',
  ...workItemActions,
  // System steps (lifecycle.ts): release — the handler was deactivated, the item back to dispatch
  ...systemActions,
  'first_contact',
  'converted',
  // 整改完成: the rectification a 不满意 rating left, put right (visit.markRectified)
  'rectified',
  'chase',
  'supervise',
  'extension_requested',
  'extension_approved',
  'extension_rejected',
  // 代办: materials and steps
  'material_uploaded',
  'material_accepted',
  'material_rejected',
  'agency_step',
  'picked_up',
  // 调解: sessions, outcome, follow-ups, warnings
  'dispute_inquiry',
  'dispute_mediation',
  'dispute_outcome',
  'dispute_visit',
  'dispute_facts_updated',
  'dispute_evidence',
  'dispute_agreement_signed',
  'warning_acknowledged',
  // 自动发现: the rule that raised a patrol finding says its condition no longer holds, or holds again
  'condition_cleared',
  'condition_recurred',
  // The item went along when its building moved to another station (building.move, issue 21)
  'station_moved',
] as const;
export type WorkItemEventAction = (typeof workItemEventActions)[number];
