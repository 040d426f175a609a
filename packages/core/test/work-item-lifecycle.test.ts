import { describe, expect, it } from 'vitest';
import { AppError } from '../src/errors/app-error.ts';
import { tenantRoles, type TenantRole } from '../src/access/roles.ts';
import {
  allowedActions,
  canChase,
  checkExtensionRequest,
  clockRunning,
  formatWorkItemNumber,
  isFinished,
  isOpen,
  isSatisfied,
  needsRectification,
  nextStatus,
  noteRequired,
  parseWorkItemNumber,
  ratings,
  ratingStep,
  transitions,
  workItemActions,
  workItemStatuses,
  type TransitionRequest,
  type WorkItemAction,
  type WorkItemStatus,
} from '../src/work-items/index.ts';

/** Runs `fn` and returns the AppError it threw (fails the test if it did not throw one). */
function caught(fn: () => unknown): AppError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    return e as AppError;
  }
  throw new Error('expected an AppError, nothing was thrown');
}

const expectError = (fn: () => unknown, code: string, messageKey: string, params?: Record<string, unknown>) => {
  const e = caught(fn);
  expect({ code: e.code, messageKey: e.messageKey }).toEqual({ code, messageKey });
  if (params) expect(e.params).toEqual(params);
};

// Written out by hand from the domain brief, independently of the table under test.
const expectedTriples: ReadonlyArray<readonly [WorkItemStatus, WorkItemAction, WorkItemStatus]> = [
  ['received', 'assign', 'assigned'],
  ['returned', 'assign', 'assigned'],
  ['assigned', 'assign', 'assigned'],
  ['assigned', 'accept', 'accepted'],
  ['assigned', 'return', 'returned'],
  ['accepted', 'return', 'returned'],
  ['accepted', 'start', 'in_progress'],
  ['accepted', 'request_info', 'waiting'],
  ['in_progress', 'request_info', 'waiting'],
  ['waiting', 'resume', 'in_progress'],
  ['accepted', 'resolve', 'resolved'],
  ['in_progress', 'resolve', 'resolved'],
  ['resolved', 'visit', 'visited'],
  ['resolved', 'redo', 'in_progress'],
  ['visited', 'redo', 'in_progress'],
  ['visited', 'close', 'closed'],
  ['closed', 'reopen', 'in_progress'],
  ['received', 'withdraw', 'closed'],
  ['returned', 'withdraw', 'closed'],
  ['assigned', 'withdraw', 'closed'],
  ['accepted', 'withdraw', 'closed'],
  ['in_progress', 'withdraw', 'closed'],
  ['waiting', 'withdraw', 'closed'],
];

const expectedRules: Record<
  WorkItemAction,
  { roles: readonly TenantRole[]; noteRequired: boolean; assigneeOnly: boolean }
> = {
  assign: { roles: ['staff', 'manager'], noteRequired: false, assigneeOnly: false },
  accept: { roles: ['staff', 'manager'], noteRequired: false, assigneeOnly: true },
  return: { roles: ['staff', 'manager'], noteRequired: true, assigneeOnly: true },
  start: { roles: ['staff', 'manager'], noteRequired: false, assigneeOnly: true },
  request_info: { roles: ['staff', 'manager'], noteRequired: true, assigneeOnly: true },
  resume: { roles: ['staff', 'manager', 'enterprise_admin'], noteRequired: false, assigneeOnly: true },
  resolve: { roles: ['staff', 'manager'], noteRequired: true, assigneeOnly: true },
  visit: { roles: ['staff', 'manager', 'enterprise_admin'], noteRequired: false, assigneeOnly: false },
  redo: { roles: ['staff', 'manager', 'enterprise_admin'], noteRequired: true, assigneeOnly: false },
  close: { roles: ['staff', 'manager'], noteRequired: false, assigneeOnly: false },
  reopen: { roles: ['manager'], noteRequired: true, assigneeOnly: false },
  withdraw: { roles: ['staff', 'manager', 'enterprise_admin'], noteRequired: true, assigneeOnly: false },
};

const expectedTo = (from: WorkItemStatus, action: WorkItemAction) =>
  expectedTriples.find(([f, a]) => f === from && a === action)?.[2];

const pairs = workItemStatuses.flatMap((s) => workItemActions.map((a) => [s, a] as const));
const go = (
  status: WorkItemStatus,
  action: WorkItemAction,
  role: TenantRole = 'manager',
  extra: Partial<TransitionRequest> = {},
) => nextStatus({ status, action, role, isAssignee: true, note: '说明', ...extra });

