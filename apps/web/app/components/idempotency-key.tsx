import { useState } from 'react';
import { idempotencyKeyField } from '../lib/idempotency.ts';
import { useSavedKey } from './flash.tsx';

/**
 * The key a create form sends: the loader's fresh key, kept until the form is saved (`form` names
 * its flash; any flash when none is named). A refused submit stored nothing, so the corrected one
 * goes out under the same key, while the page reloaded after it brought a new one; after a save the
 * next create takes the new key.
 */
export function useIdempotencyKey(fresh: string, form?: string): string {
  const saved = useSavedKey(form);
  const [kept, setKept] = useState({ saved, key: fresh });
  if (kept.saved !== saved) {
    setKept({ saved, key: fresh });
    return fresh;
  }
  return kept.key;
}

/** The hidden field that carries the key. */
export function IdempotencyKeyInput({ value }: { value: string }) {
  return <input type="hidden" name={idempotencyKeyField} value={value} />;
}
