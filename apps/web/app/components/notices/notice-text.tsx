import { fileSize } from '../../lib/format.ts';

/** A notice's text (line breaks kept) and its attachments' links, as staff and the portal both show it. */
export function NoticeText({ body, attachments }: { body: string; attachments: { fileId: string; name: string; size: number }[] }) {
  return (
    <>
      <div className="text-sm break-words whitespace-pre-line text-slate-800" data-testid="notice-body">
        {body}
      </div>
      {attachments.length ? (
        <ul className="mt-4 space-y-1 text-sm">
          {attachments.map((f) => (
            <li key={f.fileId}>
              <a href={`/api/files/${f.fileId}`} className="text-brand-700 underline">
                {f.name}
              </a>{' '}
              <span className="text-slate-500">{fileSize(f.size)}</span>
            </li>
          ))}
        </ul>
      ) : null}
    </>
  );
}
