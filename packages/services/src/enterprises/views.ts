import type { repo } from '@stationdesk/db';
import type { EnterpriseDetail, EnterpriseSummary } from './views.schema.ts';

type Row<F extends (...a: never[]) => unknown> = Awaited<ReturnType<F>>;
type ListRow = Row<typeof repo.listEnterprises>['items'][number];
type DetailRow = NonNullable<Row<typeof repo.getEnterprise>>;

export interface TagView {
  id: string;
  name: string;
  color: string;
}

export function toSummary(r: ListRow): EnterpriseSummary {
  return {
    id: r.id,
    name: r.name,
    nameEn: r.name_en,
    creditCode: r.credit_code,
    stationId: r.station_id,
    stationName: r.station_name,
    stationNameEn: r.station_name_en,
    buildingId: r.building_id,
    buildingName: r.building_name,
    buildingNameEn: r.building_name_en,
    floor: r.floor,
    room: r.room,
    status: r.status,
    industry: r.industry,
    employees: r.employees,
    primaryContact: r.primary_contact ?? null,
    nextExpiry: (r.next_expiry as string | null) ?? null,
    tags: r.tags ?? [],
    updatedAt: r.updated_at,
  };
}

export function toDetail(
  r: DetailRow,
  parts: {
    contacts: Row<typeof repo.listContacts>;
    documents: Row<typeof repo.listDocuments>;
    tags: Row<typeof repo.listEnterpriseTags>;
    pendingChanges: number;
    includeNotes: boolean;
  },
): EnterpriseDetail {
  return {
    id: r.id,
    name: r.name,
    nameEn: r.name_en,
    creditCode: r.credit_code,
    legalRepresentative: r.legal_representative,
    registeredCapitalWan: r.registered_capital_wan === null ? null : Number(r.registered_capital_wan),
    industry: r.industry,
    establishedOn: r.established_on,
    employees: r.employees,
    stationId: r.station_id,
    stationName: r.station_name,
    stationNameEn: r.station_name_en,
    buildingId: r.building_id,
    buildingName: r.building_name,
    buildingNameEn: r.building_name_en,
    floor: r.floor,
    room: r.room,
    status: r.status,
    movedInOn: r.moved_in_on,
    movingOutOn: r.moving_out_on,
    movedOutOn: r.moved_out_on,
    deregisteredOn: r.deregistered_on,
    hasPartyBranch: r.has_party_branch,
    partyBranchName: r.party_branch_name,
    partyMembers: r.party_members,
    partySecretary: r.party_secretary,
    ...(parts.includeNotes ? { notes: r.notes } : {}),
    version: r.version,
    contacts: parts.contacts.map((c) => ({ id: c.id, name: c.name, title: c.title, phone: c.phone, email: c.email, isPrimary: c.is_primary })),
    documents: parts.documents.map((d) => ({
      id: d.id,
      docType: d.doc_type,
      number: d.number,
      issuer: d.issuer,
      issuedOn: d.issued_on,
      expiresOn: d.expires_on,
      file: d.file_id && d.file_name ? { id: d.file_id, name: d.file_name, contentType: d.file_type ?? '', size: Number(d.file_size ?? 0) } : null,
      updatedAt: d.updated_at,
    })),
    tags: parts.tags,
    pendingChanges: parts.pendingChanges,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}
