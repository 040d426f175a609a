import { maskPartyName, type DisputeOutcome, type DisputeType } from '@stationdesk/core';

/**
 * What an enterprise admin that is a party receives of a dispute, built field by field (an
 * allow-list): where the case stands, its outcome and agreement, the parties — its own side in
 * full, the others' names masked and nothing personal. The facts, risk, sessions, visits,
 * warnings, evidence and the handler are the station's case file (canSeeDisputeRecords).
 */
export interface PortalDisputeView {
  audience: 'portal';
  itemId: string;
  number: string;
  title: string;
  status: string;
  createdAt: string;
  disputeType: DisputeType;
  outcome: DisputeOutcome | null;
  outcomeAt: string | null;
  agreement: {
    number: string | null;
    terms: string | null;
    amountYuan: number | null;
    method: string | null;
    place: string | null;
    dueOn: string | null;
    performed: string | null;
  } | null;
  referredTo: string | null;
  parties: { side: 'applicant' | 'respondent'; kind: 'person' | 'organisation'; name: string; ours: boolean }[];
}

export interface PortalDisputeRow {
  id: string;
  number: string;
  title: string;
  status: string;
  disputeType: string;
  outcome: string | null;
  createdAt: string;
  outcomeAt: string | null;
}

export function portalDisputeView(
  item: { id: string; number: string; title: string; status: string; created_at: string },
  c: {
    dispute_type: string;
    outcome: DisputeOutcome | null;
    outcome_at: string | null;
    agreement_no: string | null;
    agreement_terms: string | null;
    agreement_amount_yuan: string | number | null;
    performance_method: string | null;
    performance_place: string | null;
    performance_due_on: string | null;
    performed: string | null;
    referred_to: string | null;
  },
  parties: { side: 'applicant' | 'respondent'; kind: 'person' | 'organisation'; name: string; enterprise_id: string | null }[],
  ownEnterpriseId: string,
): PortalDisputeView {
  return {
    audience: 'portal',
    itemId: item.id,
    number: item.number,
    title: item.title,
    status: item.status,
    createdAt: item.created_at,
    disputeType: c.dispute_type as DisputeType,
    outcome: c.outcome,
    outcomeAt: c.outcome_at,
    agreement:
      c.outcome === 'agreement'
        ? {
            number: c.agreement_no,
            terms: c.agreement_terms,
            amountYuan: c.agreement_amount_yuan === null ? null : Number(c.agreement_amount_yuan),
            method: c.performance_method,
            place: c.performance_place,
            dueOn: c.performance_due_on,
            performed: c.performed,
          }
        : null,
    referredTo: c.referred_to,
    parties: parties.map((p) => {
      const ours = p.enterprise_id === ownEnterpriseId;
      return { side: p.side, kind: p.kind, name: ours ? p.name : maskPartyName(p.name, p.kind)!, ours };
    }),
  };
}

export function portalDisputeRow(r: { id: string; number: string; title: string; status: string; dispute_type: string; outcome: string | null; created_at: Date; outcome_at: Date | null }): PortalDisputeRow {
  return {
    id: r.id,
    number: r.number,
    title: r.title,
    status: r.status,
    disputeType: r.dispute_type,
    outcome: r.outcome,
    createdAt: new Date(r.created_at).toISOString(),
    outcomeAt: r.outcome_at ? new Date(r.outcome_at).toISOString() : null,
  };
}
