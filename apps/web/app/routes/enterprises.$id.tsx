import { Link, useLoaderData } from 'react-router';
import { useTranslation } from 'react-i18next';
import { translator } from '@stationdesk/i18n';
import { ChangeStatusBadge, StatusBadge } from '../components/enterprise/badges.tsx';
import { ChangePayload, ReviewControls } from '../components/enterprise/change-view.tsx';
import { ContactsSection } from '../components/enterprise/contacts-section.tsx';
import { CopyButton } from '../components/enterprise/copy-button.tsx';
import { DocumentsSection } from '../components/enterprise/documents-section.tsx';
import type { FileMode } from '../components/enterprise/records-section.tsx';
import { TagEditor } from '../components/enterprise/tag-editor.tsx';
import { Timeline } from '../components/enterprise/timeline.tsx';
import { buttonClass, DefinitionList, Empty, Notice, Section } from '../components/ui.tsx';
import type { ActionFailure } from '../lib/action-result.ts';
import { actionFailure, formFailure, notFoundOr } from '../lib/action-result.server.ts';
import { contactFields, documentFields, enterpriseRefusalFields, formString, readContact, readDocument } from '../lib/enterprise-form.server.ts';
import { formatDateTime, locationText } from '../lib/format.ts';
import { redirectWithFlash } from '../lib/flash.server.ts';
import { loadForRoles } from '../lib/loader.server.ts';
import type { ChangeRequest, EnterpriseDetail } from '../lib/enterprise-types.ts';
import { localName } from '../lib/names.ts';
import { pageTitle } from '../lib/meta.ts';
import type { Route } from './+types/enterprises.$id';

type Trpc = Route.ActionArgs['context']['trpc'];
type Proposal = Parameters<Trpc['enterprise']['proposeChange']>[0];

export function meta({ matches, loaderData }: Route.MetaArgs) {
  return pageTitle(matches, 'enterprise.nav.list', loaderData?.enterprise.name);
}

export async function loader({ request, context, params }: Route.LoaderArgs) {
  const id = params.id;
  const olderFrom = new URL(request.url).searchParams.get('tl') || undefined;
  const { role, timezone, today, data } = await loadForRoles(request, context, ['manager', 'staff', 'enterprise_admin'], () =>
    Promise.all([
      context.trpc.enterprise.get({ id }).catch(notFoundOr),
      // Whichever of these finds the file missing first, the answer is the same 404.
      context.trpc.enterprise.timeline({ enterpriseId: id, limit: 30, ...(olderFrom ? { cursor: olderFrom } : {}) }).catch(notFoundOr),
      context.trpc.enterprise.changes({ enterpriseId: id, limit: 50 }).catch(notFoundOr),
      context.trpc.tag.list(),
      context.trpc.building.list(),
    ]),
  );
  const [enterprise, timeline, changes, tags, buildings] = data;
  return {
    role,
    timezone,
    today,
    enterprise,
    timeline,
    olderFrom: olderFrom ?? null,
    changes,
    tags,
    buildingNames: Object.fromEntries(buildings.map((b) => [b.id, localName(context.lang, b.name, b.nameEn)])),
  };
}

const reviewFields = ['reason'];

/** The confirmation of each in-page change (a review's says which way it went). */
const savedMessage: Record<string, string> = {
  'contact.save': 'contactSave',
  'contact.remove': 'contactRemove',
  'document.save': 'documentSave',
  'document.remove': 'documentRemove',
  tags: 'tags',
  propose: 'propose',
};

/** Every in-page change of the file posts here with an `intent`; the procedures decide who may. */
export async function action({ request, context, params }: Route.ActionArgs): Promise<ActionFailure | Response> {
  const form = await request.formData();
  const intent = formString(form, 'intent');
  const enterpriseId = params.id;
  const e = context.trpc.enterprise;
  const fields = intent.startsWith('contact') ? contactFields : intent.startsWith('document') ? documentFields : intent === 'review' ? reviewFields : [];
  try {
    switch (intent) {
      case 'contact.save': {
        const contactId = formString(form, 'contactId');
        await e.contact.save({ enterpriseId, ...(contactId ? { id: contactId } : {}), contact: readContact(form) });
        break;
      }
      case 'contact.remove':
        await e.contact.remove({ enterpriseId, id: formString(form, 'contactId') });
        break;
      case 'document.save': {
        const documentId = formString(form, 'documentId');
        await e.document.save({ enterpriseId, ...(documentId ? { id: documentId } : {}), document: readDocument(form) });
        break;
      }
      case 'document.remove':
        await e.document.remove({ enterpriseId, id: formString(form, 'documentId') });
        break;
      case 'tags':
        await e.setTags({ id: enterpriseId, tagIds: form.getAll('tagId').map(String) });
        break;
      case 'review':
        await e.reviewChange({ changeId: formString(form, 'changeId'), decision: formString(form, 'decision') === 'approve' ? 'approve' : 'reject', reason: formString(form, 'reason') || null });
        break;
      case 'propose': {
        const kind = formString(form, 'kind');
        const targetId = formString(form, 'targetId');
        const payload = kind === 'contact_remove' ? {} : kind.startsWith('contact') ? readContact(form) : readDocument(form);
        await e.proposeChange({ enterpriseId, kind, ...(targetId ? { targetId } : {}), payload } as Proposal);
        break;
      }
      default:
        return formFailure({ lang: context.lang, intent }, 'errors.invalidInput');
    }
  } catch (err) {
    const proposalFields = formString(form, 'kind').startsWith('contact') ? contactFields : documentFields;
    return actionFailure(err, { lang: context.lang, intent, fields: intent === 'propose' ? proposalFields : fields, refusalFields: enterpriseRefusalFields, posted: form });
  }
  const saved = intent === 'review' ? (formString(form, 'decision') === 'approve' ? 'approve' : 'reject') : savedMessage[intent];
  return redirectWithFlash(request, context, translator(context.lang)(`enterprise.saved.${saved}`), { form: intent });
}

