import { maskPartyName, type AgreementPerformance, type DisputeOutcome, type DisputeType } from '@stationdesk/core';
import type { PortalDisputeView } from './cases.schema.ts';
import type { PortalDisputeRow } from './list.schema.ts';

/**
 * The portal's view of a dispute for an enterprise admin that is a party, built field by field
 * (portalDisputeOutput says what it holds and why).
 */
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
    performed: AgreementPerformance | null;
    referred_to: string | null;
  },
  parties: { side: 'applicant' | 'respondent'; kind: 'person' | 'organisation'; name: string; enterprise_id: string | null }[],
  ownEnterpriseId: string,
): PortalDisputeView {
  return {
    audience: 'portal',
    id: item.id,
    number: item.number,
    title: item.title,
    status: item.status,
    createdAt: item.created_at,
    disputeType: c.dispute_type as DisputeType,
    outcome: c.outcome,
    outcomeAt: c.outcome_at,
    agreement: c.outcome === 'agreement' ? agreementTermsView(c) : null,
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

type AgreementRow = {
  agreement_no: string | null;
  agreement_terms: string | null;
  agreement_amount_yuan: string | number | null;
  performance_method: string | null;
  performance_place: string | null;
  performance_due_on: string | null;
  performed: AgreementPerformance | null;
};

/** An agreement's terms, as staff and the enterprise that is a party both read them. */
export function agreementTermsView(c: AgreementRow) {
  return {
    number: c.agreement_no,
    terms: c.agreement_terms,
    amountYuan: c.agreement_amount_yuan === null ? null : Number(c.agreement_amount_yuan),
    method: c.performance_method,
    place: c.performance_place,
    dueOn: c.performance_due_on,
    performed: c.performed,
  };
}
