import { describe, expect, it } from 'vitest';
import { AppError, inNoticeAudience, noticeAudienceTarget, noticeChangeRefusal, noticeReadPercent } from '../src/index.ts';

const S1 = '00000000-0000-4000-8000-000000000001';
const S2 = '00000000-0000-4000-8000-000000000002';
const TAG = '00000000-0000-4000-8000-0000000000aa';
const company = (extra: Partial<{ stationId: string; industry: string | null; tagIds: string[]; status: string }> = {}) => ({
  stationId: S1,
  industry: '信息传输、软件和信息技术服务业',
  tagIds: [] as string[],
  status: 'active',
  ...extra,
});

function keyOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    return e instanceof AppError ? e.messageKey : 'not an AppError';
  }
  return undefined;
}

describe('noticeAudienceTarget', () => {
  it('keeps only the target its kind needs', () => {
    expect(noticeAudienceTarget({ audience: 'all', stationId: S1, tagId: TAG, industry: '制造业' })).toEqual({ audience: 'all', stationId: null, industry: null, tagId: null });
    expect(noticeAudienceTarget({ audience: 'station', stationId: S1, tagId: TAG })).toEqual({ audience: 'station', stationId: S1, industry: null, tagId: null });
    expect(noticeAudienceTarget({ audience: 'tag', tagId: TAG, stationId: S1 })).toEqual({ audience: 'tag', stationId: null, industry: null, tagId: TAG });
    expect(noticeAudienceTarget({ audience: 'industry', industry: '  制造业 ' }).industry).toBe('制造业');
  });

  it('refuses a kind without its target', () => {
    expect(keyOf(() => noticeAudienceTarget({ audience: 'station' }))).toBe('errors.notice.audienceStationRequired');
    expect(keyOf(() => noticeAudienceTarget({ audience: 'tag', tagId: null }))).toBe('errors.notice.audienceTagRequired');
    expect(keyOf(() => noticeAudienceTarget({ audience: 'industry', industry: '   ' }))).toBe('errors.notice.audienceIndustryRequired');
  });
});

describe('inNoticeAudience', () => {
  it('all: every enterprise still in the buildings, a moving-out one too, not a moved-out one', () => {
    const all = noticeAudienceTarget({ audience: 'all' });
    expect(inNoticeAudience(all, company())).toBe(true);
    expect(inNoticeAudience(all, company({ status: 'moving_out' }))).toBe(true);
    expect(inNoticeAudience(all, company({ status: 'moved_out' }))).toBe(false);
    expect(inNoticeAudience(all, company({ status: 'deregistered' }))).toBe(false);
  });

  it('a station, an industry (trimmed, exact), a tag', () => {
    expect(inNoticeAudience(noticeAudienceTarget({ audience: 'station', stationId: S1 }), company())).toBe(true);
    expect(inNoticeAudience(noticeAudienceTarget({ audience: 'station', stationId: S2 }), company())).toBe(false);
    const industry = noticeAudienceTarget({ audience: 'industry', industry: '制造业' });
    expect(inNoticeAudience(industry, company({ industry: '制造业 ' }))).toBe(true);
    expect(inNoticeAudience(industry, company({ industry: null }))).toBe(false);
    const tag = noticeAudienceTarget({ audience: 'tag', tagId: TAG });
    expect(inNoticeAudience(tag, company({ tagIds: [TAG] }))).toBe(true);
    expect(inNoticeAudience(tag, company({ tagIds: [] }))).toBe(false);
  });
});

describe('noticeChangeRefusal', () => {
  it('only a draft is edited or published; only a published notice is archived', () => {
    expect(noticeChangeRefusal('draft', 'update')).toBeNull();
    expect(noticeChangeRefusal('draft', 'publish')).toBeNull();
    expect(noticeChangeRefusal('published', 'publish')).toBe('errors.notice.notDraft');
    expect(noticeChangeRefusal('published', 'update')).toBe('errors.notice.notDraft');
    expect(noticeChangeRefusal('published', 'archive')).toBeNull();
    expect(noticeChangeRefusal('draft', 'archive')).toBe('errors.notice.notPublished');
    expect(noticeChangeRefusal('archived', 'archive')).toBe('errors.notice.notPublished');
  });
});

describe('noticeReadPercent', () => {
  it('whole percent, rounded down, 0 without recipients', () => {
    expect(noticeReadPercent(0, 0)).toBe(0);
    expect(noticeReadPercent(1, 3)).toBe(33);
    expect(noticeReadPercent(2, 3)).toBe(66);
    expect(noticeReadPercent(3, 3)).toBe(100);
  });
});
