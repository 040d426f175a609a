import { useEffect, useId, useRef, useState } from 'react';
import { useFetcher } from 'react-router';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../lib/format.ts';
import type { ActionResult } from '../../lib/action-result.ts';
import type { CannedReply, WorkItemMessage } from '../../lib/work-items.ts';
import { fetcherFailure, FormErrors } from '../form.tsx';
import { buttonClass, FieldError } from '../ui.tsx';
import { useSavedKey } from '../flash.tsx';
import { IdempotencyKeyInput, useIdempotencyKey } from '../idempotency-key.tsx';
import { AttachmentList, AttachmentPicker, type Attachment } from './attachments.tsx';
import { LockIcon } from './badges.tsx';

/**
 * 沟通记录: public replies (the enterprise reads them) and internal notes (yellow, with a lock —
 * the enterprise never sees them; the API does not even send them to the portal).
 */
export function MessageList({ messages, timezone, mode }: { messages: WorkItemMessage[]; timezone: string; mode: 'staff' | 'portal' }) {
  const { t } = useTranslation();
  if (messages.length === 0) return <p className="px-4 py-6 text-center text-sm text-slate-500">{t('workItems.conversation.empty')}</p>;
  return (
    <ol className="space-y-3 px-4 py-4" data-testid="messages">
      {messages.map((m) => {
        const internal = 'visibility' in m && m.visibility === 'internal';
        const side = m.fromEnterprise ? (mode === 'portal' ? t('workItems.conversation.us') : t('workItems.conversation.enterprise')) : t('workItems.conversation.station');
        return (
          <li
            key={m.id}
            className={`rounded-lg border px-3.5 py-3 ${internal ? 'border-amber-300 bg-amber-50' : m.fromEnterprise ? 'border-slate-200 bg-white' : 'border-brand-100 bg-brand-50/50'}`}
            data-testid={internal ? 'internal-note' : 'public-reply'}
          >
            <div className="flex flex-wrap items-center gap-x-2 gap-y-1 text-xs">
              {internal ? (
                <span className="inline-flex items-center gap-1 rounded bg-amber-200/70 px-1.5 py-0.5 font-medium text-amber-900">
                  <LockIcon className="size-3" />
                  {t('workItems.conversation.internalLabel')}
                </span>
              ) : (
                <span className={`rounded px-1.5 py-0.5 font-medium ${m.fromEnterprise ? 'bg-slate-100 text-slate-700' : 'bg-brand-100 text-brand-800'}`}>{side}</span>
              )}
              <span className="font-medium text-slate-800">{m.authorName ?? '—'}</span>
              <time dateTime={m.at} className="text-slate-500 tabular-nums">
                {formatDateTime(m.at, timezone)}
              </time>
            </div>
            <p className="mt-1.5 text-sm break-words whitespace-pre-wrap text-slate-900" data-testid="message-body">
              {m.body}
            </p>
            <AttachmentList files={m.attachments} />
          </li>
        );
      })}
    </ol>
  );
}

/**
 * The reply box. Staff choose public or internal (the box turns yellow for a note) and may insert
 * a canned reply; both sides may attach files. Ctrl/⌘+Enter sends. Posts `intent=reply` to the
 * page's action.
 */
