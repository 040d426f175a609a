import type { FetcherWithComponents } from 'react-router';
import { failureOf, type ActionFailure, type ActionResult } from '../lib/action-result.ts';
import { FormError } from './ui.tsx';

/**
 * The one form convention on the page side (see lib/action-result.ts): a form posts to its
 * page's action; a save redirects with the flash, so the form learns of it by the flash
 * (useOnSuccess, useSavedKey); a refusal comes back as an ActionFailure whose field errors go
 * under their fields (Field's `error`) and whose sentence FormErrors shows.
 */

/** A refused form's sentence: the reasons that sit at no field of the form. */
export function FormErrors({ failure, testId }: { failure: ActionFailure | null | undefined; testId?: string }) {
  if (!failure?.error) return null;
  return (
    <div data-testid={testId}>
      <FormError>{failure.error}</FormError>
    </div>
  );
}

/** The refusal the fetcher's last answer holds (none while it is out): its field errors go under the fields. */
export function fetcherFailure(fetcher: FetcherWithComponents<ActionResult | undefined>, form?: string): ActionFailure | null {
  return fetcher.state === 'idle' ? failureOf(fetcher.data, form) : null;
}
