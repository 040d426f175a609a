import { sql } from 'kysely';
import { finishedStatuses, maskedContact } from '@stationdesk/core';
import { translator, isLanguage, type Language } from '@stationdesk/i18n';
import type { Tx } from '@stationdesk/db';
import { weeklySummary } from '../kpi/weekly-summary.ts';

export interface MessageItem {
  id?: string;
  number?: string;
  title: string;
  link?: string;
  dueAt?: string | null;
}

export interface Message {
  kind: string;
  title: string;
  text: string;
  items: MessageItem[];
}

export interface PendingRow {
  reminder_kind: string;
  subject_type: string;
  subject_id: string | null;
}

/** Items due today or overdue for one person: the body of the morning digest. */
async function digestItems(trx: Tx, userId: string, endOfDay: string): Promise<MessageItem[]> {
  const rows = await trx
    .selectFrom('work_items')
    .select(['id', 'number', 'title', 'resolution_due_at'])
    .where('assignee_id', '=', userId)
    .where('status', 'not in', finishedStatuses)
    .where('resolution_due_at', '<=', endOfDay)
    .orderBy('resolution_due_at')
    .limit(50)
    .execute();
  return rows.map((r) => ({ id: r.id, number: r.number, title: r.title, link: `/items/${r.id}`, dueAt: r.resolution_due_at }));
}

/**
 * The managers' weekly summary as lines: last week's four rates with their numerators and
 * denominators, then its counts — every line linking to /kpis for that week — in the recipient's
 * language. Nothing when the recipient no longer works at the desk.
 */
async function weeklySummaryLines(trx: Tx, userId: string, lang: Language, now: Date): Promise<{ lines: MessageItem[]; period: { from: string; to: string } | null }> {
  const summary = await weeklySummary(trx, userId, now);
  if (!summary) return { lines: [], period: null };
  const t = translator(lang);
  const { from, to } = summary.period;
  const link = `/kpis?${new URLSearchParams({ from, to }).toString()}`;
  const percent = (rate: number | null) => (rate === null ? '—' : `${new Intl.NumberFormat(lang, { maximumFractionDigits: 2 }).format(rate * 100)}%`);
  const lines: MessageItem[] = summary.rates.map(({ metric, figure }) => ({
    title: t('reminders.weeklySummary.rate', { name: t(`kpi.metric.${metric}`), rate: percent(figure.rate), numerator: figure.numerator, denominator: figure.denominator }),
    link,
  }));
  lines.push({ title: t('reminders.weeklySummary.counts', summary.counts), link });
  return { lines, period: summary.period };
}

/** What a flush's messages speak of — items, documents, warnings — each read once for all its rows. */
export interface MessageSubjects {
  itemOf: Map<string, { id: string; number: string; title: string; resolution_due_at: string | null }>;
  docOf: Map<string, { id: string; doc_type: string; expires_on: string | null; enterprise_id: string; name: string }>;
  itemOfWarning: Map<string, string>;
  roundOf: Map<string, { id: string; plan_name: string; round_date: string }>;
  /** Duty shifts and batches (党群服务), keyed `duty_shift:<id>` / `duty_sign_up:<id>`. */
  dutyOf: Map<string, DutyLine>;
}

interface DutyLine {
  shiftId: string;
  post: string;
  date: string;
  time: string;
  places: number;
  booked: number;
  organisation: string | null;
  members: number | null;
  /** A batch of an organisation that is not an enterprise: its contact, masked (the station's staff reveal it on its page). */
  contact: { orgId: string; name: string | null; phone: string | null } | null;
  enterprise: boolean;
}

