import { sql, type Kysely } from 'kysely';

/**
 * A file opens for whoever may see what it is attached to (issue 15): the agreement generated for
 * signing is attached to its dispute here (the last one generated), and the download looks up a
 * file among message attachments by the GIN index rather than scanning every message.
 * Frozen once released.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    alter table dispute_cases add column agreement_file_id uuid;
    alter table dispute_cases add foreign key (tenant_id, agreement_file_id) references files (tenant_id, id);
    create index work_item_messages_attachments_idx on work_item_messages using gin (attachment_ids);
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    drop index work_item_messages_attachments_idx;
    alter table dispute_cases drop column agreement_file_id;
  `.execute(db);
}
