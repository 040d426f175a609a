import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { needsRectification, ratings } from '@stationdesk/core';
import { Notice } from '../ui.tsx';
import { ChoiceGroup } from './choice-group.tsx';

/**
 * The five-level satisfaction rating (非常满意 … 非常不满意) with a comment. 不满意 or worse says
 * before sending what will happen (a rectification deadline and a second follow-up) and asks
 * whether the item should be handled again (重办): it is reopened only when the answer is yes.
 */
export function RatingInput({ error, reopenError, who }: { error?: string | undefined; reopenError?: string | undefined; who: 'enterprise' | 'staff' }) {
  const { t } = useTranslation();
  const [rating, setRating] = useState('');
  const [reopen, setReopen] = useState('');
  const staff = who === 'staff';
  return (
    <div className="space-y-3">
      <ChoiceGroup
        label={who === 'enterprise' ? t('workItems.rating.question') : t('workItems.rating.staffQuestion')}
        name="rating"
        required
        value={rating}
        onChange={setRating}
        options={ratings.map((r) => ({ value: r, label: t(`vocab.rating.${r}`) }))}
        tone={(v) => (needsRectification(v) ? 'warning' : 'brand')}
        testId="rating-choices"
      />
      {error ? <p className="text-xs text-red-600">{error}</p> : null}
      {rating && needsRectification(rating) ? (
        <Notice tone="warning">
          <span data-testid="redo-notice">{who === 'enterprise' ? t('workItems.rating.redoNotice') : t('workItems.rating.redoNoticeStaff')}</span>
        </Notice>
      ) : null}
      {rating && needsRectification(rating) ? (
        <div>
          <ChoiceGroup
            label={staff ? t('workItems.rating.reopenQuestionStaff') : t('workItems.rating.reopenQuestion')}
            name="reopen"
            required
            value={reopen}
            onChange={setReopen}
            options={[
              { value: 'yes', label: staff ? t('workItems.rating.reopenYesStaff') : t('workItems.rating.reopenYes') },
              { value: 'no', label: staff ? t('workItems.rating.reopenNoStaff') : t('workItems.rating.reopenNo') },
            ]}
            tone={(v) => (v === 'yes' ? 'warning' : 'brand')}
            testId="reopen-choices"
          />
          {reopenError ? <p className="mt-1 text-xs text-red-600">{reopenError}</p> : null}
        </div>
      ) : null}
      <div>
        <label htmlFor="rating-comment" className="mb-1 block text-sm font-medium text-slate-700">
          {t('workItems.rating.comment')}
          {rating && needsRectification(rating) ? null : <span className="ml-1 font-normal text-slate-500">{t('workItems.common.optional')}</span>}
        </label>
        <textarea
          id="rating-comment"
          name="comment"
          rows={2}
          maxLength={2000}
          placeholder={rating && needsRectification(rating) ? t('workItems.rating.commentUnsatisfied') : t('workItems.rating.commentPlaceholder')}
          className="block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm placeholder:text-slate-400 focus:border-brand-600 focus:ring-2 focus:ring-brand-100 focus:outline-none"
        />
      </div>
    </div>
  );
}