export default function EnterpriseFile() {
  const { role, timezone, today, enterprise: e, timeline, olderFrom, changes, tags, buildingNames } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const staff = role !== 'enterprise_admin';
  const mode: FileMode = staff ? 'staff' : 'owner';
  const pending = changes.filter((c) => c.status === 'pending');
  const none = <span className="text-slate-400">—</span>;
  const val = (v: string | number | null | undefined) => (v === null || v === undefined || v === '' ? none : v);
  const statusDate = e.status === 'moving_out' ? e.movingOutOn : e.status === 'moved_out' ? e.movedOutOn : e.status === 'deregistered' ? e.deregisteredOn : null;

  return (
    <div className="mx-auto max-w-6xl">
      <nav aria-label={t('enterprise.file.breadcrumb')} className="mb-2 text-sm">
        {staff ? (
          <Link to="/enterprises" className="text-slate-500 hover:text-slate-800">
            ← {t('enterprise.file.backToList')}
          </Link>
        ) : (
          <span className="text-slate-500">{t('enterprise.nav.mine')}</span>
        )}
      </nav>

      <header className="mb-4 rounded-lg border border-slate-200 bg-white p-4 sm:p-5" data-testid="enterprise-header">
        <div className="flex flex-wrap items-start justify-between gap-3">
          <div className="min-w-0">
            <div className="flex flex-wrap items-center gap-2">
              <h1 className="text-xl font-semibold text-slate-900" data-testid="enterprise-name">
                {e.name}
              </h1>
              <StatusBadge status={e.status} />
            </div>
            {e.nameEn ? <p className="mt-0.5 text-sm text-slate-500">{e.nameEn}</p> : null}
            <div className="mt-2 flex flex-wrap items-center gap-x-2 gap-y-1 text-sm">
              <span className="text-slate-500">{t('vocab.field.creditCode')}</span>
              <span className="font-mono tracking-wide text-slate-900 tabular-nums select-all" data-testid="credit-code-value">
                {e.creditCode}
              </span>
              <CopyButton text={e.creditCode} label={t('enterprise.file.copyCreditCode')} />
            </div>
            <p className="mt-1 text-sm text-slate-700">{locationText(lang, e)}</p>
          </div>
          {staff ? (
            <Link to={`/enterprises/${e.id}/edit`} className={buttonClass.secondary} data-testid="edit-enterprise">
              {t('enterprise.file.edit')}
            </Link>
          ) : null}
        </div>
        {staff || e.tags.length ? (
          <div className="mt-3 border-t border-slate-100 pt-3">
            <TagEditor tags={e.tags} allTags={tags} editable={staff} canManage={role === 'manager'} />
          </div>
        ) : null}
      </header>

      {staff && pending.length > 0 ? (
        <div className="mb-4">
          <Notice tone="warning">
            <a href="#pending-changes" className="font-medium underline">
              {t('enterprise.file.pendingNotice', { count: pending.length })}
            </a>
          </Notice>
        </div>
      ) : null}
      {!staff ? (
        <div className="mb-4">
          <Notice>{t('enterprise.file.ownerNotice')}</Notice>
        </div>
      ) : null}

      <div className="grid grid-cols-1 gap-4 lg:grid-cols-[minmax(0,1fr)_22rem]">
        <div className="min-w-0 space-y-4">
          <Section title={t('enterprise.form.groupBasic')} testId="basic-section">
            <DefinitionList
              items={[
                { label: t('vocab.field.legalRepresentative'), value: val(e.legalRepresentative) },
                { label: t('vocab.field.industry'), value: e.industry ? `${e.industry} · ${t(`vocab.industry.${e.industry}`)}` : none },
                {
                  label: t('vocab.field.registeredCapitalWan'),
                  value: e.registeredCapitalWan === null ? none : <span className="tabular-nums">{e.registeredCapitalWan.toLocaleString(lang)}</span>,
                },
                { label: t('vocab.field.employees'), value: e.employees === null ? none : <span className="tabular-nums">{e.employees.toLocaleString(lang)}</span> },
                { label: t('vocab.field.establishedOn'), value: <span className="tabular-nums">{val(e.establishedOn)}</span> },
                { label: t('vocab.field.movedInOn'), value: <span className="tabular-nums">{val(e.movedInOn)}</span> },
                ...(statusDate
                  ? [{ label: t(`vocab.field.${e.status === 'moving_out' ? 'movingOutOn' : e.status === 'moved_out' ? 'movedOutOn' : 'deregisteredOn'}`), value: <span className="tabular-nums">{statusDate}</span> }]
                  : []),
              ]}
            />
          </Section>

          <ContactsSection contacts={e.contacts} mode={mode} />
          <DocumentsSection enterpriseId={e.id} documents={e.documents} mode={mode} today={today} />

          <Section title={t('enterprise.form.groupParty')} testId="party-section">
            {e.hasPartyBranch ? (
              <DefinitionList
                items={[
                  { label: t('vocab.field.partyBranchName'), value: val(e.partyBranchName) },
                  { label: t('vocab.field.partySecretary'), value: val(e.partySecretary) },
                  { label: t('vocab.field.partyMembers'), value: <span className="tabular-nums">{val(e.partyMembers)}</span> },
                ]}
              />
            ) : (
              <Empty>{t('enterprise.file.noPartyBranch')}</Empty>
            )}
          </Section>

          {staff ? (
            <Section
              title={t('enterprise.form.groupNotes')}
              testId="notes-section"
              actions={<span className="rounded bg-slate-100 px-1.5 py-0.5 text-xs text-slate-600">{t('enterprise.file.internalOnly')}</span>}
            >
              {e.notes ? <p className="px-4 py-3 text-sm whitespace-pre-wrap text-slate-800">{e.notes}</p> : <Empty>{t('enterprise.file.noNotes')}</Empty>}
            </Section>
          ) : null}

          {staff ? (
            <div id="pending-changes" className="scroll-mt-20">
              <Section title={t('enterprise.changes.pendingTitle')} count={pending.length} testId="pending-changes">
                {pending.length === 0 ? (
                  <Empty>{t('enterprise.changes.nonePending')}</Empty>
                ) : (
                  <ul className="divide-y divide-slate-100">
                    {pending.map((c) => (
                      <ChangeItem key={c.id} change={c} enterprise={e} timezone={timezone}>
                        <ReviewControls changeId={c.id} />
                      </ChangeItem>
                    ))}
                  </ul>
                )}
              </Section>
            </div>
          ) : (
            <Section title={t('enterprise.changes.mineTitle')} count={changes.length} testId="my-changes">
              {changes.length === 0 ? (
                <Empty>{t('enterprise.changes.noneMine')}</Empty>
              ) : (
                <ul className="divide-y divide-slate-100">
                  {changes.map((c) => (
                    <ChangeItem key={c.id} change={c} enterprise={e} timezone={timezone} showStatus />
                  ))}
                </ul>
              )}
            </Section>
          )}
        </div>

        <aside className="min-w-0 lg:sticky lg:top-16 lg:max-h-[calc(100dvh-5rem)] lg:self-start lg:overflow-y-auto">
          <Timeline
            key={olderFrom ?? 'latest'}
            enterpriseId={e.id}
            initial={timeline}
            timezone={timezone}
            buildings={buildingNames}
            forEnterprise={!staff}
            olderHref={(cursor) => `/enterprises/${e.id}?tl=${encodeURIComponent(cursor)}#timeline`}
          />
        </aside>
      </div>
    </div>
  );
}

