import { sql } from 'kysely';
import { groupBy, type RecipientRule, type ReminderChannel } from '@stationdesk/core';
import type { Tx } from '@stationdesk/db';

export interface SubjectFacts {
  stationId: string | null;
  enterpriseId: string | null;
  assigneeId: string | null;
}

/** The groups recipient rules name, each read once for a whole batch of reminders. */
export interface RecipientDirectory {
  managers: string[];
  /** Station → its staff on duty. */
  staffOf: Map<string, string[]>;
  /** Enterprise → its admins. */
  adminsOf: Map<string, string[]>;
  /** Station → its enabled group robots. */
  hooksOf: Map<string, string[]>;
}

const grouped = (rows: { key: string; id: string }[]) => groupBy(rows, (r) => r.key, (r) => r.id);

/**
 * The people (and robots) a batch of reminders may go to, decided when they fire (a reassigned
 * item reminds its new handler): only the groups some reminder of the batch names are read.
 */
export async function loadRecipientDirectory(trx: Tx, reminders: { rules: RecipientRule[]; channels: ReminderChannel[]; facts: SubjectFacts }[]): Promise<RecipientDirectory> {
  let managers = false;
  const stations = new Set<string>();
  const enterprises = new Set<string>();
  const hookStations = new Set<string>();
  for (const { rules, channels, facts } of reminders) {
    for (const rule of rules) {
      if (rule === 'managers') managers = true;
      else if (rule === 'enterprise_admins' && facts.enterpriseId) enterprises.add(facts.enterpriseId);
      // An unassigned item's "assignee" is the station's staff on duty.
      else if ((rule === 'station_staff' || (rule === 'assignee' && !facts.assigneeId)) && facts.stationId) stations.add(facts.stationId);
    }
    if (channels.includes('webhook') && facts.stationId) hookStations.add(facts.stationId);
  }
  const dir: RecipientDirectory = { managers: [], staffOf: new Map(), adminsOf: new Map(), hooksOf: new Map() };
  if (managers) dir.managers = (await trx.selectFrom('memberships').select('user_id').where('role', '=', 'manager').execute()).map((r) => r.user_id);
  if (stations.size) {
    const { rows } = await sql<{ key: string; id: string }>`
      select ms.station_id as key, m.user_id as id from memberships m join membership_stations ms on ms.tenant_id = m.tenant_id and ms.membership_id = m.id
       where ms.station_id = any(${[...stations]}::uuid[]) and m.role = 'staff' and m.on_duty`.execute(trx);
    dir.staffOf = grouped(rows);
  }
  if (enterprises.size) {
    const rows = await trx
      .selectFrom('memberships')
      .select(['enterprise_id as key', 'user_id as id'])
      .where('role', '=', 'enterprise_admin')
      .where('enterprise_id', 'in', [...enterprises])
      .execute();
    dir.adminsOf = grouped(rows.map((r) => ({ key: r.key!, id: r.id })));
  }
  if (hookStations.size) {
    const rows = await trx.selectFrom('station_webhooks').select(['station_id as key', 'id']).where('station_id', 'in', [...hookStations]).where('enabled', '=', true).execute();
    dir.hooksOf = grouped(rows);
  }
  return dir;
}

/** The users one reminder's rules name, from the batch's directory. */
export function recipientsOf(rules: RecipientRule[], s: SubjectFacts, dir: RecipientDirectory): string[] {
  const users = new Set<string>();
  const add = (ids: string[] | undefined) => ids?.forEach((id) => users.add(id));
  for (const rule of rules) {
    if (rule.startsWith('user:')) users.add(rule.slice(5));
    else if (rule === 'assignee' && s.assigneeId) users.add(s.assigneeId);
    else if ((rule === 'assignee' || rule === 'station_staff') && s.stationId) add(dir.staffOf.get(s.stationId));
    else if (rule === 'managers') add(dir.managers);
    else if (rule === 'enterprise_admins' && s.enterpriseId) add(dir.adminsOf.get(s.enterpriseId));
  }
  return [...users];
}