describe('transition table', () => {
  it('allows exactly the hand-written (from, action, to) triples', () => {
    const fromTable = workItemActions
      .flatMap((a) => transitions[a].from.map((f) => `${f} --${a}--> ${transitions[a].to}`))
      .sort();
    expect(fromTable).toEqual(expectedTriples.map(([f, a, t]) => `${f} --${a}--> ${t}`).sort());
  });

  it.each(workItemActions)('%s has the expected roles, note and assignee rule', (action) => {
    const rule = transitions[action];
    expect([...rule.roles].sort()).toEqual([...expectedRules[action].roles].sort());
    expect(rule.noteRequired).toBe(expectedRules[action].noteRequired);
    expect(rule.assigneeOnly ?? false).toBe(expectedRules[action].assigneeOnly);
  });

  it.each(pairs)('from %s, %s: follows the table for every role', (status, action) => {
    const to = expectedTo(status, action);
    const rule = transitions[action];
    if (to) expect(rule.from).toContain(status);
    else expect(rule.from).not.toContain(status);
    for (const role of tenantRoles) {
      const run = () => go(status, action, role);
      if (!to) {
        // Status is checked first, so every role gets the same CONFLICT.
        expectError(run, 'CONFLICT', 'errors.workItem.transitionNotAllowed', { action, status });
      } else if (rule.roles.includes(role)) {
        expect(run()).toBe(rule.to);
        expect(run()).toBe(to);
      } else {
        expectError(run, 'FORBIDDEN', 'errors.workItem.roleNotAllowed', { action });
      }
    }
  });

  it('every status is reachable from received', () => {
    const seen = new Set<WorkItemStatus>(['received']);
    for (let grew = true; grew;) {
      grew = false;
      for (const s of [...seen]) {
        for (const a of allowedActions(s, 'manager', true)) {
          const t = go(s, a);
          if (!seen.has(t)) {
            seen.add(t);
            grew = true;
          }
        }
      }
    }
    expect([...seen].sort()).toEqual([...workItemStatuses].sort());
  });

  it('every status has a way out (no dead ends; closed only via reopen)', () => {
    for (const s of workItemStatuses) expect(allowedActions(s, 'manager', true).length, s).toBeGreaterThan(0);
    expect(allowedActions('closed', 'manager', true)).toEqual(['reopen']);
  });

  it('treats an unknown action or status from untyped input as not allowed', () => {
    expectError(() => go('received', 'toString' as WorkItemAction), 'CONFLICT', 'errors.workItem.transitionNotAllowed');
    expectError(() => go('archived' as WorkItemStatus, 'assign'), 'CONFLICT', 'errors.workItem.transitionNotAllowed');
  });
});

describe('role refusals', () => {
  it.each([
    ['enterprise_admin', 'received', 'assign'],
    ['enterprise_admin', 'accepted', 'resolve'],
    ['enterprise_admin', 'in_progress', 'resolve'],
    ['enterprise_admin', 'visited', 'close'],
    ['enterprise_admin', 'closed', 'reopen'],
    ['enterprise_admin', 'assigned', 'accept'],
    ['enterprise_admin', 'accepted', 'return'],
    ['enterprise_admin', 'in_progress', 'request_info'],
    ['staff', 'closed', 'reopen'],
  ] as const)('%s cannot %s→%s', (role, status, action) => {
    expectError(() => go(status, action, role), 'FORBIDDEN', 'errors.workItem.roleNotAllowed', { action });
  });

  it('enterprise_admin can resume, visit, redo and withdraw', () => {
    expect(go('waiting', 'resume', 'enterprise_admin', { isAssignee: false })).toBe('in_progress');
    expect(go('resolved', 'visit', 'enterprise_admin', { isAssignee: false })).toBe('visited');
    expect(go('resolved', 'redo', 'enterprise_admin', { isAssignee: false })).toBe('in_progress');
    expect(go('received', 'withdraw', 'enterprise_admin', { isAssignee: false })).toBe('closed');
  });
});

describe('assignee-only refusals', () => {
  const assigneeOnly = pairs.filter(([s, a]) => expectedTo(s, a) && expectedRules[a].assigneeOnly);
  const openToAll = pairs.filter(([s, a]) => expectedTo(s, a) && !expectedRules[a].assigneeOnly);

  it.each(assigneeOnly)('from %s, %s: staff who is not the assignee is refused', (status, action) => {
    expectError(() => go(status, action, 'staff', { isAssignee: false }), 'FORBIDDEN', 'errors.workItem.notAssignee');
  });

  it.each(assigneeOnly)('from %s, %s: a manager may act without being the assignee', (status, action) => {
    expect(go(status, action, 'manager', { isAssignee: false })).toBe(expectedTo(status, action));
  });

  it.each(openToAll)('from %s, %s: staff need not be the assignee', (status, action) => {
    const role: TenantRole = expectedRules[action].roles.includes('staff') ? 'staff' : 'manager';
    expect(go(status, action, role, { isAssignee: false })).toBe(expectedTo(status, action));
  });

  it('enterprise_admin resumes without being an assignee', () => {
    expect(go('waiting', 'resume', 'enterprise_admin', { isAssignee: false })).toBe('in_progress');
  });
});