function ChangeItem({
  change,
  enterprise,
  timezone,
  showStatus = false,
  children,
}: {
  change: ChangeRequest;
  enterprise: EnterpriseDetail;
  timezone: string;
  showStatus?: boolean;
  children?: React.ReactNode;
}) {
  const { t } = useTranslation();
  const target = change.targetId
    ? change.kind.startsWith('contact')
      ? (enterprise.contacts.find((c) => c.id === change.targetId) ?? null)
      : (enterprise.documents.find((d) => d.id === change.targetId) ?? null)
    : null;
  return (
    <li className="space-y-2 px-4 py-3" data-testid="change-item">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <div className="flex flex-wrap items-center gap-2">
          <span className="font-medium text-slate-900">{t(`vocab.changeKind.${change.kind}`)}</span>
          {showStatus ? <ChangeStatusBadge status={change.status} /> : null}
        </div>
        <span className="text-xs text-slate-500 tabular-nums">
          {change.proposedByName ? `${change.proposedByName} · ` : ''}
          {formatDateTime(change.proposedAt, timezone)}
        </span>
      </div>
      <ChangePayload change={change} target={target} />
      {change.status === 'rejected' && change.reviewReason ? (
        <p className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">{t('enterprise.changes.reasonShown', { reason: change.reviewReason })}</p>
      ) : null}
      {children}
    </li>
  );
}
