import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../../lib/format.ts';
import type { DisputeDetail } from '../../../lib/disputes.ts';
import { Field, inputClass, Section } from '../../ui.tsx';
import { CaseFileUpload } from '../case-file-upload.tsx';
import { CaseFormDisclosure } from '../case-form.tsx';
import { Records } from './shared.tsx';

// ——— evidence ———

export function EvidenceSection({ evidence, timezone }: { evidence: DisputeDetail['evidence']; timezone: string }) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  return (
    <Section title={t('disputes.evidence.title')} count={evidence.length} testId="evidence-section">
      <Records items={evidence} empty={t('disputes.evidence.empty')}>
        {(e) => (
          <li key={e.id} className="flex flex-wrap items-baseline justify-between gap-2 px-4 py-2.5 text-sm" data-testid="evidence-row">
            <div className="min-w-0">
              <a href={`/api/files/${e.fileId}`} className="font-medium break-all text-brand-700 hover:underline">
                {e.name}
              </a>
              {e.description ? <p className="text-xs break-words text-slate-600">{e.description}</p> : null}
            </div>
            <span className="text-xs text-slate-500 tabular-nums">{formatDateTime(e.createdAt, timezone)}</span>
          </li>
        )}
      </Records>
      <div className="border-t border-slate-100 p-3">
        <CaseFormDisclosure summary={t('disputes.evidence.add')} intent="evidence" submitLabel={t('disputes.evidence.save')} busy={busy} testId="evidence">
          {({ v, err }) => (
            <>
              <CaseFileUpload name="fileId" label={t('disputes.evidence.file')} required error={err('fileId')} onBusyChange={setBusy} testId="evidence-file" />
              <Field label={t('disputes.evidence.description')} error={err('description')}>
                {(p) => <input {...p} name="description" defaultValue={v('description')} maxLength={500} className={inputClass} />}
              </Field>
            </>
          )}
        </CaseFormDisclosure>
      </div>
    </Section>
  );
}
