import type { Db } from '@stationdesk/db';
import { sendNoticeEmails, type Senders } from '@stationdesk/services';

/**
 * notifications/notice-emails: a published notice to its recipients' admins by e-mail (SMTP when
 * configured, else the tenant's outbox). Idempotent: each enterprise is marked once sent to.
 */
export function noticeEmails(deps: { db: Db; senders: Senders }) {
  return (data: unknown) => sendNoticeEmails(deps, data as { tenantId: string; noticeId: string });
}
