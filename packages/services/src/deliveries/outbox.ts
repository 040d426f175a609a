import { withTenant, type Db } from '@stationdesk/db';

/**
 * E-mail when no SMTP server is configured (development, the demo): the message is kept in the
 * tenant's outbox, which managers can read in the app.
 */
export async function writeToOutbox(input: { db: Db; tenantId: string; to: string; subject: string; text: string }): Promise<{ externalId: string }> {
  const row = await withTenant(input.db, input.tenantId, (trx) =>
    trx
      .insertInto('email_outbox')
      .values({ tenant_id: input.tenantId, to_address: input.to, subject: input.subject, body_text: input.text })
      .returning('id')
      .executeTakeFirstOrThrow(),
  );
  return { externalId: `outbox:${row.id}` };
}
