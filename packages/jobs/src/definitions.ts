import { z } from 'zod';
import { queueNames, type QueueName } from './queues.ts';

/** A job: its queue, name and payload schema, apart from the processor that runs it. */
export interface JobDefinition<S extends z.ZodType = z.ZodType> {
  queue: QueueName;
  name: string;
  version: number;
  payload: S;
  /** Overrides of the queue defaults. */
  options?: { removeOnComplete?: boolean; removeOnFail?: boolean; attempts?: number };
}

function define<S extends z.ZodType>(queue: QueueName, name: string, payload: S, options?: JobDefinition['options']): JobDefinition<S> {
  return { queue, name, version: 1, payload, ...(options ? { options } : {}) };
}

/**
 * The database records what happened to reminders and deliveries, so their jobs are not kept once
 * finished: a job id only collapses adds while the job waits or runs. (BullMQ ignores an add whose
 * id matches a kept job — a kept finished flush would swallow the next hour's flushes.)
 */
const dbTracked = { removeOnComplete: true, removeOnFail: true } as const;

const id = z.uuid();

/** Payloads carry ids only: no personal data, no secrets (DESIGN §5). */
export const jobs = {
  /** Proves the worker is alive; the platform page shows when it last ran. */
  heartbeat: define(queueNames.maintenance, 'heartbeat', z.object({ at: z.string() }).strict()),
  /** Every minute: re-enqueue due reminders the queue lost, schedule digests, retry stuck deliveries. */
  reconcile: define(queueNames.maintenance, 'reconcile', z.object({}).strict()),
  /** Every few minutes and at start: every tenant's patrol rounds up to its today, missed days caught up. */
  generatePatrolRounds: define(queueNames.maintenance, 'patrol-rounds', z.object({}).strict()),
  /**
   * Automatic findings (自动发现): every tenant's rules hourly and at start (no tenant), or one
   * tenant's soon after a change that may raise or clear one (a document saved, a rule's settings).
   */
  runPatrolRules: define(queueNames.maintenance, 'patrol-rules', z.object({ tenantId: id.optional() }).strict(), dbTracked),
  /** A reminder is due: re-check it inside its tenant and fan out to recipients and channels. */
  fireReminder: define(queueNames.reminders, 'fire', z.object({ tenantId: id, reminderId: id }).strict(), dbTracked),
  /** Send what is pending for one recipient on one channel (e-mail, robot), as one message. */
  flushDeliveries: define(
    queueNames.notifications,
    'flush',
    z.object({ tenantId: id, channel: z.enum(['inbox', 'email', 'webhook']), target: z.string().min(1).max(100) }).strict(),
    dbTracked,
  ),
  /** Write what is pending in one tenant's in-app inboxes: one notification per recipient. */
  flushInbox: define(queueNames.notifications, 'flush-inbox', z.object({ tenantId: id }).strict(), dbTracked),
  /** A manager's tenant export: the zip of every domain and the files (tenant_exports keeps its state). */
  tenantExport: define(queueNames.maintenance, 'tenant-export', z.object({ tenantId: id, exportId: id }).strict(), dbTracked),
  /** A published notice by e-mail to its recipients' admins (notice_recipients.emailed_at keeps what was sent). */
  noticeEmails: define(queueNames.notifications, 'notice-emails', z.object({ tenantId: id, noticeId: id }).strict(), dbTracked),
};

/** Job ids BullMQ accepts (no ':'), derived from ours so a re-enqueue is the same job. */
export const reminderJobId = (reminderId: string) => `rem-${reminderId}`;
/** One tenant's rules run: changes close together collapse into the one run still waiting. */
export const patrolRulesJobId = (tenantId: string) => `patrol-rules-${tenantId}`;
/** One job per export: a re-enqueue by the reconciler while it waits or runs is the same job. */
export const tenantExportJobId = (exportId: string) => `tenant-export-${exportId}`;
/** One job per published notice: a second enqueue while it waits or runs is the same job. */
export const noticeEmailJobId = (noticeId: string) => `notice-email-${noticeId}`;
export const flushJobId = (tenantId: string, channel: string, target: string) => `flush-${tenantId}-${channel}-${target}`;

/**
 * A tenant's inbox flush, run now (the worker writes the inbox as it fires; this takes what was
 * left pending). The id names the moment: a flush that already ran must not swallow a later one.
 */
export const inboxFlushJobId = (tenantId: string, now = Date.now()) => `inbox-${tenantId}-${now}`;
