import { Form, redirect, useActionData, useLoaderData, useNavigation } from 'react-router';
import { useTranslation } from 'react-i18next';
import { translator } from '@stationdesk/i18n';
import { ChangePayload } from '../components/enterprise/change-view.tsx';
import { ContactsSection } from '../components/enterprise/contacts-section.tsx';
import { FormErrors } from '../components/form.tsx';
import { Page } from '../components/page.tsx';
import { buttonClass, Notice, Section } from '../components/ui.tsx';
import type { ActionFailure } from '../lib/action-result.ts';
import { actionFailure, formFailure, notFoundOr } from '../lib/action-result.server.ts';
import { contactFields, enterpriseRefusalFields, formString, readContact } from '../lib/enterprise-form.server.ts';
import { redirectWithFlash } from '../lib/flash.server.ts';
import { loadForRoles } from '../lib/loader.server.ts';
import { pageTitle } from '../lib/meta.ts';
import type { Route } from './+types/confirm-contacts';

type Trpc = Route.ActionArgs['context']['trpc'];
type Proposal = Parameters<Trpc['enterprise']['proposeChange']>[0];

export function meta({ matches }: Route.MetaArgs) {
  return pageTitle(matches, 'confirmContacts.title');
}

/**
 * An enterprise admin's first stop (the shell sends them here until done): their enterprise's
 * contacts from 一企一档, changed through change requests as on the enterprise's page, then
 * confirmed (auth.confirmContacts) and on to the portal.
 */
export async function loader({ request, context }: Route.LoaderArgs) {
  const { me, data } = await loadForRoles(request, context, ['enterprise_admin'], async () => {
    const me = await context.trpc.auth.me();
    if (!me.enterpriseId) throw redirect('/portal');
    return Promise.all([
      context.trpc.enterprise.get({ id: me.enterpriseId }).catch(notFoundOr),
      context.trpc.enterprise.changes({ enterpriseId: me.enterpriseId, limit: 50 }).catch(notFoundOr),
    ]);
  });
  const [enterprise, changes] = data;
  return { due: me.contactsConfirmationDue, enterprise, pending: changes.filter((c) => c.status === 'pending' && c.kind.startsWith('contact')) };
}

export async function action({ request, context }: Route.ActionArgs): Promise<ActionFailure | Response> {
  const form = await request.formData();
  const intent = formString(form, 'intent');
  const t = translator(context.lang);
  try {
    if (intent === 'confirm') {
      await context.trpc.auth.confirmContacts();
      return redirectWithFlash(request, context, t('confirmContacts.confirmed'), { to: '/portal' });
    }
    if (intent === 'propose') {
      const me = await context.trpc.auth.me();
      const kind = formString(form, 'kind');
      const targetId = formString(form, 'targetId');
      const payload = kind === 'contact_remove' ? {} : readContact(form);
      await context.trpc.enterprise.proposeChange({ enterpriseId: me.enterpriseId ?? '', kind, ...(targetId ? { targetId } : {}), payload } as Proposal);
      return redirectWithFlash(request, context, t('enterprise.saved.propose'), { form: intent });
    }
    return formFailure({ lang: context.lang, intent }, 'errors.invalidInput');
  } catch (err) {
    return actionFailure(err, { lang: context.lang, intent, fields: intent === 'propose' ? contactFields : [], refusalFields: enterpriseRefusalFields, posted: form });
  }
}

export default function ConfirmContacts() {
  const { due, enterprise, pending } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== 'idle';
  const { t } = useTranslation();
  const failure = result && 'intent' in result && result.intent === 'confirm' ? result : null;
  return (
    <Page title={t('confirmContacts.title')} subtitle={enterprise.name}>
      <div className="space-y-4">
        <Notice>{due ? t('confirmContacts.intro') : t('confirmContacts.alreadyConfirmed')}</Notice>
        <ContactsSection contacts={enterprise.contacts} mode="owner" />
        {pending.length ? (
          <Section title={t('confirmContacts.pending')} testId="pending-contact-changes">
            <ul className="divide-y divide-slate-100">
              {pending.map((c) => (
                <li key={c.id} className="px-4 py-3 text-sm">
                  <ChangePayload change={c} />
                </li>
              ))}
            </ul>
          </Section>
        ) : null}
        <Form method="post" className="space-y-2">
          <input type="hidden" name="intent" value="confirm" />
          <p className="text-sm text-slate-600">{t('confirmContacts.confirmHint')}</p>
          <FormErrors failure={failure} />
          <button type="submit" disabled={busy} className={buttonClass.primary} data-testid="confirm-contacts">
            {t('confirmContacts.confirm')}
          </button>
        </Form>
      </div>
    </Page>
  );
}
