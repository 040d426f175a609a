import { sql, type Kysely } from 'kysely';

/**
 * Names and titles pasted from Word or typed with a Chinese input method carry full-width letters
 * and digits (ＡＢＣ, ９１３); the search box folds what people type with NFKC (core's
 * normalizeSearchText), so the grams are built from the NFKC form of the stored text too — then
 * "ABC" finds "ＡＢＣ科技" and "ＡＢＣ" finds "ABC科技". Only rows whose text NFKC changes get new
 * grams. Characters are code points on both sides (substr, length), as in 0002.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create or replace function sd_bigrams(t text) returns text[] language sql immutable parallel safe as $$
      select coalesce(array_agg(distinct substr(s, i, 2)), '{}')
        from (select lower(regexp_replace(normalize(coalesce(t, ''), NFKC), '\\s+', '', 'g')) as s) x,
             generate_series(1, greatest(length(x.s) - 1, 0)) i
    $$;

    delete from enterprise_name_grams g using enterprises e
     where e.tenant_id = g.tenant_id and e.id = g.enterprise_id
       and (e.name <> normalize(e.name, NFKC) or e.name_en <> normalize(e.name_en, NFKC));
    insert into enterprise_name_grams (tenant_id, gram, enterprise_id)
      select e.tenant_id, g, e.id from enterprises e, unnest(sd_bigrams(e.name || ' ' || coalesce(e.name_en, ''))) g
       where e.name <> normalize(e.name, NFKC) or e.name_en <> normalize(e.name_en, NFKC)
      on conflict do nothing;

    delete from work_item_title_grams g using work_items w
     where w.tenant_id = g.tenant_id and w.id = g.item_id and w.title <> normalize(w.title, NFKC);
    insert into work_item_title_grams (tenant_id, gram, item_id)
      select w.tenant_id, g, w.id from work_items w, unnest(sd_bigrams(w.title)) g
       where w.title <> normalize(w.title, NFKC)
      on conflict do nothing;
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    delete from enterprise_name_grams g using enterprises e
     where e.tenant_id = g.tenant_id and e.id = g.enterprise_id
       and (e.name <> normalize(e.name, NFKC) or e.name_en <> normalize(e.name_en, NFKC));
    delete from work_item_title_grams g using work_items w
     where w.tenant_id = g.tenant_id and w.id = g.item_id and w.title <> normalize(w.title, NFKC);

    create or replace function sd_bigrams(t text) returns text[] language sql immutable parallel safe as $$
      select coalesce(array_agg(distinct substr(s, i, 2)), '{}')
        from (select lower(regexp_replace(coalesce(t, ''), '\\s+', '', 'g')) as s) x,
             generate_series(1, greatest(length(x.s) - 1, 0)) i
    $$;

    insert into enterprise_name_grams (tenant_id, gram, enterprise_id)
      select e.tenant_id, g, e.id from enterprises e, unnest(sd_bigrams(e.name || ' ' || coalesce(e.name_en, ''))) g
       where e.name <> normalize(e.name, NFKC) or e.name_en <> normalize(e.name_en, NFKC)
      on conflict do nothing;
    insert into work_item_title_grams (tenant_id, gram, item_id)
      select w.tenant_id, g, w.id from work_items w, unnest(sd_bigrams(w.title)) g
       where w.title <> normalize(w.title, NFKC)
      on conflict do nothing;
  `.execute(db);
}
