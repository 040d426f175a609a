import { sql, type Kysely } from 'kysely';

/**
 * A rename deleted the old grams by (tenant_id, enterprise_id) / (tenant_id, item_id), which no
 * index serves: each renamed enterprise or retitled item scanned every gram of the tenant (1.1 and
 * 11 million rows at bench volume). The old name's grams are known, so the delete now goes through
 * the primary key (tenant_id, gram, id).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create or replace function sd_enterprise_grams() returns trigger language plpgsql as $$
    begin
      if tg_op = 'UPDATE' then
        if new.name is not distinct from old.name and new.name_en is not distinct from old.name_en then return new; end if;
        delete from enterprise_name_grams
         where tenant_id = old.tenant_id and gram = any(sd_bigrams(old.name || ' ' || coalesce(old.name_en, ''))) and enterprise_id = old.id;
      end if;
      insert into enterprise_name_grams (tenant_id, gram, enterprise_id)
        select new.tenant_id, g, new.id from unnest(sd_bigrams(new.name || ' ' || coalesce(new.name_en, ''))) g
        on conflict do nothing;
      return new;
    end $$;

    create or replace function sd_work_item_grams() returns trigger language plpgsql as $$
    begin
      if tg_op = 'UPDATE' then
        if new.title is not distinct from old.title then return new; end if;
        delete from work_item_title_grams
         where tenant_id = old.tenant_id and gram = any(sd_bigrams(old.title)) and item_id = old.id;
      end if;
      insert into work_item_title_grams (tenant_id, gram, item_id)
        select new.tenant_id, g, new.id from unnest(sd_bigrams(new.title)) g
        on conflict do nothing;
      return new;
    end $$;
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    create or replace function sd_enterprise_grams() returns trigger language plpgsql as $$
    begin
      if tg_op = 'UPDATE' then
        if new.name is not distinct from old.name and new.name_en is not distinct from old.name_en then return new; end if;
        delete from enterprise_name_grams where tenant_id = new.tenant_id and enterprise_id = new.id;
      end if;
      insert into enterprise_name_grams (tenant_id, gram, enterprise_id)
        select new.tenant_id, g, new.id from unnest(sd_bigrams(new.name || ' ' || coalesce(new.name_en, ''))) g
        on conflict do nothing;
      return new;
    end $$;

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
  `.execute(db);
}
