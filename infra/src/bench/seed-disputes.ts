import type pg from 'pg';
import type { BenchContext } from './scenarios.ts';

/**
 * The dispute cases behind the 20,000 dispute work items (issue 矛盾预警), with the demo seed's
 * distributions (packages/db/src/seed/demo-disputes.ts) drawn from hashes in SQL: wage arrears
 * the most common type, most filed by the parties; a few group disputes; the risk score by the
 * product's default points (wage arrears 6, 1 per ¥10,000 up to 8, 1 per person up to 8, enterprise
 * moving out 6, social-insurance arrears 4, prior escalation 6; yellow ≥ 10, red ≥ 20, ten people
 * or more red); concluded cases mostly by agreement, performed or not by the 7-day visit; a warning
 * for every yellow or red case, most acknowledged; parties and the risk history.
 */
export async function seedBenchDisputes(client: pg.Client, ctx: BenchContext): Promise<void> {
  await client.query(`select set_config('app.tenant_id', $1, false)`, [ctx.tenantId]);
  await client.query(
    `create temporary table bench_disputes on commit preserve rows as
     with d as (select w.id, w.created_at, w.status, w.resolved_at, w.enterprise_id, coalesce(e.status, 'active') as enterprise_status,
                       abs(hashtext(w.id::text)) as h1, abs(hashtext(w.id::text || ':2')) as h2, abs(hashtext(w.id::text || ':3')) as h3
                  from work_items w left join enterprises e on e.tenant_id = w.tenant_id and e.id = w.enterprise_id
                 where w.tenant_id = $1 and w.kind = 'dispute'),
          t as (select d.*,
                       case when h1 % 100 < 45 then 'wage_arrears' when h1 % 100 < 65 then 'labour_contract' when h1 % 100 < 75 then 'social_insurance'
                            when h1 % 100 < 85 then 'property' when h1 % 100 < 95 then 'commercial' else 'other' end as dispute_type,
                       case when h2 % 100 < 45 then 'party_application' when h2 % 100 < 65 then 'found_by_staff' when h2 % 100 < 75 then 'police_transfer'
                            when h2 % 100 < 80 then 'court_transfer' when h2 % 100 < 92 then 'government_transfer' else 'enterprise_report' end as source,
                       (h3 % 100) as r1, ((h3 / 100) % 100) as r2, ((h3 / 10000) % 100) as r3
                  from d),
          p as (select t.*,
                       case when t.dispute_type in ('wage_arrears', 'labour_contract', 'social_insurance')
                            then case when r1 < 5 then 10 + r2 % 25 when r1 < 17 then 4 + r2 % 6 else 1 + r2 % 3 end else 1 end as people,
                       t.dispute_type = 'social_insurance' or r2 < 8 as si,
                       r3 < 6 as escalation
                  from t),
          m as (select p.*, case when p.dispute_type = 'other' then null else p.people * (5000 + (p.h1 / 100) % 30000) end::numeric(14, 2) as amount from p),
          f as (select m.*,
                       case when m.dispute_type = 'wage_arrears' then 6 else 0 end as f_wage,
                       least(floor(coalesce(m.amount, 0) / 10000)::int, 8) as f_amount,
                       least(m.people, 8) as f_people,
                       case when m.enterprise_status <> 'active' then 6 else 0 end as f_enterprise,
                       case when m.si then 4 else 0 end as f_si,
                       case when m.escalation then 6 else 0 end as f_escalation
                  from m),
          s as (select f.*, f_wage + f_amount + f_people + f_enterprise + f_si + f_escalation as score, f.people >= 10 as group_dispute from f)
     select s.*,
            case when s.group_dispute or s.score >= 20 then 'red' when s.score >= 10 then 'yellow' else 'green' end as level,
            (case when f_wage > 0 then jsonb_build_array(jsonb_build_object('indicator', 'wageArrears', 'points', f_wage)) else '[]'::jsonb end
             || case when f_amount > 0 then jsonb_build_array(jsonb_build_object('indicator', 'amount', 'points', f_amount)) else '[]'::jsonb end
             || jsonb_build_array(jsonb_build_object('indicator', 'people', 'points', f_people))
             || case when f_enterprise > 0 then jsonb_build_array(jsonb_build_object('indicator', 'enterpriseMovingOrClosing', 'points', f_enterprise)) else '[]'::jsonb end
             || case when f_si > 0 then jsonb_build_array(jsonb_build_object('indicator', 'socialInsuranceArrears', 'points', f_si)) else '[]'::jsonb end
             || case when f_escalation > 0 then jsonb_build_array(jsonb_build_object('indicator', 'priorEscalation', 'points', f_escalation)) else '[]'::jsonb end
             || case when s.group_dispute then '[{"indicator": "groupDispute", "points": 0}]'::jsonb else '[]'::jsonb end) as factors,
            case when s.status in ('resolved', 'visited', 'closed')
                 then case when r3 < 70 then 'agreement' when r3 < 80 then 'referred' when r3 < 88 then 'withdrawn' else 'failed' end end as outcome,
            -- When the item was resolved (seed-work-items: within the 30 days, a few late); a withdrawal when it was closed.
            case when s.status in ('resolved', 'visited', 'closed')
                 then coalesce(s.resolved_at, s.created_at + least(make_interval(days => 3 + (s.h2 / 100) % 26), (now() - s.created_at) * 0.8)) end as outcome_at
       from s`,
    [ctx.tenantId],
  );
  // The work items tell the same story: titles by type, resolved when the outcome was recorded.
  // Their title grams are rebuilt in one pass afterwards rather than by the retitle row trigger (migration 0040).
  await client.query('alter table work_items disable trigger work_item_grams_retitle');
  await client.query(
    `update work_items w
        set title = case b.dispute_type when 'wage_arrears' then '调解：员工反映公司拖欠工资' when 'labour_contract' then '调解：解除劳动合同经济补偿争议'
                      when 'social_insurance' then '调解：公司未足额缴纳社会保险' when 'property' then '调解：租赁期满押金退还争议'
                      when 'commercial' then '调解：货款结算争议' else '调解：员工与公司就年休假产生争议' end,
            category = b.dispute_type,
            priority = case when b.level = 'red' then 'urgent' else 'normal' end,
            resolved_at = b.outcome_at,
            closed_at = case when w.status = 'closed' then greatest(b.outcome_at, least(b.outcome_at + interval '32 days', now() - interval '1 hour')) end,
            resolved_ok = case when b.outcome is not null then b.outcome in ('agreement', 'withdrawn') end,
            updated_at = coalesce(b.outcome_at, w.created_at)
       from bench_disputes b
      where w.tenant_id = $1 and w.id = b.id`,
    [ctx.tenantId],
  );
  await client.query('delete from work_item_title_grams g using bench_disputes b where g.tenant_id = $1 and g.item_id = b.id', [ctx.tenantId]);
  await client.query(
    `insert into work_item_title_grams (tenant_id, gram, item_id)
     select w.tenant_id, g, w.id from work_items w join bench_disputes b on b.id = w.id, unnest(sd_bigrams(w.title)) g
      where w.tenant_id = $1 on conflict do nothing`,
    [ctx.tenantId],
  );
  await client.query('alter table work_items enable trigger work_item_grams_retitle');
  await client.query(
    `insert into dispute_cases (tenant_id, item_id, source, dispute_type, facts, amount_yuan, people_involved, social_insurance_arrears,
                                prior_escalation, risk_score, risk_level, risk_factors, group_dispute, outcome, outcome_at, agreement_no,
                                agreement_terms, agreement_amount_yuan, performance_method, performance_place, performance_due_on, referred_to,
                                performed, updated_at)
     select $1, b.id, b.source, b.dispute_type,
            '申请人称' || case b.dispute_type when 'wage_arrears' then '公司拖欠工资' else '与企业发生争议' end || '，共 ' || b.people || ' 人，已向工作站提交相关材料。',
            b.amount, b.people, b.si, b.escalation, b.score, b.level, b.factors, b.group_dispute, b.outcome, b.outcome_at,
            case when b.outcome = 'agreement' then '压测调〔' || extract(year from b.outcome_at)::int || '〕' || lpad((b.h1 % 100000)::text, 5, '0') || '号' end,
            case when b.outcome = 'agreement' then '被申请人于约定日期前一次性支付申请人款项，双方就本纠纷再无其他争议。' end,
            case when b.outcome = 'agreement' and b.amount is not null then round(b.amount * 0.85) end,
            case when b.outcome = 'agreement' then '银行转账' end,
            case when b.outcome = 'agreement' then '楼宇工作站' end,
            case when b.outcome = 'agreement' then (b.outcome_at + interval '15 days')::date end,
            case when b.outcome = 'referred' then case when b.dispute_type in ('wage_arrears', 'labour_contract', 'social_insurance') then '区劳动人事争议仲裁委员会' else '区人民法院' end end,
            case when b.outcome = 'agreement' and b.outcome_at < now() - interval '7 days'
                 then case when b.r1 < 85 then 'full' when b.r1 < 95 then 'partial' else 'none' end end,
            coalesce(b.outcome_at, b.created_at)
       from bench_disputes b`,
    [ctx.tenantId],
  );
  await client.query(
    `insert into dispute_risk_history (tenant_id, item_id, at, score, level, factors, reason)
     select $1, id, created_at, score, level, factors, 'created' from bench_disputes`,
    [ctx.tenantId],
  );
  await client.query(
    `insert into dispute_warnings (tenant_id, item_id, level, score, reason, raised_at, acknowledged_at, acknowledged_by, acknowledgement)
     select $1, b.id, b.level, b.score, 'created', b.created_at,
            case when ack then b.created_at + interval '3 hours' end, case when ack then $2::uuid end,
            case when ack then '已安排专人对接，约谈企业负责人。' end
       from (select *, created_at < now() - interval '2 days' and r2 % 10 <> 0 as ack from bench_disputes where level <> 'green') b`,
    [ctx.tenantId, ctx.userId],
  );
  await client.query(
    `insert into dispute_parties (tenant_id, item_id, side, kind, name, phone, enterprise_id)
     select $1, b.id, 'applicant', 'person',
            substr('王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗', 1 + b.h1 % 20, 1) || substr('伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平', 1 + b.h2 % 20, 1),
            '13' || lpad((b.h3 % 1000000000)::text, 9, '0'), null
       from bench_disputes b
     union all
     select $1, b.id, 'respondent', case when e.id is null then 'person' else 'organisation' end,
            coalesce(e.name, substr('王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗', 1 + b.h2 % 20, 1) || '某'),
            case when e.id is null then '139' || lpad((b.h1 % 100000000)::text, 8, '0') end, e.id
       from bench_disputes b left join enterprises e on e.tenant_id = $1 and e.id = b.enterprise_id`,
    [ctx.tenantId],
  );
  await client.query('drop table bench_disputes');
}
