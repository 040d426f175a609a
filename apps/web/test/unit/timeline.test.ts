import { describe, expect, it } from 'vitest';
import { changeRequestKinds, enterpriseFileActions, workItemEventActions, workItemKinds } from '@stationdesk/core';
import { locales } from '@stationdesk/i18n';
import { timelineItemHref, timelineTitleKey } from '../../app/lib/timeline.ts';

/** A string at this key path, or undefined. */
function text(lang: keyof typeof locales, key: string): unknown {
  return key.split('.').reduce<unknown>((node, part) => (typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[part] : undefined), locales[lang]);
}

/**
 * Every title the enterprise_timeline view can give an entry, from the lists the services are
 * typed against (audit actions of a file, change-request kinds, work-item event actions).
 */
const titles = [...enterpriseFileActions, ...changeRequestKinds.map((k) => `enterprise.change.${k}`), ...workItemEventActions.map((a) => `workItem.${a}`)];

describe('enterprise timeline', () => {
  it.each(['zh-CN', 'en'] as const)('names every kind of entry in %s', (lang) => {
    const missing = titles.filter((title) => typeof text(lang, timelineTitleKey(title)) !== 'string');
    expect(missing).toEqual([]);
    expect(workItemKinds.filter((k) => typeof text(lang, `workItems.kind.${k}`) !== 'string')).toEqual([]);
  });

  it('links an item to its page: the portal for the enterprise, the case page for a dispute', () => {
    expect(timelineItemHref('consultation', 'a', false)).toBe('/items/a');
    expect(timelineItemHref('agency', 'a', false)).toBe('/items/a');
    expect(timelineItemHref('dispute', 'a', false)).toBe('/disputes/a');
    expect(timelineItemHref('patrol', 'a', false)).toBe('/patrol/findings/a');
    expect(timelineItemHref('dispute', 'a', true)).toBe('/portal/items/a');
  });
});
