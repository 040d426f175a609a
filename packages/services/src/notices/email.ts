import { withTenant, type Db } from '@stationdesk/db';
import { translator } from '@stationdesk/i18n';
import { languageOf } from '../deliveries/message.ts';
import type { Senders } from '../deliveries/flush.ts';

/** Enterprises e-mailed per transaction. */
const BATCH = 100;

/**
 * notifications/notice-emails: a published notice by e-mail to the active admins of each recipient
 * enterprise that has not been e-mailed yet, through the deliveries' senders (SMTP when configured,
 * else the tenant's outbox as for every e-mail). Each enterprise is marked `emailed_at` once its
 * admins were sent to, so a second run (a retry, a re-enqueue) goes on where the first stopped and
 * sends nothing twice — except to the one enterprise a crash interrupted mid-way.
 */
export async function sendNoticeEmails(deps: { db: Db; senders: Senders }, payload: { tenantId: string; noticeId: string }): Promise<{ enterprises: number; emails: number }> {
  const { db, senders } = deps;
  const { tenantId, noticeId } = payload;
  let enterprises = 0;
  let emails = 0;
  for (;;) {
    const batch = await withTenant(db, tenantId, async (trx) => {
      const notice = await trx.selectFrom('notices').select(['title', 'body', 'status']).where('id', '=', noticeId).executeTakeFirst();
      if (!notice || notice.status !== 'published') return null;
      const pending = await trx
        .selectFrom('notice_recipients')
        .select('enterprise_id')
        .where('notice_id', '=', noticeId)
        .where('emailed_at', 'is', null)
        .orderBy('enterprise_id')
        .limit(BATCH)
        .execute();
      if (pending.length === 0) return null;
      const admins = await trx
        .selectFrom('memberships as m')
        .innerJoin('users as u', 'u.id', 'm.user_id')
        .select(['m.enterprise_id', 'u.email', 'u.display_name', 'u.locale'])
        .where('m.role', '=', 'enterprise_admin')
        .where('m.deactivated_at', 'is', null)
        .where('m.enterprise_id', 'in', pending.map((p) => p.enterprise_id))
        .execute();
      return { notice, pending: pending.map((p) => p.enterprise_id), admins };
    });
    if (!batch) break;
    for (const enterpriseId of batch.pending) {
      for (const a of batch.admins.filter((x) => x.enterprise_id === enterpriseId)) {
        const t = translator(languageOf(a.locale));
        await senders.email({
          db,
          tenantId,
          to: a.email,
          toName: a.display_name,
          subject: t('notices.mail.subject', { title: batch.notice.title }),
          text: t('notices.mail.body', { title: batch.notice.title, body: batch.notice.body }),
        });
        emails++;
      }
      await withTenant(db, tenantId, (trx) =>
        trx.updateTable('notice_recipients').set({ emailed_at: new Date() }).where('notice_id', '=', noticeId).where('enterprise_id', '=', enterpriseId).execute(),
      );
      enterprises++;
    }
  }
  return { enterprises, emails };
}
