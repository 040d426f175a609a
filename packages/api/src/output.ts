import type { z } from 'zod';
import { deepFreeze } from '@stationdesk/core';

/**
 * An output schema for procedures that may answer from a read cache (ADR 010): a frozen answer is
 * the same object every time it is served, so it is checked once and its checked copy (frozen as
 * well) handed out again. Anything not frozen is checked on every call, as `.output(schema)` does.
 */
export function outputOnce<S extends z.ZodType>(schema: S): (value: unknown) => z.output<S> {
  const checked = new WeakMap<object, z.output<S>>();
  return (value) => {
    if (typeof value !== 'object' || value === null || !Object.isFrozen(value)) return schema.parse(value);
    let out = checked.get(value);
    if (out === undefined) {
      out = deepFreeze(schema.parse(value) as z.output<S>);
      checked.set(value, out);
    }
    return out;
  };
}
