import { Form, useActionData, useNavigation } from 'react-router';
import { useTranslation } from 'react-i18next';
import { answeredForm, failureOf, type ActionResult } from '../../lib/action-result.ts';
import type { DisputeDone } from '../../lib/disputes.ts';
import { useSavedKey } from '../flash.tsx';
import { FormErrors } from '../form.tsx';
import { buttonClass } from '../ui.tsx';

export interface FormState {
  /** What was typed when the last try failed, else the default. */
  v: (name: string, fallback?: string) => string;
  err: (name: string) => string | undefined;
}

type CaseAnswer = ActionResult<Pick<DisputeDone, 'revealed' | 'fileId'>>;

/** The page action's last answer, if it belongs to the form `key`. */
export function useCaseResult(key: string): CaseAnswer | undefined {
  const result = useActionData<CaseAnswer>();
  return result && answeredForm(result) === key ? result : undefined;
}

interface CaseFormProps {
  intent: string;
  formKey?: string;
  hidden?: Record<string, string | number>;
  submitLabel: string;
  submitClass?: string;
  busy?: boolean;
  className?: string;
  testId?: string;
  label?: string;
  children: (state: FormState) => React.ReactNode;
}

/**
 * A form of the case page: a plain POST to the page's action (works without scripts), its own
 * errors next to its fields with the input kept, and a fresh form after a success (whose
 * confirmation is the layout's flash). `formKey` tells apart the same form offered several times
 * (per party, per warning).
 */
export function CaseForm({
  intent,
  formKey = intent,
  hidden = {},
  submitLabel,
  submitClass = buttonClass.primary,
  busy = false,
  className = 'space-y-3',
  testId,
  label,
  children,
}: CaseFormProps) {
  const { t } = useTranslation();
  const navigation = useNavigation();
  const failed = failureOf(useCaseResult(formKey));
  const saved = useSavedKey(formKey);
  const submitting = navigation.state === 'submitting' && navigation.formData?.get('formKey') === formKey;
  const state: FormState = {
    v: (name, fallback = '') => failed?.values?.[name] ?? fallback,
    err: (name) => failed?.fieldErrors[name],
  };
  return (
    <div>
      <Form
        key={saved}
        method="post"
        preventScrollReset
        className={className}
        noValidate
        aria-label={label}
        data-testid={testId}
      >
        <input type="hidden" name="intent" value={intent} />
        <input type="hidden" name="formKey" value={formKey} />
        {Object.entries(hidden).map(([k, v]) => (
          <input key={k} type="hidden" name={k} value={v} />
        ))}
        {children(state)}
        <FormErrors failure={failed} />
        <div className="flex flex-wrap items-center gap-2">
          <button type="submit" className={submitClass} disabled={submitting || busy} data-testid={testId ? `${testId}-submit` : undefined}>
            {submitting ? t('workItems.common.working') : submitLabel}
          </button>
        </div>
      </Form>
    </div>
  );
}

/** A form that opens in place from a summary line (native <details>: keyboard and no scripts). */
export function Disclosure({ summary, open = false, children, testId }: { summary: string; open?: boolean; children: React.ReactNode; testId?: string }) {
  return (
    <details className="group rounded-md border border-slate-200 bg-slate-50/60" open={open} data-testid={testId}>
      <summary className="flex min-h-10 cursor-pointer list-none items-center gap-2 px-3 py-2 text-sm font-medium text-brand-700 hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-brand-600 [&::-webkit-details-marker]:hidden">
        <span aria-hidden="true" className="inline-block transition-transform group-open:rotate-90">
          ▸
        </span>
        {summary}
      </summary>
      <div className="border-t border-slate-200 p-3">{children}</div>
    </details>
  );
}

/**
 * A case form folded under its summary line, opened again when the action refused it so the
 * errors show and folded again once it was saved; every folded form of the case page is one. `testId` names both parts:
 * `<testId>-disclosure` and `<testId>-form`.
 */
export function CaseFormDisclosure({ summary, testId, ...form }: Omit<CaseFormProps, 'testId' | 'label'> & { summary: string; testId: string }) {
  const result = useCaseResult(form.formKey ?? form.intent);
  const saved = useSavedKey(form.formKey ?? form.intent);
  return (
    <Disclosure key={saved} summary={summary} open={Boolean(result && !result.ok)} testId={`${testId}-disclosure`}>
      <CaseForm {...form} testId={`${testId}-form`} />
    </Disclosure>
  );
}
