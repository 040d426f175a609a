import { describe, expect, it } from 'vitest';
import { articleInLanguage, deflectionRate, draftFromAnswer, isRelevantMatch, matchScore, normalizeTags, questionGrams } from '../src/knowledge/index.ts';

describe('knowledge rules', () => {
  it('tags: trimmed, folded, each once', () => {
    expect(normalizeTags([' 装修 ', '装修', '', 'ＡＢＣ', 'abc', '重点  企业'])).toEqual(['装修', 'ABC', '重点 企业']);
  });

  it('a question: its two-character grams, at most 64, from its first 200 characters', () => {
    expect(questionGrams('稳岗补贴')).toEqual(['稳岗', '岗补', '补贴']);
    expect(questionGrams('我').length).toBe(0);
    expect(questionGrams('一二三四五六七八九十'.repeat(30)).length).toBeLessThanOrEqual(64);
  });

  it('relevance: one common gram is not enough; two title grams or two fifths of the question are', () => {
    expect(isRelevantMatch({ titleHits: 0, bodyHits: 1, hits: 1 }, 10)).toBe(false);
    expect(isRelevantMatch({ titleHits: 2, bodyHits: 0, hits: 2 }, 19)).toBe(true);
    expect(isRelevantMatch({ titleHits: 1, bodyHits: 4, hits: 4 }, 10)).toBe(true);
    expect(isRelevantMatch({ titleHits: 1, bodyHits: 3, hits: 3 }, 10)).toBe(false);
    expect(isRelevantMatch({ titleHits: 1, bodyHits: 0, hits: 1 }, 1)).toBe(true);
    expect(isRelevantMatch({ titleHits: 0, bodyHits: 0, hits: 0 }, 0)).toBe(false);
  });

  it('score: a title gram counts three times a body gram', () => {
    expect(matchScore({ titleHits: 2, bodyHits: 1, hits: 2 })).toBe(7);
    expect(matchScore({ titleHits: 0, bodyHits: 6, hits: 6 })).toBeLessThan(matchScore({ titleHits: 3, bodyHits: 0, hits: 3 }));
  });

  it('language: English where the article has it, Chinese otherwise', () => {
    const both = { title: '社保开户', body: '正文', titleEn: 'Social insurance account', bodyEn: 'Text' };
    expect(articleInLanguage(both, 'en')).toEqual({ title: 'Social insurance account', body: 'Text', language: 'en' });
    expect(articleInLanguage(both, 'zh-CN').language).toBe('zh-CN');
    expect(articleInLanguage({ ...both, titleEn: null, bodyEn: null }, 'en')).toEqual({ title: '社保开户', body: '正文', language: 'zh-CN' });
  });

  it('a draft from an answer: the question quoted, then the answer', () => {
    expect(draftFromAnswer(' 税务登记 ', '第一次去\n要带什么', '带营业执照。')).toEqual({ title: '税务登记', body: '> 第一次去\n> 要带什么\n\n带营业执照。' });
    expect(draftFromAnswer('x'.repeat(300), '', 'a').title.length).toBe(200);
  });

  it('deflection rate: deflections over deflections plus consultations; none without either', () => {
    expect(deflectionRate(1, 3)).toBe(0.25);
    expect(deflectionRate(0, 0)).toBeNull();
  });
});
