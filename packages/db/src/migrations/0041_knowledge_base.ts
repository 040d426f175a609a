import { sql, type Kysely } from 'kysely';

/**
 * The knowledge base (知识库, issue 22): articles staff write for the enterprises, their revisions,
 * attachments, the search grams, and the questions an article answered before they were asked.
 *
 * - `knowledge_articles`: one row per article with both language versions as columns (the Chinese
 *   one required, the English one optional — the portal falls back to Chinese). Markdown as typed;
 *   it is rendered and sanitised when read. `version` counts the saves.
 * - `knowledge_revisions`: every save (create, update, publish, unpublish) as the whole article then.
 * - `knowledge_article_files`: attachments, files of the tenant's files table.
 * - `knowledge_grams`: one row per (two-character gram, article) of the title and body in both
 *   languages, as the enterprise names (0002) and item titles (0007): under row-level security only
 *   leakproof equality drives an index scan. `weight` says where the gram is (2 title, 1 body, 3
 *   both); `published` is carried so the portal's suggestions are an index-only walk.
 * - `knowledge_deflections`: "this answered my question" — an enterprise admin closed a draft
 *   consultation after reading an article (the KPI dashboard's deflection rate: these over these
 *   plus the portal consultations created, with an index for each half). `station_id` is the
 *   enterprise's station then, for the dashboard's station filter.
 *
 * Frozen once released.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table knowledge_articles (
      tenant_id uuid not null references tenants (id),
      id uuid not null default sd_uuid7(),
      title text not null check (length(title) between 1 and 200),
      body text not null check (length(body) <= 50000),
      title_en text check (length(title_en) between 1 and 200),
      body_en text check (length(body_en) <= 50000),
      category text not null check (category ~ '^[a-z][a-z_]{1,39}$'),
      tags text[] not null default '{}',
      agency_types text[] not null default '{}',
      status text not null default 'draft' check (status in ('draft', 'published')),
      version integer not null default 1 check (version >= 1),
      source_item_id uuid,
      created_at timestamptz not null default now(),
      created_by uuid,
      updated_at timestamptz not null default now(),
      updated_by uuid,
      published_at timestamptz,
      primary key (tenant_id, id),
      foreign key (tenant_id, source_item_id) references work_items (tenant_id, id)
    );
    create index knowledge_articles_updated on knowledge_articles (tenant_id, updated_at desc, id desc);
    create index knowledge_articles_status_updated on knowledge_articles (tenant_id, status, updated_at desc, id desc);

    create table knowledge_revisions (
      tenant_id uuid not null references tenants (id),
      article_id uuid not null,
      version integer not null check (version >= 1),
      title text not null,
      body text not null,
      title_en text,
      body_en text,
      category text not null,
      tags text[] not null default '{}',
      agency_types text[] not null default '{}',
      status text not null check (status in ('draft', 'published')),
      created_at timestamptz not null default now(),
      created_by uuid,
      primary key (tenant_id, article_id, version),
      foreign key (tenant_id, article_id) references knowledge_articles (tenant_id, id) on delete cascade
    );

    create table knowledge_article_files (
      tenant_id uuid not null references tenants (id),
      article_id uuid not null,
      file_id uuid not null,
      position integer not null default 0,
      primary key (tenant_id, article_id, file_id),
      foreign key (tenant_id, article_id) references knowledge_articles (tenant_id, id) on delete cascade,
      foreign key (tenant_id, file_id) references files (tenant_id, id)
    );

    create table knowledge_grams (
      tenant_id uuid not null,
      gram text not null,
      article_id uuid not null,
      weight smallint not null check (weight between 1 and 3),
      published boolean not null,
      primary key (tenant_id, gram, article_id) include (weight, published),
      foreign key (tenant_id, article_id) references knowledge_articles (tenant_id, id) on delete cascade
    );

    create or replace function sd_knowledge_grams() returns trigger language plpgsql as $$
    begin
      if tg_op = 'UPDATE' then
        if new.title is not distinct from old.title and new.body is not distinct from old.body
           and new.title_en is not distinct from old.title_en and new.body_en is not distinct from old.body_en then
          if new.status is distinct from old.status then
            update knowledge_grams set published = (new.status = 'published') where tenant_id = new.tenant_id and article_id = new.id;
          end if;
          return new;
        end if;
        delete from knowledge_grams where tenant_id = new.tenant_id and article_id = new.id;
      end if;
      insert into knowledge_grams (tenant_id, gram, article_id, weight, published)
        select new.tenant_id, g, new.id, (max(w))::smallint | (min(w))::smallint, new.status = 'published'
          from (
            select unnest(sd_bigrams(new.title || ' ' || coalesce(new.title_en, ''))) g, 2 w
            union all
            select unnest(sd_bigrams(new.body || ' ' || coalesce(new.body_en, ''))) g, 1 w
          ) x
         group by g;
      return new;
    end $$;
    create trigger knowledge_grams after insert or update on knowledge_articles
      for each row execute function sd_knowledge_grams();

    create table knowledge_deflections (
      tenant_id uuid not null references tenants (id),
      id uuid not null default sd_uuid7(),
      article_id uuid not null,
      user_id uuid not null,
      enterprise_id uuid,
      station_id uuid,
      question text not null default '' check (length(question) <= 200),
      created_at timestamptz not null default now(),
      primary key (tenant_id, id),
      foreign key (tenant_id, article_id) references knowledge_articles (tenant_id, id)
    );
    create index knowledge_deflections_created on knowledge_deflections (tenant_id, created_at) include (station_id);
    -- The rate's other half: the portal's consultations created in the period.
    create index work_items_portal_consultations on work_items (tenant_id, created_at) include (station_id)
      where kind = 'consultation' and channel = 'portal';
  `.execute(db);

  for (const table of ['knowledge_articles', 'knowledge_revisions', 'knowledge_article_files', 'knowledge_grams', 'knowledge_deflections']) {
    await sql`
      alter table ${sql.table(table)} enable row level security;
      alter table ${sql.table(table)} force row level security;
      create policy tenant_isolation on ${sql.table(table)}
        using (tenant_id = app_current_tenant())
        with check (tenant_id = app_current_tenant());
    `.execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    drop trigger if exists knowledge_grams on knowledge_articles;
    drop function if exists sd_knowledge_grams();
    drop index if exists work_items_portal_consultations;
    drop table if exists knowledge_deflections, knowledge_grams, knowledge_article_files, knowledge_revisions, knowledge_articles;
  `.execute(db);
}