describe('note required', () => {
  const withNote = pairs.filter(([s, a]) => expectedTo(s, a) && expectedRules[a].noteRequired);
  const withoutNote = pairs.filter(([s, a]) => expectedTo(s, a) && !expectedRules[a].noteRequired);

  it.each(withNote)('from %s, %s: refuses a missing, empty or blank note', (status, action) => {
    for (const note of [undefined, null, '', '   ', '\n\t　']) {
      expectError(() => go(status, action, 'manager', { note }), 'BAD_REQUEST', 'errors.workItem.noteRequired', {
        action,
      });
    }
  });

  it.each(withoutNote)('from %s, %s: needs no note', (status, action) => {
    expect(go(status, action, 'manager', { note: undefined })).toBe(expectedTo(status, action));
  });
});

describe('check order: status, role, assignee, note', () => {
  it('status before role', () => {
    expectError(
      () => go('closed', 'resolve', 'enterprise_admin', { note: '' }),
      'CONFLICT',
      'errors.workItem.transitionNotAllowed',
    );
  });
  it('role before assignee and note', () => {
    expectError(
      () => go('accepted', 'resolve', 'enterprise_admin', { isAssignee: false, note: '' }),
      'FORBIDDEN',
      'errors.workItem.roleNotAllowed',
    );
  });
  it('assignee before note', () => {
    expectError(
      () => go('accepted', 'resolve', 'staff', { isAssignee: false, note: ' ' }),
      'FORBIDDEN',
      'errors.workItem.notAssignee',
    );
  });
  it('note last', () => {
    expectError(
      () => go('accepted', 'resolve', 'staff', { isAssignee: true, note: ' ' }),
      'BAD_REQUEST',
      'errors.workItem.noteRequired',
    );
  });
});

describe('paths', () => {
  const walk = (start: WorkItemStatus, steps: Array<[WorkItemAction, TenantRole, WorkItemStatus]>) => {
    let s = start;
    for (const [action, role, expected] of steps) {
      s = nextStatus({ status: s, action, role, isAssignee: role === 'staff', note: '已处理' });
      expect(s, action).toBe(expected);
    }
    return s;
  };

  it('happy path with a pause for missing material', () => {
    walk('received', [
      ['assign', 'manager', 'assigned'],
      ['accept', 'staff', 'accepted'],
      ['start', 'staff', 'in_progress'],
      ['request_info', 'staff', 'waiting'],
      ['resume', 'enterprise_admin', 'in_progress'],
      ['resolve', 'staff', 'resolved'],
      ['visit', 'enterprise_admin', 'visited'],
      ['close', 'staff', 'closed'],
    ]);
  });

  it('redo after an unsatisfied visit, then closes', () => {
    walk('resolved', [
      ['redo', 'enterprise_admin', 'in_progress'],
      ['resolve', 'staff', 'resolved'],
      ['visit', 'staff', 'visited'],
      ['redo', 'manager', 'in_progress'],
      ['resolve', 'staff', 'resolved'],
      ['visit', 'staff', 'visited'],
      ['close', 'manager', 'closed'],
    ]);
  });

  it('reopen a closed item', () => {
    walk('closed', [
      ['reopen', 'manager', 'in_progress'],
      ['resolve', 'staff', 'resolved'],
    ]);
  });

  it('return to dispatch, then re-assign', () => {
    walk('assigned', [
      ['return', 'staff', 'returned'],
      ['assign', 'staff', 'assigned'],
      ['accept', 'staff', 'accepted'],
      ['return', 'staff', 'returned'],
      ['assign', 'manager', 'assigned'],
      ['assign', 'manager', 'assigned'],
    ]);
  });

  it.each(['received', 'returned', 'assigned', 'accepted', 'in_progress', 'waiting'] as const)(
    'withdraw from %s closes the item',
    (status) => {
      expect(go(status, 'withdraw', 'enterprise_admin', { isAssignee: false })).toBe('closed');
      expect(go(status, 'withdraw', 'staff', { isAssignee: false })).toBe('closed');
    },
  );

  it.each(['resolved', 'visited', 'closed'] as const)('cannot withdraw once %s', (status) => {
    expectError(() => go(status, 'withdraw', 'enterprise_admin'), 'CONFLICT', 'errors.workItem.transitionNotAllowed');
  });
});

