import { describe, expect, it } from 'vitest';
import { planDisputeReminders, planDocumentReminders } from '../src/reminders/index.ts';

const tz = 'Asia/Shanghai';

describe('planDisputeReminders', () => {
  const agreed = new Date('2026-03-10T07:00:00Z'); // 15:00 in Shanghai on 10 March

  it('plans the +7 and +30 day visits at 09:00 local after an agreement', () => {
    const plan = planDisputeReminders({ itemId: 'i1', outcome: 'agreement', outcomeAt: agreed, visitsDone: [] }, tz);
    expect(plan.map((p) => [p.kind, p.dueAt.toISOString()])).toEqual([
      ['dispute_visit_7', '2026-03-17T01:00:00.000Z'],
      ['dispute_visit_30', '2026-04-09T01:00:00.000Z'],
    ]);
    expect(plan[0]!.recipients).toEqual(['assignee', 'managers']);
    expect(new Set(plan.map((p) => p.key)).size).toBe(2);
  });

  it('counts the days from the local date, not the UTC one', () => {
    // 23:30 UTC on 9 March is already 10 March in Shanghai.
    const plan = planDisputeReminders({ itemId: 'i1', outcome: 'agreement', outcomeAt: new Date('2026-03-09T23:30:00Z'), visitsDone: [] }, tz);
    expect(plan[0]!.dueAt.toISOString()).toBe('2026-03-17T01:00:00.000Z');
  });

  it('drops a visit once it is recorded', () => {
    const plan = planDisputeReminders({ itemId: 'i1', outcome: 'agreement', outcomeAt: agreed, visitsDone: [7] }, tz);
    expect(plan.map((p) => p.kind)).toEqual(['dispute_visit_30']);
    expect(planDisputeReminders({ itemId: 'i1', outcome: 'agreement', outcomeAt: agreed, visitsDone: [7, 30] }, tz)).toEqual([]);
  });

  it('plans nothing for other outcomes or before an outcome', () => {
    for (const outcome of ['referred', 'withdrawn', 'failed', null]) {
      expect(planDisputeReminders({ itemId: 'i1', outcome, outcomeAt: outcome ? agreed : null, visitsDone: [] }, tz)).toEqual([]);
    }
  });
});

describe('planDocumentReminders', () => {
  it('reminds 30 and 7 days before expiry at 09:00 local; nothing without a date', () => {
    const plan = planDocumentReminders({ id: 'd1', expiresOn: '2026-12-31' }, tz);
    expect(plan.map((p) => [p.kind, p.dueAt.toISOString()])).toEqual([
      ['document_expiry_30', '2026-12-01T01:00:00.000Z'],
      ['document_expiry_7', '2026-12-24T01:00:00.000Z'],
    ]);
    expect(planDocumentReminders({ id: 'd1', expiresOn: null }, tz)).toEqual([]);
  });
});
