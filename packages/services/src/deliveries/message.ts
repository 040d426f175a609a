import { sql } from 'kysely';
import { finishedStatuses } from '@stationdesk/core';
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
  return { itemOf: new Map(items.map((i) => [i.id, i])), docOf: new Map(docs.map((d) => [d.id, d])), itemOfWarning, roundOf: new Map(rounds.map((r) => [r.id, r])) };
}

/**
 * One message for everything pending for one recipient on one channel: a busy morning is one
 * message listing ten items, not ten messages. Written in the recipient's language.
 */
export async function composeMessage(trx: Tx, rows: PendingRow[], subjects: MessageSubjects, opts: { lang: Language; userId: string | null; now: Date }): Promise<Message> {
  const t = translator(opts.lang);
  const { itemOf, docOf, itemOfWarning, roundOf } = subjects;
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
    if (round) lines.push({ id: round.id, title: t('reminders.line', { label, subject: `${round.plan_name} · ${round.round_date}` }), link: `/patrol/rounds/${round.id}` });
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
