import { Marked } from 'marked';
import sanitizeHtml from 'sanitize-html';

/**
 * An article's Markdown as HTML safe to put into a page (ADR 022): marked renders it (GitHub
 * flavour, raw HTML passed through as marked does), then sanitize-html keeps only the tags and
 * attributes an article needs. Scripts, styles, iframes, forms, inline event handlers and
 * `javascript:`/`data:` links do not survive; links open in a new tab without the opener.
 */
const marked = new Marked({ gfm: true, breaks: true, async: false });

const options: sanitizeHtml.IOptions = {
  allowedTags: ['h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'p', 'br', 'hr', 'ul', 'ol', 'li', 'a', 'strong', 'em', 'del', 'code', 'pre', 'blockquote', 'table', 'thead', 'tbody', 'tr', 'th', 'td'],
  allowedAttributes: { a: ['href', 'title', 'rel', 'target'], th: ['align'], td: ['align'], ol: ['start'] },
  allowedSchemes: ['http', 'https', 'mailto', 'tel'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  transformTags: {
    a: (tagName, attribs) => ({ tagName, attribs: { ...attribs, rel: 'noopener noreferrer', target: '_blank' } }),
  },
};

export function renderMarkdown(markdown: string): string {
  const html = marked.parse(markdown) as string;
  return sanitizeHtml(html, options);
}

/** Plain text of the start of an article (a suggestion's excerpt): Markdown and tags stripped. */
export function excerptOf(markdown: string, max = 80): string {
  const plain = sanitizeHtml(marked.parse(markdown) as string, { allowedTags: [], allowedAttributes: {} })
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/\s+/g, ' ')
    .trim();
  const chars = [...plain];
  return chars.length > max ? `${chars.slice(0, max).join('')}…` : plain;
}