export async function loadMessageSubjects(trx: Tx, rows: PendingRow[]): Promise<MessageSubjects> {
  // A warning speaks of its dispute: read the item through it.
  const warningIds = rows.filter((r) => r.subject_type === 'dispute_warning' && r.subject_id).map((r) => r.subject_id!);
  const warnings = warningIds.length ? await trx.selectFrom('dispute_warnings').select(['id', 'item_id']).where('id', 'in', warningIds).execute() : [];
  const itemOfWarning = new Map(warnings.map((w) => [w.id, w.item_id]));
  const itemIds = rows.flatMap((r) => (r.subject_type === 'work_item' && r.subject_id ? [r.subject_id] : r.subject_type === 'dispute_warning' && r.subject_id && itemOfWarning.has(r.subject_id) ? [itemOfWarning.get(r.subject_id)!] : []));
  const docIds = rows.filter((r) => r.subject_type === 'enterprise_document' && r.subject_id).map((r) => r.subject_id!);
  // One connection runs one statement at a time: these go one after the other.
  const items = itemIds.length ? await trx.selectFrom('work_items').select(['id', 'number', 'title', 'resolution_due_at']).where('id', 'in', [...new Set(itemIds)]).execute() : [];
  const docs = docIds.length
    ? await trx
        .selectFrom('enterprise_documents as d')
        .innerJoin('enterprises as e', (j) => j.onRef('e.tenant_id', '=', 'd.tenant_id').onRef('e.id', '=', 'd.enterprise_id'))
        .select(['d.id', 'd.doc_type', 'd.expires_on', 'e.id as enterprise_id', 'e.name'])
        .where('d.id', 'in', [...new Set(docIds)])
        .execute()
    : [];
  const roundIds = rows.filter((r) => r.subject_type === 'patrol_round' && r.subject_id).map((r) => r.subject_id!);
  const rounds = roundIds.length
    ? await trx
        .selectFrom('patrol_rounds as r')
        .innerJoin('patrol_plans as p', (j) => j.onRef('p.tenant_id', '=', 'r.tenant_id').onRef('p.id', '=', 'r.plan_id'))
        .select(['r.id', 'p.name as plan_name', 'r.round_date'])
        .where('r.id', 'in', [...new Set(roundIds)])
        .execute()
    : [];
  return { itemOf: new Map(items.map((i) => [i.id, i])), docOf: new Map(docs.map((d) => [d.id, d])), itemOfWarning, roundOf: new Map(rounds.map((r) => [r.id, r])), dutyOf: await loadDutyLines(trx, rows) };
}

/**
 * One message for everything pending for one recipient on one channel: a busy morning is one
 * message listing ten items, not ten messages. Written in the recipient's language.
 */
export async function composeMessage(trx: Tx, rows: PendingRow[], subjects: MessageSubjects, opts: { lang: Language; userId: string | null; now: Date }): Promise<Message> {
  const t = translator(opts.lang);
  const { itemOf, docOf, itemOfWarning, roundOf, dutyOf } = subjects;
  const lines: MessageItem[] = [];
  const kinds = new Set<string>();
  let week: { from: string; to: string } | null = null;
  for (const r of rows) {
    kinds.add(r.reminder_kind);
    if (r.reminder_kind === 'weekly_summary' && opts.userId) {
      const summary = await weeklySummaryLines(trx, opts.userId, opts.lang, opts.now);
      lines.push(...summary.lines);
      week = summary.period ?? week;
      continue;
    }
    if (r.reminder_kind === 'daily_digest' && opts.userId) {
      const { rows: eod } = await sql<{ e: string }>`select (date_trunc('day', now() at time zone 'Asia/Shanghai') + interval '1 day') at time zone 'Asia/Shanghai' as e`.execute(trx);
      lines.push(...(await digestItems(trx, opts.userId, eod[0]!.e)));
      continue;
    }
    const label = t(`reminders.kind.${r.reminder_kind}`);
    const item = r.subject_id ? itemOf.get(r.subject_type === 'dispute_warning' ? (itemOfWarning.get(r.subject_id) ?? '') : r.subject_id) : undefined;
    const doc = r.subject_id ? docOf.get(r.subject_id) : undefined;
    const round = r.subject_type === 'patrol_round' && r.subject_id ? roundOf.get(r.subject_id) : undefined;
    const duty = r.subject_id ? dutyOf.get(`${r.subject_type}:${r.subject_id}`) : undefined;
    if (duty) lines.push(dutyMessageLine(t, label, duty));
    else if (round) lines.push({ id: round.id, title: t('reminders.line', { label, subject: `${round.plan_name} · ${round.round_date}` }), link: `/patrol/rounds/${round.id}` });
    else if (item) lines.push({ id: item.id, number: item.number, title: t('reminders.line', { label, subject: item.title }), link: `/items/${item.id}`, dueAt: item.resolution_due_at });
    else if (doc) lines.push({ id: doc.enterprise_id, title: t('reminders.line', { label, subject: `${doc.name} · ${t(`vocab.documentType.${doc.doc_type}`)}` }), link: `/enterprises/${doc.enterprise_id}`, dueAt: doc.expires_on });
    else lines.push({ title: label });
  }
  const kind = kinds.size === 1 ? [...kinds][0]! : 'mixed';
  const title =
    kind === 'daily_digest'
      ? t('reminders.digestTitle', { count: lines.length })
      : kind === 'weekly_summary' && week
        ? t('reminders.weeklySummary.title', week)
        : t('reminders.batchTitle', { count: lines.length });
  const text = [title, ...lines.map((l) => `• ${l.number ? `${l.number} ` : ''}${l.title}`)].join('\n');
  return { kind, title, text, items: lines };
}

