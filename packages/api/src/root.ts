import { router, createCallerFactory } from './trpc.ts';
import { authRouter } from './routers/auth/router.ts';
import { stationRouter } from './routers/station/router.ts';
import { buildingRouter } from './routers/building/router.ts';
import { platformRouter } from './routers/platform/router.ts';
import { enterpriseRouter } from './routers/enterprise/router.ts';
import { tagRouter } from './routers/tag/router.ts';
import { workItemRouter } from './routers/work-item/router.ts';
import { agencyCaseRouter, agencyTypeRouter } from './routers/agency/router.ts';
import { portalRouter } from './routers/portal/router.ts';
import { disputeRouter, warningRouter } from './routers/dispute/router.ts';
import { calendarRouter } from './routers/calendar/router.ts';
import { slaPolicyRouter } from './routers/sla-policy/router.ts';
import { dutyRouter } from './routers/duty/router.ts';
import { notificationRouter } from './routers/notification/router.ts';
import { webhookRouter } from './routers/webhook/router.ts';
import { deliveryRouter } from './routers/delivery/router.ts';
import { outboxRouter } from './routers/outbox/router.ts';
import { opsRouter } from './routers/ops/router.ts';
import { kpiRouter } from './routers/kpi/router.ts';
import { patrolPlanRouter } from './routers/patrol-plan/router.ts';
import { patrolRoundRouter } from './routers/patrol-round/router.ts';
import { kpiTargetRouter } from './routers/kpi-target/router.ts';
import { wallDisplayRouter } from './routers/wall-display/router.ts';
import { visitRouter } from './routers/visit/router.ts';
import { reportRouter } from './routers/report/router.ts';
import { patrolCategoryRouter, patrolFindingRouter } from './routers/patrol-finding/router.ts';
import { partyOrgRouter } from './routers/party-org/router.ts';
import { servicePostRouter } from './routers/service-post/router.ts';
import { dutyShiftRouter } from './routers/duty-shift/router.ts';
import { patrolRuleRouter } from './routers/patrol-rule/router.ts';
import { intakeTokenRouter } from './routers/intake-token/router.ts';
import { activityRouter } from './routers/activity/router.ts';
import { memberRouter } from './routers/member/router.ts';
import { invitationRouter } from './routers/invitation/router.ts';
import { partyRouter } from './routers/party/router.ts';
import { patrolRouter } from './routers/patrol/router.ts';
import { tenantRouter } from './routers/tenant/router.ts';
import { supportAccessRouter } from './routers/support-access/router.ts';
import { auditRouter } from './routers/audit/router.ts';
import { tenantExportRouter } from './routers/tenant-export/router.ts';
import { knowledgeRouter } from './routers/knowledge/router.ts';
import { noticeRouter } from './routers/notice/router.ts';

export const appRouter = router({
  auth: authRouter,
  station: stationRouter,
  building: buildingRouter,
  platform: platformRouter,
  enterprise: enterpriseRouter,
  tag: tagRouter,
  workItem: workItemRouter,
  agencyType: agencyTypeRouter,
  agencyCase: agencyCaseRouter,
  portal: portalRouter,
  dispute: disputeRouter,
  warning: warningRouter,
  calendar: calendarRouter,
  slaPolicy: slaPolicyRouter,
  duty: dutyRouter,
  notification: notificationRouter,
  webhook: webhookRouter,
  delivery: deliveryRouter,
  outbox: outboxRouter,
  ops: opsRouter,
  kpi: kpiRouter,
  patrolPlan: patrolPlanRouter,
  patrolRound: patrolRoundRouter,
  kpiTarget: kpiTargetRouter,
  wallDisplay: wallDisplayRouter,
  visit: visitRouter,
  report: reportRouter,
  patrolFinding: patrolFindingRouter,
  patrolCategory: patrolCategoryRouter,
  partyOrg: partyOrgRouter,
  servicePost: servicePostRouter,
  dutyShift: dutyShiftRouter,
  patrolRule: patrolRuleRouter,
  intakeToken: intakeTokenRouter,
  activity: activityRouter,
  member: memberRouter,
  invitation: invitationRouter,
  party: partyRouter,
  patrol: patrolRouter,
  tenant: tenantRouter,
  supportAccess: supportAccessRouter,
  audit: auditRouter,
  tenantExport: tenantExportRouter,
  knowledge: knowledgeRouter,
  notice: noticeRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
