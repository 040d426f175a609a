import { text } from './work-items.server.ts';

/** The article form's fields as the procedures take them (create and update share them). */
export function articleFields(form: FormData) {
  const titleEn = text(form, 'titleEn');
  const bodyEn = text(form, 'bodyEn');
  return {
    title: text(form, 'title'),
    body: text(form, 'body'),
    titleEn: titleEn || null,
    bodyEn: bodyEn || null,
    category: text(form, 'category') as never,
    tags: text(form, 'tags')
      .split(/[,，、;；\s]+/)
      .filter(Boolean),
    agencyTypes: form.getAll('agencyTypes').filter((v): v is string => typeof v === 'string'),
  };
}

export const articleFieldNames = ['title', 'body', 'titleEn', 'bodyEn', 'category', 'tags', 'agencyTypes'];