/** One recipient's message, its subjects read for it alone (e-mail and robots send one at a time). */
export async function buildMessage(trx: Tx, rows: PendingRow[], opts: { lang: Language; userId: string | null; now: Date }): Promise<Message> {
  return composeMessage(trx, rows, await loadMessageSubjects(trx, rows), opts);
}

export function languageOf(locale: string | null | undefined): Language {
  return isLanguage(locale) ? locale : 'zh-CN';
}

/** The shifts and batches a flush's reminders speak of, with their post, local time and organisation. */
async function loadDutyLines(trx: Tx, rows: PendingRow[]): Promise<Map<string, DutyLine>> {
  const shiftIds = rows.filter((r) => r.subject_type === 'duty_shift' && r.subject_id).map((r) => r.subject_id!);
  const signUpIds = rows.filter((r) => r.subject_type === 'duty_sign_up' && r.subject_id).map((r) => r.subject_id!);
  const out = new Map<string, DutyLine>();
  if (shiftIds.length === 0 && signUpIds.length === 0) return out;
  const { rows: found } = await sql<{
    kind: string;
    id: string;
    shift_id: string;
    post: string;
    date: string;
    time: string;
    places: number;
    booked: number;
    organisation: string | null;
    members: number | null;
    org_id: string | null;
    enterprise_id: string | null;
    contact_name: string | null;
    contact_phone: string | null;
  }>`
    select 'duty_shift' as kind, s.id, s.id as shift_id, p.name as post, to_char(s.shift_date, 'YYYY-MM-DD') as date,
           to_char(s.starts_at at time zone t.timezone, 'HH24:MI') || '–' || to_char(s.ends_at at time zone t.timezone, 'HH24:MI') as time,
           s.places, s.booked, null as organisation, null::int as members, null::uuid as org_id, null::uuid as enterprise_id, null as contact_name, null as contact_phone
      from duty_shifts s join service_posts p on p.tenant_id = s.tenant_id and p.id = s.post_id join tenants t on t.id = s.tenant_id
     where s.id = any(${shiftIds}::uuid[])
    union all
    select 'duty_sign_up', b.id, s.id, p.name, to_char(s.shift_date, 'YYYY-MM-DD'),
           to_char(s.starts_at at time zone t.timezone, 'HH24:MI') || '–' || to_char(s.ends_at at time zone t.timezone, 'HH24:MI'),
           s.places, s.booked, o.name, b.members, o.id, b.enterprise_id, o.contact_name, o.contact_phone
      from duty_sign_ups b join duty_shifts s on s.tenant_id = b.tenant_id and s.id = b.shift_id
      join service_posts p on p.tenant_id = s.tenant_id and p.id = s.post_id join tenants t on t.id = s.tenant_id
      join party_organisations o on o.tenant_id = b.tenant_id and o.id = b.organisation_id
     where b.id = any(${signUpIds}::uuid[])`.execute(trx);
  for (const f of found) {
    const contact = f.kind === 'duty_sign_up' && !f.enterprise_id ? { orgId: f.org_id!, ...maskedContact({ name: f.contact_name, phone: f.contact_phone }) } : null;
    out.set(`${f.kind}:${f.id}`, {
      shiftId: f.shift_id,
      post: f.post,
      date: f.date,
      time: f.time,
      places: f.places,
      booked: f.booked,
      organisation: f.organisation,
      members: f.members,
      contact,
      enterprise: f.enterprise_id !== null,
    });
  }
  return out;
}

/** A duty reminder's line: the shift (with places taken), or the batch (with its organisation and, for the station, its contact). */
function dutyMessageLine(t: ReturnType<typeof translator>, label: string, d: DutyLine): MessageItem {
  const shift = t('party.reminder.shift', { post: d.post, date: d.date, time: d.time });
  if (d.organisation === null) {
    return { id: d.shiftId, title: t('reminders.line', { label, subject: `${shift} · ${t('party.reminder.booked', { booked: d.booked, places: d.places })}` }), link: `/party/shifts/${d.shiftId}` };
  }
  const batch = t('party.reminder.batch', { organisation: d.organisation, members: d.members ?? 0 });
  const contact = d.contact ? ` · ${t('party.reminder.contact', { name: d.contact.name ?? '—', phone: d.contact.phone ?? '—' })}` : '';
  return { id: d.shiftId, title: t('reminders.line', { label, subject: `${shift} · ${batch}${contact}` }), link: d.enterprise ? '/portal/party' : `/party/shifts/${d.shiftId}` };
}
