/** Picks the English name when the reader chose English and one exists. */
export function localName(lang: string, zh: string, en: string | null | undefined): string {
  return lang === 'en' && en ? en : zh;
}
