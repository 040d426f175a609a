import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { DisputeParty } from '../../../lib/disputes.ts';
import { buttonClass, Field, inputClass, Section } from '../../ui.tsx';
import { CaseFormDisclosure, useCaseResult } from '../case-form.tsx';
import { none } from './shared.tsx';

// ——— parties ———

export function PartiesSection({ parties, canReveal }: { parties: DisputeParty[]; canReveal: boolean }) {
  const { t } = useTranslation();
  return (
    <Section title={t('disputes.parties.title')} count={parties.length} testId="parties-section">
      <p className="px-4 pt-3 text-xs text-slate-500">{canReveal ? t('disputes.parties.maskedManager') : t('disputes.parties.maskedStaff')}</p>
      <ul className="divide-y divide-slate-100">
        {parties.map((p) => (
          <PartyRow key={p.id} party={p} canReveal={canReveal} />
        ))}
      </ul>
    </Section>
  );
}

function PartyRow({ party: p, canReveal }: { party: DisputeParty; canReveal: boolean }) {
  const { t } = useTranslation();
  const key = `reveal.${p.id}`;
  const result = useCaseResult(key);
  const revealed = result?.ok ? result.revealed : undefined;
  const name = revealed?.name ?? p.name;
  const phone = revealed ? revealed.phone : p.phone;
  const idNumber = revealed ? revealed.idNumber : p.idNumber;
  return (
    <li className="px-4 py-3" data-testid="party-row">
      <div className="flex flex-wrap items-center gap-2">
        <span className="rounded bg-slate-100 px-1.5 py-0.5 text-xs text-slate-700">{t(`vocab.dispute.side.${p.side}`)}</span>
        <span className="font-medium text-slate-900" data-testid="party-name">
          {name}
        </span>
        <span className="text-xs text-slate-500">{t(`vocab.dispute.partyKind.${p.kind}`)}</span>
        {p.enterpriseId ? (
          <Link to={`/enterprises/${p.enterpriseId}`} className="text-xs text-brand-700 hover:underline">
            {t('disputes.parties.enterpriseFile')}
          </Link>
        ) : null}
        {revealed ? <span className="rounded bg-amber-50 px-1.5 py-0.5 text-xs text-amber-800 ring-1 ring-amber-600/20">{t('disputes.parties.revealedBadge')}</span> : null}
      </div>
      <dl className="mt-1 flex flex-wrap gap-x-6 gap-y-1 text-sm">
        <div className="flex gap-1.5">
          <dt className="text-slate-500">{t('disputes.party.phone')}</dt>
          <dd className="font-mono tabular-nums" data-testid="party-phone">
            {phone ?? none}
          </dd>
        </div>
        {p.kind === 'person' ? (
          <div className="flex gap-1.5">
            <dt className="text-slate-500">{t('disputes.party.idNumber')}</dt>
            <dd className="font-mono break-all tabular-nums" data-testid="party-id">
              {idNumber ?? none}
            </dd>
          </div>
        ) : null}
      </dl>
      {revealed ? (
        <p role="status" className="mt-1 text-xs text-amber-800">
          {result?.ok ? result.message : null}
        </p>
      ) : p.masked && canReveal ? (
        <div className="mt-2">
          <CaseFormDisclosure summary={t('disputes.parties.reveal')} intent="reveal" formKey={key} hidden={{ partyId: p.id }} submitLabel={t('disputes.parties.revealSubmit')} submitClass={buttonClass.smallPrimary} testId="reveal">
            {({ v, err }) => (
              <Field label={t('disputes.parties.reason')} required error={err('reason')} hint={t('disputes.parties.reasonHint')}>
                {(props) => <input {...props} name="reason" defaultValue={v('reason')} maxLength={500} autoComplete="off" className={inputClass} data-testid="reveal-reason" />}
              </Field>
            )}
          </CaseFormDisclosure>
        </div>
      ) : null}
    </li>
  );
}