describe('allowedActions', () => {
  const combos = workItemStatuses.flatMap((s) =>
    tenantRoles.flatMap((r) => [true, false].map((isAssignee) => [s, r, isAssignee] as const)),
  );

  it.each(combos)('%s as %s (assignee %s) matches nextStatus', (status, role, isAssignee) => {
    const allowed = allowedActions(status, role, isAssignee);
    for (const action of workItemActions) {
      let ok = true;
      try {
        nextStatus({ status, action, role, isAssignee, note: '说明' });
      } catch (e) {
        expect(e).toBeInstanceOf(AppError);
        ok = false;
      }
      expect(allowed.includes(action), action).toBe(ok);
    }
    // Stable order for the UI: the order of workItemActions.
    expect(allowed).toEqual(workItemActions.filter((a) => allowed.includes(a)));
  });

  it('spot checks', () => {
    expect(allowedActions('assigned', 'staff', true)).toEqual(['assign', 'accept', 'return', 'withdraw']);
    expect(allowedActions('assigned', 'staff', false)).toEqual(['assign', 'withdraw']);
    expect(allowedActions('waiting', 'enterprise_admin', false)).toEqual(['resume', 'withdraw']);
    expect(allowedActions('resolved', 'enterprise_admin', false)).toEqual(['visit', 'redo']);
    expect(allowedActions('closed', 'staff', true)).toEqual([]);
    expect(allowedActions('closed', 'manager', false)).toEqual(['reopen']);
  });
});

describe('isOpen, isFinished and the SLA clock', () => {
  const expected: Record<WorkItemStatus, { open: boolean; finished: boolean; clock: boolean }> = {
    received: { open: true, finished: false, clock: true },
    assigned: { open: true, finished: false, clock: true },
    accepted: { open: true, finished: false, clock: true },
    in_progress: { open: true, finished: false, clock: true },
    returned: { open: true, finished: false, clock: true },
    waiting: { open: true, finished: false, clock: false },
    resolved: { open: true, finished: true, clock: false },
    visited: { open: true, finished: true, clock: false },
    closed: { open: false, finished: true, clock: false },
  };
  it.each(workItemStatuses)('%s', (s) => {
    expect(isOpen(s)).toBe(expected[s].open);
    expect(isFinished(s)).toBe(expected[s].finished);
    expect(clockRunning(s)).toBe(expected[s].clock);
  });
});

describe('noteRequired', () => {
  it('follows the table, and is false for what is not a transition', () => {
    expect(workItemActions.filter(noteRequired)).toEqual(['return', 'request_info', 'resolve', 'redo', 'reopen', 'withdraw']);
    for (const action of workItemActions) expect(noteRequired(action)).toBe(transitions[action].noteRequired);
    for (const action of ['', 'toString', 'chase', 'constructor']) expect(noteRequired(action), action).toBe(false);
  });
});

describe('chase / supervise marks', () => {
  it.each(workItemStatuses)('on %s: managers only, open items only', (s) => {
    expect(canChase(s, 'manager')).toBe(s !== 'closed');
    expect(canChase(s, 'staff')).toBe(false);
    expect(canChase(s, 'enterprise_admin')).toBe(false);
  });
});

