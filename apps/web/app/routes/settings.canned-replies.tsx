import { useLoaderData } from 'react-router';
import { translator } from '@stationdesk/i18n';
import { useTranslation } from 'react-i18next';
import { Page } from '../components/page.tsx';
import { ConfirmAction, fetcherFailure, InlineForm } from '../components/form.tsx';
import { RecordsSection } from '../components/enterprise/records-section.tsx';
import { buttonClass, Field, inputClass } from '../components/ui.tsx';
import type { ActionFailure } from '../lib/action-result.ts';
import { actionFailure } from '../lib/action-result.server.ts';
import { formString } from '../lib/enterprise-form.server.ts';
import { loadForRoles } from '../lib/loader.server.ts';
import { redirectWithFlash } from '../lib/flash.server.ts';
import { pageTitle } from '../lib/meta.ts';
import type { Route } from './+types/settings.canned-replies';

/** 常用回复: the tenant's canned replies, picked in the item page's composer; managers keep them. */
export function meta({ matches }: Route.MetaArgs) {
  return pageTitle(matches, 'settings.cannedReplies.title');
}

export async function loader({ request, context }: Route.LoaderArgs) {
  const { data: replies } = await loadForRoles(request, context, ['manager'], () => context.trpc.workItem.cannedReply.list());
  return { replies };
}

export async function action({ request, context }: Route.ActionArgs): Promise<ActionFailure | Response> {
  const form = await request.formData();
  const intent = formString(form, 'intent');
  const id = formString(form, 'id');
  try {
    if (intent === 'delete') await context.trpc.workItem.cannedReply.delete({ id });
    else await context.trpc.workItem.cannedReply.save({ ...(id ? { id } : {}), title: formString(form, 'title'), body: formString(form, 'body') });
    return redirectWithFlash(request, context, translator(context.lang)(intent === 'delete' ? 'settings.cannedReplies.deleted' : 'settings.cannedReplies.saved'), { form: intent });
  } catch (e) {
    return actionFailure(e, { lang: context.lang, intent, fields: ['title', 'body'], posted: form });
  }
}

type Reply = { id: string; title: string; body: string };

export default function CannedReplySettings() {
  const { replies } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <Page title={t('settings.cannedReplies.title')} subtitle={t('settings.cannedReplies.subtitle')}>
      <div className="max-w-3xl">
        <RecordsSection
          title={t('settings.cannedReplies.listTitle')}
          testId="canned-replies"
          addLabel={t('settings.cannedReplies.add')}
          addTestId="add-canned-reply"
          empty={t('settings.cannedReplies.none')}
          records={replies}
          form={(reply, { onClose }) => <ReplyForm reply={reply} onClose={onClose} />}
          row={(reply, edit) => (
            <li key={reply.id} className="flex flex-wrap items-start justify-between gap-2 px-4 py-3" data-testid="canned-reply-row">
              <div className="min-w-0 flex-1">
                <div className="font-medium text-slate-800">{reply.title}</div>
                <p className="mt-0.5 line-clamp-2 whitespace-pre-line text-sm text-slate-600">{reply.body}</p>
              </div>
              <div className="flex items-center gap-1">
                <button type="button" className={buttonClass.ghost} onClick={edit}>
                  {t('settings.cannedReplies.edit')}
                </button>
                <ConfirmAction
                  intent="delete"
                  hidden={{ id: reply.id }}
                  label={t('enterprise.common.remove')}
                  confirmLabel={t('enterprise.common.confirmRemove')}
                  question={t('settings.cannedReplies.removeQuestion', { title: reply.title })}
                />
              </div>
            </li>
          )}
        />
      </div>
    </Page>
  );
}

function ReplyForm({ reply, onClose }: { reply?: Reply; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <InlineForm
      intent="save"
      hidden={{ id: reply?.id }}
      title={reply ? t('settings.cannedReplies.editTitle') : t('settings.cannedReplies.addTitle')}
      onClose={onClose}
      testId="canned-reply-form"
    >
      {(fetcher) => {
        const errors = fetcherFailure(fetcher)?.fieldErrors ?? {};
        return (
          <div className="grid gap-3">
            <Field label={t('settings.cannedReplies.fieldTitle')} required error={errors.title}>
              {(p) => <input {...p} name="title" defaultValue={reply?.title ?? ''} maxLength={60} autoFocus autoComplete="off" className={inputClass} />}
            </Field>
            <Field label={t('settings.cannedReplies.fieldBody')} required error={errors.body}>
              {(p) => <textarea {...p} name="body" defaultValue={reply?.body ?? ''} maxLength={5000} rows={5} className={inputClass} />}
            </Field>
          </div>
        );
      }}
    </InlineForm>
  );
}
