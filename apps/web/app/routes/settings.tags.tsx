import { useState } from 'react';
import { useLoaderData } from 'react-router';
import { translator } from '@stationdesk/i18n';
import { useTranslation } from 'react-i18next';
import { tagColors } from '@stationdesk/core';
import { Page } from '../components/page.tsx';
import { TagChip, tagDotClass } from '../components/enterprise/badges.tsx';
import { ConfirmAction, fetcherFailure, InlineForm } from '../components/form.tsx';
import { RecordsSection } from '../components/enterprise/records-section.tsx';
import { buttonClass, Field, inputClass } from '../components/ui.tsx';
import type { ActionFailure } from '../lib/action-result.ts';
import { actionFailure } from '../lib/action-result.server.ts';
import { formString } from '../lib/enterprise-form.server.ts';
import { loadForRoles } from '../lib/loader.server.ts';
import { redirectWithFlash } from '../lib/flash.server.ts';
import type { TagView } from '../lib/enterprise-types.ts';
import { pageTitle } from '../lib/meta.ts';
import type { Route } from './+types/settings.tags';

type TagColor = (typeof tagColors)[number];

export function meta({ matches }: Route.MetaArgs) {
  return pageTitle(matches, 'enterprise.tags.title');
}

export async function loader({ request, context }: Route.LoaderArgs) {
  const { data: tags } = await loadForRoles(request, context, ['manager'], () => context.trpc.tag.list());
  return { tags };
}

export async function action({ request, context }: Route.ActionArgs): Promise<ActionFailure | Response> {
  const form = await request.formData();
  const intent = formString(form, 'intent');
  const id = formString(form, 'id');
  try {
    if (intent === 'delete') await context.trpc.tag.delete({ id });
    else {
      const color = formString(form, 'color');
      await context.trpc.tag.save({
        ...(id ? { id } : {}),
        name: formString(form, 'name'),
        color: ((tagColors as readonly string[]).includes(color) ? color : 'slate') as TagColor,
      });
    }
    return redirectWithFlash(request, context, translator(context.lang)(intent === 'delete' ? 'enterprise.saved.tagDeleted' : 'enterprise.saved.tagSaved'), { form: intent });
  } catch (e) {
    return actionFailure(e, { lang: context.lang, intent, fields: ['name', 'color'], posted: form });
  }
}

export default function TagSettings() {
  const { tags } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <Page title={t('enterprise.tags.title')} subtitle={t('enterprise.tags.subtitle')}>
      <div className="max-w-3xl">
        <RecordsSection
          title={t('enterprise.tags.listTitle')}
          testId="tag-settings"
          addLabel={t('enterprise.tags.add')}
          addTestId="add-tag"
          empty={t('enterprise.tags.noneDefined')}
          records={tags}
          form={(tag, { onClose }) => <TagForm tag={tag} onClose={onClose} />}
          row={(tag, edit) => (
            <li key={tag.id} className="flex flex-wrap items-center justify-between gap-2 px-4 py-2.5" data-testid="tag-row">
              <div className="flex items-center gap-3">
                <TagChip name={tag.name} color={tag.color} />
                <span className="text-xs text-slate-500">{t(`vocab.tagColor.${tag.color}`)}</span>
              </div>
              <div className="flex items-center gap-1">
                <button type="button" className={buttonClass.ghost} onClick={edit}>
                  {t('enterprise.tags.rename')}
                </button>
                <ConfirmAction
                  intent="delete"
                  hidden={{ id: tag.id }}
                  label={t('enterprise.common.remove')}
                  confirmLabel={t('enterprise.common.confirmRemove')}
                  question={t('enterprise.tags.removeQuestion', { name: tag.name })}
                />
              </div>
            </li>
          )}
        />
      </div>
    </Page>
  );
}

function TagForm({ tag, onClose }: { tag?: TagView; onClose: () => void }) {
  const { t } = useTranslation();
  const [color, setColor] = useState(tag?.color ?? 'blue');
  const [name, setName] = useState(tag?.name ?? '');
  return (
    <InlineForm intent="save" hidden={{ id: tag?.id }} title={tag ? t('enterprise.tags.editTitle') : t('enterprise.tags.addTitle')} onClose={onClose} testId="tag-form">
      {(fetcher) => {
        const errors = fetcherFailure(fetcher)?.fieldErrors ?? {};
        return (
          <div className="grid grid-cols-1 gap-3 sm:grid-cols-[minmax(0,1fr)_auto]">
            <Field label={t('enterprise.tags.name')} required error={errors.name}>
              {(p) => <input {...p} name="name" value={name} onChange={(e) => setName(e.currentTarget.value)} maxLength={40} autoFocus autoComplete="off" className={inputClass} />}
            </Field>
            <fieldset>
              <legend className="mb-1 block text-sm font-medium text-slate-700">{t('enterprise.tags.color')}</legend>
              <div className="flex flex-wrap items-center gap-1.5 py-1.5">
                {tagColors.map((c) => (
                  <label key={c} className="cursor-pointer" title={t(`vocab.tagColor.${c}`)}>
                    <input type="radio" name="color" value={c} checked={color === c} onChange={() => setColor(c)} className="peer sr-only" />
                    <span
                      className={`block size-6 rounded-full ring-2 ring-transparent ring-offset-2 peer-checked:ring-slate-700 peer-focus-visible:outline-2 peer-focus-visible:outline-brand-600 ${tagDotClass[c]}`}
                    />
                    <span className="sr-only">{t(`vocab.tagColor.${c}`)}</span>
                  </label>
                ))}
              </div>
            </fieldset>
            <div className="text-xs text-slate-500 sm:col-span-2">
              {t('enterprise.tags.preview')} <TagChip name={name.trim() || t('enterprise.tags.name')} color={color} />
            </div>
          </div>
        );
      }}
    </InlineForm>
  );
}