export function Composer({
  mode,
  idempotencyKey,
  cannedReplies = [],
  highlight = false,
  onSent,
  placeholder,
}: {
  mode: 'staff' | 'portal';
  /** The page loader's fresh key for the next reply (see lib/idempotency.ts). */
  idempotencyKey: string;
  cannedReplies?: CannedReply[];
  /** Waiting for the enterprise: the box is what the page is asking for. */
  highlight?: boolean;
  onSent?: () => void;
  placeholder?: string;
}) {
  const { t } = useTranslation();
  const id = useId();
  const fetcher = useFetcher<ActionResult>();
  const formRef = useRef<HTMLFormElement>(null);
  const bodyRef = useRef<HTMLTextAreaElement>(null);
  const [visibility, setVisibility] = useState<'public' | 'internal'>('public');
  const [files, setFiles] = useState<Attachment[]>([]);
  const [uploading, setUploading] = useState(false);
  const internal = visibility === 'internal';
  const sending = fetcher.state !== 'idle';
  const failed = fetcherFailure(fetcher);
  const bodyError = failed?.fieldErrors.body;

  // Sent: the page came back with the reply's flash; a fresh box for the next one.
  const sent = useSavedKey('reply');
  const onceKey = useIdempotencyKey(idempotencyKey, 'reply');
  const shownFor = useRef(sent);
  useEffect(() => {
    if (shownFor.current === sent) return;
    shownFor.current = sent;
    formRef.current?.reset();
    // Clearing the picker after a send is what the user expects; the list is the parent's state.
    setFiles([]);
    onSent?.();
  }, [sent, onSent]);

  const insertCanned = (replyId: string) => {
    const reply = cannedReplies.find((c) => c.id === replyId);
    const box = bodyRef.current;
    if (!reply || !box) return;
    box.value = box.value.trim() ? `${box.value.trimEnd()}\n${reply.body}` : reply.body;
    box.focus();
  };

  return (
    <fetcher.Form
      ref={formRef}
      method="post"
      className={`rounded-lg border p-3 transition-colors ${internal ? 'border-amber-300 bg-amber-50' : highlight ? 'border-amber-400 bg-white ring-4 ring-amber-100' : 'border-slate-200 bg-white'}`}
      onKeyDown={(e) => {
        if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
          e.preventDefault();
          formRef.current?.requestSubmit();
        }
      }}
      data-testid="composer"
      noValidate
    >
      <input type="hidden" name="intent" value="reply" />
      <IdempotencyKeyInput value={onceKey} />
      <input type="hidden" name="visibility" value={visibility} />
      {mode === 'staff' ? (
        <div className="mb-2 flex flex-wrap items-center justify-between gap-2">
          <div role="group" aria-label={t('workItems.conversation.visibility')} className="inline-flex rounded-md border border-slate-300 bg-white p-0.5 text-sm">
            {(['public', 'internal'] as const).map((v) => (
              <button
                key={v}
                type="button"
                aria-pressed={visibility === v}
                onClick={() => setVisibility(v)}
                className={`inline-flex min-h-8 items-center gap-1 rounded px-3 ${visibility === v ? (v === 'internal' ? 'bg-amber-200 font-medium text-amber-900' : 'bg-brand-600 font-medium text-white') : 'text-slate-600 hover:bg-slate-100'}`}
                data-testid={`visibility-${v}`}
              >
                {v === 'internal' ? <LockIcon className="size-3" /> : null}
                {v === 'public' ? t('workItems.conversation.public') : t('workItems.conversation.internal')}
              </button>
            ))}
          </div>
          {cannedReplies.length ? (
            <div className="flex items-center gap-1">
              <label htmlFor={`${id}-canned`} className="sr-only">
                {t('workItems.conversation.canned')}
              </label>
              <select
                id={`${id}-canned`}
                value=""
                onChange={(e) => insertCanned(e.currentTarget.value)}
                className="max-w-48 rounded-md border border-slate-300 bg-white py-1 pr-8 pl-2 text-sm text-slate-700"
                data-testid="canned-replies"
              >
                <option value="">{t('workItems.conversation.canned')}</option>
                {cannedReplies.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.title}
                  </option>
                ))}
              </select>
            </div>
          ) : null}
        </div>
      ) : null}
      <label htmlFor={`${id}-body`} className="sr-only">
        {internal ? t('workItems.conversation.internal') : t('workItems.conversation.replyLabel')}
      </label>
      <textarea
        ref={bodyRef}
        id={`${id}-body`}
        name="body"
        rows={3}
        maxLength={10000}
        placeholder={placeholder ?? (internal ? t('workItems.conversation.internalPlaceholder') : mode === 'portal' ? t('workItems.conversation.portalPlaceholder') : t('workItems.conversation.publicPlaceholder'))}
        aria-invalid={Boolean(bodyError)}
        aria-describedby={bodyError ? `${id}-error ${id}-hint` : `${id}-hint`}
        className={`block w-full rounded-md border px-3 py-2 text-sm shadow-sm placeholder:text-slate-400 focus:ring-2 focus:outline-none ${internal ? 'border-amber-300 bg-white focus:border-amber-500 focus:ring-amber-100' : 'border-slate-300 bg-white focus:border-brand-600 focus:ring-brand-100'}`}
        data-testid="reply-body"
      />
      <p id={`${id}-hint`} className={`mt-1 text-xs ${internal ? 'text-amber-800' : 'text-slate-500'}`}>
        {internal ? t('workItems.conversation.internalHint') : mode === 'staff' ? t('workItems.conversation.publicHint') : t('workItems.conversation.portalHint')}
      </p>
      <FieldError id={`${id}-error`} error={bodyError} />
      {failed?.error ? (
        <div className="mt-2">
          <FormErrors failure={failed} />
        </div>
      ) : null}
      <div className="mt-2 flex flex-wrap items-center justify-between gap-2">
        <AttachmentPicker files={files} onChange={setFiles} onBusyChange={setUploading} />
        <button
          type="submit"
          className={internal ? `${buttonClass.secondary} border-amber-400 bg-amber-100 text-amber-900 hover:bg-amber-200` : buttonClass.primary}
          disabled={sending || uploading}
          data-testid="reply-submit"
        >
          {sending ? t('workItems.common.sending') : internal ? t('workItems.conversation.sendInternal') : t('workItems.conversation.send')}
        </button>
      </div>
    </fetcher.Form>
  );
}
