import { maskName, maskPhone } from '../disputes/masking.ts';

/**
 * Party organisations of a tenant (党群服务, issue 20): the branches of enterprises in 一企一档 —
 * read from the enterprise file, never copied — and the organisations that are not enterprises of
 * the buildings: member units of regional party building (区域化党建成员单位: the hub's operators,
 * property companies …), "two new" organisations (两新组织), branches of enterprises outside the
 * buildings, and communities.
 */
export const partyOrgTypes = ['member_unit', 'two_new', 'enterprise_branch', 'community'] as const;
export type PartyOrgType = (typeof partyOrgTypes)[number];

export const partyOrgStatuses = ['active', 'left'] as const;
export type PartyOrgStatus = (typeof partyOrgStatuses)[number];

/** Where a registry row comes from: the organisation's own record, or an enterprise file's branch. */
export const partyOrgSources = ['registry', 'enterprise'] as const;
export type PartyOrgSource = (typeof partyOrgSources)[number];

/** An enterprise that has left the buildings or was deregistered: its branch is no longer active. */
export function branchStatusOf(enterpriseStatus: string): PartyOrgStatus {
  return enterpriseStatus === 'moved_out' || enterpriseStatus === 'deregistered' ? 'left' : 'active';
}

/**
 * A contact person and phone as a registry shows them: personal data (个人信息保护法), masked —
 * 王** / 138****5678 — until someone whose work needs it reveals them (audited).
 */
export function maskedContact(contact: { name: string | null; phone: string | null }): { name: string | null; phone: string | null } {
  return { name: maskName(contact.name), phone: maskPhone(contact.phone) };
}

/** Problems with an organisation's dates as locale keys: it cannot have left before it joined. */
export function partyOrgDateProblems(o: { joinedOn: string | null; leftOn: string | null; status: PartyOrgStatus }, today: string): string[] {
  const out: string[] = [];
  if (o.joinedOn && o.joinedOn > today) out.push('errors.party.joinedInFuture');
  if (o.leftOn && o.joinedOn && o.leftOn < o.joinedOn) out.push('errors.party.leftBeforeJoined');
  if (o.leftOn && o.status !== 'left') out.push('errors.party.leftOnNeedsLeft');
  return out;
}
