import { sql } from 'kysely';
import type { RecipientRule } from '@stationdesk/core';
import type { Tx } from '@stationdesk/db';

export interface SubjectFacts {
  stationId: string | null;
  enterpriseId: string | null;
  assigneeId: string | null;
}

/**
 * The people a reminder goes to, decided when it fires (a reassigned item reminds its new
 * handler). An unassigned item's "assignee" is the station's staff on duty.
 */
export async function resolveRecipients(trx: Tx, rules: RecipientRule[], s: SubjectFacts): Promise<string[]> {
  const users = new Set<string>();
  for (const rule of rules) {
    if (rule.startsWith('user:')) users.add(rule.slice(5));
    else if (rule === 'assignee' && s.assigneeId) users.add(s.assigneeId);
    else if ((rule === 'assignee' || rule === 'station_staff') && s.stationId) {
      const { rows } = await sql<{ user_id: string }>`
        select m.user_id from memberships m join membership_stations ms on ms.tenant_id = m.tenant_id and ms.membership_id = m.id
         where ms.station_id = ${s.stationId} and m.role = 'staff' and m.on_duty`.execute(trx);
      for (const r of rows) users.add(r.user_id);
    } else if (rule === 'managers') {
      const rows = await trx.selectFrom('memberships').select('user_id').where('role', '=', 'manager').execute();
      for (const r of rows) users.add(r.user_id);
    } else if (rule === 'enterprise_admins' && s.enterpriseId) {
      const rows = await trx.selectFrom('memberships').select('user_id').where('role', '=', 'enterprise_admin').where('enterprise_id', '=', s.enterpriseId).execute();
      for (const r of rows) users.add(r.user_id);
    }
  }
  return [...users];
}
