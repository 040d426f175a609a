import { sql, type Kysely } from 'kysely';

/**
 * Staff find an item by a fragment of its title (two Chinese characters must do) or by its number
 * (the unique (tenant_id, number) index). Titles get the enterprise names' design (0002): one row
 * per (two-character gram, item), since under row-level security only leakproof operators (=, <, >)
 * may drive an index scan — a GIN index with @> would never be used.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table work_item_title_grams (
      tenant_id uuid not null,
      gram text not null,
      item_id uuid not null,
      primary key (tenant_id, gram, item_id),
      foreign key (tenant_id, item_id) references work_items (tenant_id, id) on delete cascade
    );

    create or replace function sd_work_item_grams() returns trigger language plpgsql as $$
    begin
      if tg_op = 'UPDATE' then
        if new.title is not distinct from old.title then return new; end if;
        delete from work_item_title_grams where tenant_id = new.tenant_id and item_id = new.id;
      end if;
      insert into work_item_title_grams (tenant_id, gram, item_id)
        select new.tenant_id, g, new.id from unnest(sd_bigrams(new.title)) g
        on conflict do nothing;
      return new;
    end $$;
    create trigger work_item_grams after insert or update of title on work_items
      for each row execute function sd_work_item_grams();

    insert into work_item_title_grams (tenant_id, gram, item_id)
      select w.tenant_id, g, w.id from work_items w, unnest(sd_bigrams(w.title)) g
      on conflict do nothing;

    alter table work_item_title_grams enable row level security;
    alter table work_item_title_grams force row level security;
    create policy tenant_isolation on work_item_title_grams
      using (tenant_id = app_current_tenant())
      with check (tenant_id = app_current_tenant());
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    drop trigger if exists work_item_grams on work_items;
    drop function if exists sd_work_item_grams();
    drop table if exists work_item_title_grams;
  `.execute(db);
}
