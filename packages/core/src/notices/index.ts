import { badRequest } from '../errors/app-error.ts';

/**
 * Policy notices (政策推送, issue 22): what a manager publishes to the enterprises of the tenant —
 * all of them, one station's, one industry's or those with a tag. The audience is resolved once,
 * when the notice is published, into the list of recipient enterprises: a tag or industry changed
 * afterwards does not rewrite who received it (nor the read receipts counted against it).
 */
export const noticeAudiences = ['all', 'station', 'industry', 'tag'] as const;
export type NoticeAudience = (typeof noticeAudiences)[number];

/** draft → published → archived (an archived notice leaves the portal; its receipts stay). */
export const noticeStatuses = ['draft', 'published', 'archived'] as const;
export type NoticeStatus = (typeof noticeStatuses)[number];

export interface NoticeAudienceInput {
  audience: NoticeAudience;
  stationId?: string | null;
  industry?: string | null;
  tagId?: string | null;
}

export interface NoticeAudienceTarget {
  audience: NoticeAudience;
  stationId: string | null;
  industry: string | null;
  tagId: string | null;
}

/**
 * The audience as it is stored: the one target its kind needs, the others null. A kind without its
 * target (a station audience with no station) is refused.
 */
export function noticeAudienceTarget(input: NoticeAudienceInput): NoticeAudienceTarget {
  const industry = input.industry?.trim() ? input.industry.trim() : null;
  switch (input.audience) {
    case 'all':
      return { audience: 'all', stationId: null, industry: null, tagId: null };
    case 'station':
      if (!input.stationId) throw badRequest('errors.notice.audienceStationRequired');
      return { audience: 'station', stationId: input.stationId, industry: null, tagId: null };
    case 'industry':
      if (!industry) throw badRequest('errors.notice.audienceIndustryRequired');
      return { audience: 'industry', stationId: null, industry, tagId: null };
    case 'tag':
      if (!input.tagId) throw badRequest('errors.notice.audienceTagRequired');
      return { audience: 'tag', stationId: null, industry: null, tagId: input.tagId };
  }
}

/** Enterprise statuses a notice reaches: still in the buildings (a company moving out still hears). */
export const noticeRecipientStatuses = ['active', 'moving_out'] as const;

/** Whether an enterprise (as the audience sees it) is in the audience. The SQL at publish time applies the same rule. */
export function inNoticeAudience(target: NoticeAudienceTarget, e: { stationId: string; industry: string | null; tagIds: readonly string[]; status: string }): boolean {
  if (!(noticeRecipientStatuses as readonly string[]).includes(e.status)) return false;
  switch (target.audience) {
    case 'all':
      return true;
    case 'station':
      return e.stationId === target.stationId;
    case 'industry':
      return (e.industry ?? '').trim() === target.industry;
    case 'tag':
      return target.tagId !== null && e.tagIds.includes(target.tagId);
  }
}

/** Only a draft is edited or published; a published notice is archived, never edited (what was received stays what was sent). */
export function noticeChangeRefusal(status: NoticeStatus, change: 'update' | 'publish' | 'archive'): string | null {
  if (change === 'archive') return status === 'published' ? null : 'errors.notice.notPublished';
  return status === 'draft' ? null : 'errors.notice.notDraft';
}

/** Read receipts as a share of the recipients, in whole percent (0 recipients: 0). */
export function noticeReadPercent(read: number, recipients: number): number {
  if (recipients <= 0) return 0;
  return Math.floor((read * 100) / recipients);
}
