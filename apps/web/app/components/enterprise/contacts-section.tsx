import { useTranslation } from 'react-i18next';
import { telHref } from '../../lib/format.ts';
import type { EnterpriseContact } from '../../lib/enterprise-types.ts';
import { ConfirmAction, fetcherFailure, InlineForm } from '../form.tsx';
import { FileRecordsSection, RecordActions, type FileMode } from './records-section.tsx';
import { Field, inputClass } from '../ui.tsx';

/** 联系人: staff edit in place; the enterprise's own admin asks for changes (申请修改). */
export function ContactsSection({ contacts, mode }: { contacts: EnterpriseContact[]; mode: FileMode }) {
  const { t } = useTranslation();
  const staff = mode === 'staff';
  return (
    <FileRecordsSection
      title={t('enterprise.contacts.title')}
      testId="contacts-section"
      addLabel={staff ? t('enterprise.contacts.add') : t('enterprise.contacts.proposeAdd')}
      addTestId="add-contact"
      empty={t('enterprise.contacts.empty')}
      records={contacts}
      mode={mode}
      form={(c, done) => <ContactForm mode={mode} contact={c} {...done} />}
      row={(c, edit) => (
        <li key={c.id} className="flex flex-wrap items-start justify-between gap-x-4 gap-y-1 px-4 py-3" data-testid="contact-row">
          <div className="w-full min-w-0 sm:w-auto sm:flex-1">
            <div className="flex flex-wrap items-center gap-2">
              <span className="font-medium text-slate-900">{c.name}</span>
              {c.title ? <span className="text-sm text-slate-500">{c.title}</span> : null}
              {c.isPrimary ? (
                <span className="rounded bg-brand-50 px-1.5 py-0.5 text-xs font-medium text-brand-700">{t('enterprise.contacts.primary')}</span>
              ) : null}
            </div>
            <div className="mt-1 flex flex-wrap gap-x-4 gap-y-1 text-sm">
              {c.phone ? (
                <a href={telHref(c.phone)} className="text-brand-600 tabular-nums hover:underline">
                  {c.phone}
                </a>
              ) : null}
              {c.email ? (
                <a href={`mailto:${c.email}`} className="break-all text-slate-600 hover:underline">
                  {c.email}
                </a>
              ) : null}
              {!c.phone && !c.email ? <span className="text-slate-400">{t('enterprise.contacts.noWay')}</span> : null}
            </div>
          </div>
          <RecordActions mode={mode} onEdit={edit}>
            {staff ? (
              <ConfirmAction
                intent="contact.remove"
                hidden={{ contactId: c.id }}
                label={t('enterprise.common.remove')}
                confirmLabel={t('enterprise.common.confirmRemove')}
                question={t('enterprise.contacts.removeQuestion', { name: c.name })}
              />
            ) : (
              <ConfirmAction
                intent="propose"
                hidden={{ kind: 'contact_remove', targetId: c.id }}
                label={t('enterprise.changes.proposeRemove')}
                confirmLabel={t('enterprise.changes.submitProposal')}
                question={t('enterprise.contacts.proposeRemoveQuestion', { name: c.name })}
              />
            )}
          </RecordActions>
        </li>
      )}
    />
  );
}

function ContactForm({ mode, contact, onClose, onSaved }: { mode: FileMode; contact?: EnterpriseContact; onClose: () => void; onSaved: () => void }) {
  const { t } = useTranslation();
  const staff = mode === 'staff';
  const title = staff
    ? contact
      ? t('enterprise.contacts.editTitle', { name: contact.name })
      : t('enterprise.contacts.addTitle')
    : contact
      ? t('enterprise.changes.proposeContactUpdate', { name: contact.name })
      : t('enterprise.changes.proposeContactAdd');
  return (
    <InlineForm
      intent={staff ? 'contact.save' : 'propose'}
      hidden={staff ? { contactId: contact?.id } : { kind: contact ? 'contact_update' : 'contact_add', targetId: contact?.id }}
      title={title}
      submitLabel={staff ? undefined : t('enterprise.changes.submitProposal')}
      onClose={onClose}
      onSaved={onSaved}
      testId="contact-form"
    >
      {(fetcher) => {
        const errors = fetcherFailure(fetcher)?.fieldErrors ?? {};
        return (
          <>
            <div className="grid grid-cols-1 gap-3 sm:grid-cols-2">
              <Field label={t('enterprise.contacts.name')} required error={errors.name}>
                {(p) => <input {...p} name="name" defaultValue={contact?.name ?? ''} autoFocus autoComplete="off" className={inputClass} />}
              </Field>
              <Field label={t('enterprise.contacts.jobTitle')} error={errors.title}>
                {(p) => <input {...p} name="title" defaultValue={contact?.title ?? ''} autoComplete="off" className={inputClass} />}
              </Field>
              <Field label={t('enterprise.contacts.phone')} error={errors.phone} hint={t('enterprise.contacts.phoneHint')}>
                {(p) => <input {...p} name="phone" type="tel" defaultValue={contact?.phone ?? ''} autoComplete="off" className={`${inputClass} tabular-nums`} />}
              </Field>
              <Field label={t('enterprise.contacts.email')} error={errors.email}>
                {(p) => <input {...p} name="email" type="email" defaultValue={contact?.email ?? ''} autoComplete="off" className={inputClass} />}
              </Field>
            </div>
            <label className="flex items-center gap-2 text-sm text-slate-700">
              <input type="checkbox" name="isPrimary" value="true" defaultChecked={contact?.isPrimary ?? false} className="size-4 rounded border-slate-300" />
              {t('enterprise.contacts.makePrimary')}
            </label>
            {staff ? null : <p className="text-xs text-slate-500">{t('enterprise.changes.proposalNote')}</p>}
          </>
        );
      }}
    </InlineForm>
  );
}
