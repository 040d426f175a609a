import { describe, expect, it } from 'vitest';
import { agencyCaseActive } from '../src/agency/index.ts';
import { workItemStatuses } from '../src/work-items/index.ts';

describe('agencyCaseActive', () => {
  it('a case’s steps move once its item is taken on and until the answer is delivered', () => {
    expect(workItemStatuses.filter(agencyCaseActive)).toEqual(['accepted', 'in_progress', 'waiting']);
  });
});
