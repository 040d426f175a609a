import { defaultLanguage, isLanguage, translator } from '@stationdesk/i18n';

/** "<page> · 楼宇工作站服务台" in the reader's language (the root loader's), for the browser tab. */
export function pageTitle(matches: readonly ({ id: string; loaderData: unknown } | undefined)[], key: string, subject?: string | null) {
  const root = matches.find((m) => m?.id === 'root')?.loaderData as { lang?: unknown } | undefined;
  const t = translator(isLanguage(root?.lang) ? root.lang : defaultLanguage);
  return [{ title: [subject, t(key), t('app.name')].filter(Boolean).join(' · ') }];
}
