import { useCallback, useState } from 'react';
import { Link, useFetcher } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { ActionResult } from '../../lib/action-result.ts';
import type { TagView } from '../../lib/enterprise-types.ts';
import { TagChip, TagList } from './badges.tsx';
import { fetcherFailure, FormErrors, useOnSuccess } from '../form.tsx';
import { buttonClass } from '../ui.tsx';

/** The file's tags; staff pick them from the tenant's vocabulary in a small panel. */
export function TagEditor({ tags, allTags, editable, canManage }: { tags: TagView[]; allTags: TagView[]; editable: boolean; canManage: boolean }) {
  const { t } = useTranslation();
  const fetcher = useFetcher<ActionResult>();
  const [open, setOpen] = useState(false);
  const close = useCallback(() => setOpen(false), []);
  useOnSuccess(fetcher, close);
  const chosen = new Set(tags.map((x) => x.id));
  const failed = fetcherFailure(fetcher);

  return (
    <div className="relative flex flex-wrap items-center gap-1.5" data-testid="tag-editor">
      {tags.length ? <TagList tags={tags} /> : <span className="text-xs text-slate-400">{t('enterprise.tags.none')}</span>}
      {editable ? (
        <button type="button" className={`${buttonClass.ghost} text-xs`} aria-expanded={open} onClick={() => setOpen((o) => !o)} data-testid="edit-tags">
          {t('enterprise.tags.edit')}
        </button>
      ) : null}
      {open ? (
        <fetcher.Form
          method="post"
          className="absolute top-full left-0 z-20 mt-1 w-72 max-w-[calc(100vw-2rem)] rounded-lg border border-slate-200 bg-white p-3 shadow-lg"
          onKeyDown={(e) => {
            if (e.key === 'Escape') close();
          }}
          aria-label={t('enterprise.tags.edit')}
        >
          <input type="hidden" name="intent" value="tags" />
          <fieldset>
            <legend className="mb-2 text-sm font-medium text-slate-900">{t('enterprise.tags.choose')}</legend>
            {allTags.length === 0 ? (
              <p className="text-sm text-slate-500">
                {t('enterprise.tags.noneDefined')}{' '}
                {canManage ? (
                  <Link to="/settings/tags" className={buttonClass.link}>
                    {t('enterprise.nav.tags')}
                  </Link>
                ) : null}
              </p>
            ) : (
              <ul className="max-h-64 space-y-1 overflow-y-auto">
                {allTags.map((tag, i) => (
                  <li key={tag.id}>
                    <label className="flex cursor-pointer items-center gap-2 rounded px-1.5 py-1 text-sm hover:bg-slate-50">
                      <input type="checkbox" name="tagId" value={tag.id} defaultChecked={chosen.has(tag.id)} autoFocus={i === 0} className="size-4 rounded border-slate-300" />
                      <TagChip name={tag.name} color={tag.color} />
                    </label>
                  </li>
                ))}
              </ul>
            )}
          </fieldset>
          {failed?.error ? (
            <div className="mt-2">
              <FormErrors failure={failed} />
            </div>
          ) : null}
          <div className="mt-3 flex justify-end gap-2">
            <button type="button" className={buttonClass.smallSecondary} onClick={close}>
              {t('enterprise.common.cancel')}
            </button>
            <button type="submit" className={buttonClass.smallPrimary} disabled={fetcher.state !== 'idle'}>
              {fetcher.state !== 'idle' ? t('enterprise.common.saving') : t('enterprise.common.save')}
            </button>
          </div>
        </fetcher.Form>
      ) : null}
    </div>
  );
}