describe('extensions', () => {
  const due = new Date('2026-03-10T09:00:00+08:00');
  const ok = {
    currentDueAt: due,
    requestedDueAt: new Date('2026-03-17T09:00:00+08:00'),
    now: new Date('2026-03-09T15:00:00+08:00'),
    reason: '需协调区市场监管局现场核查',
  };

  it('accepts a request before the deadline for a later date with a reason', () => {
    expect(() => checkExtensionRequest(ok)).not.toThrow();
    expect(() => checkExtensionRequest({ ...ok, now: new Date(due.getTime() - 1) })).not.toThrow();
    expect(() => checkExtensionRequest({ ...ok, requestedDueAt: new Date(due.getTime() + 1) })).not.toThrow();
  });

  it('refuses once the deadline is reached or passed', () => {
    for (const now of [due, new Date(due.getTime() + 1), new Date('2026-04-01T00:00:00+08:00')]) {
      expectError(() => checkExtensionRequest({ ...ok, now }), 'CONFLICT', 'errors.workItem.extensionAfterDeadline');
    }
  });

  it('refuses a new due date that is not later', () => {
    for (const requestedDueAt of [due, new Date(due.getTime() - 1), new Date('2026-03-01T00:00:00+08:00')]) {
      expectError(
        () => checkExtensionRequest({ ...ok, requestedDueAt }),
        'BAD_REQUEST',
        'errors.workItem.extensionNotLater',
      );
    }
  });

  it('refuses an empty or blank reason', () => {
    for (const reason of ['', '  ', '\n']) {
      expectError(() => checkExtensionRequest({ ...ok, reason }), 'BAD_REQUEST', 'errors.workItem.noteRequired', {
        action: 'extend',
      });
    }
  });

  it('checks deadline, then date, then reason', () => {
    const late = new Date(due.getTime() + 1);
    expectError(
      () => checkExtensionRequest({ ...ok, now: late, requestedDueAt: due, reason: '' }),
      'CONFLICT',
      'errors.workItem.extensionAfterDeadline',
    );
    expectError(
      () => checkExtensionRequest({ ...ok, requestedDueAt: due, reason: '' }),
      'BAD_REQUEST',
      'errors.workItem.extensionNotLater',
    );
  });

  it('treats an invalid date as a programming error', () => {
    expect(() => checkExtensionRequest({ ...ok, requestedDueAt: new Date('nope') })).toThrow(TypeError);
  });
});

describe('ratings', () => {
  it('has five levels from best to worst', () => {
    expect(ratings).toEqual([
      'very_satisfied',
      'satisfied',
      'basically_satisfied',
      'dissatisfied',
      'very_dissatisfied',
    ]);
  });
  it.each([
    ['very_satisfied', true, false],
    ['satisfied', true, false],
    ['basically_satisfied', true, false],
    ['dissatisfied', false, true],
    ['very_dissatisfied', false, true],
  ] as const)('%s: satisfied %s, rectification %s', (rating, satisfied, rectify) => {
    expect(isSatisfied(rating)).toBe(satisfied);
    expect(needsRectification(rating)).toBe(rectify);
  });

  it('a bad rating reopens the item (重办) only when the enterprise confirmed it; otherwise the loop closes, the rectification owed', () => {
    for (const rating of ['dissatisfied', 'very_dissatisfied'] as const) {
      expect(ratingStep(rating, true)).toBe('redo');
      expect(ratingStep(rating, false)).toBe('visit');
    }
    for (const rating of ['very_satisfied', 'satisfied', 'basically_satisfied'] as const) {
      expect(ratingStep(rating, false)).toBe('visit');
      const e = caught(() => ratingStep(rating, true));
      expect([e.code, e.messageKey]).toEqual(['BAD_REQUEST', 'errors.workItem.reopenNeedsBadRating']);
    }
  });
});

describe('work-item numbers', () => {
  it.each([
    ['consultation', 2026, 123, 'ZX-2026-000123'],
    ['agency', 2026, 1, 'DB-2026-000001'],
    ['dispute', 2025, 45678, 'TJ-2025-045678'],
    ['patrol', 2027, 999_999, 'XC-2027-999999'],
  ] as const)('%s %i #%i → %s and back', (kind, year, seq, text) => {
    expect(formatWorkItemNumber(kind, year, seq)).toBe(text);
    expect(parseWorkItemNumber(text)).toEqual({ kind, year, seq });
  });

  it.each([0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 1_000_000])('rejects seq %s', (seq) => {
    expect(() => formatWorkItemNumber('consultation', 2026, seq)).toThrow(RangeError);
  });

  it.each([999, 10_000, 2026.5])('rejects year %s', (year) => {
    expect(() => formatWorkItemNumber('consultation', year, 1)).toThrow(RangeError);
  });

  it('rejects an unknown kind', () => {
    expect(() => formatWorkItemNumber('complaint' as 'agency', 2026, 1)).toThrow(RangeError);
  });

  it('parses what people type: spaces and lower case', () => {
    expect(parseWorkItemNumber('  zx-2026-000123 ')).toEqual({ kind: 'consultation', year: 2026, seq: 123 });
  });

  it.each([
    '',
    'ZX-2026-000000',
    'ZX-2026-123',
    'ZX-2026-0000123',
    'ZX-26-000123',
    'QT-2026-000123',
    'ZX2026000123',
    'ZX_2026_000123',
    'ZX-2026-00012a',
    'ZX-0999-000001',
    'ZX-2026-000123-1',
    'ZX-２０２６-000123',
  ])('rejects %j', (s) => {
    expect(parseWorkItemNumber(s)).toBeNull();
  });
});
