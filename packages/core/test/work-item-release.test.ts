import { describe, expect, it } from 'vitest';
import { AppError } from '../src/errors/app-error.ts';
import { tenantRoles } from '../src/access/roles.ts';
import {
  allowedActions,
  clockRunning,
  isSystemAction,
  pauseEnds,
  systemNextStatus,
  workItemActions,
  workItemEventActions,
  workItemStatuses,
  type WorkItemStatus,
} from '../src/work-items/index.ts';

const open: WorkItemStatus[] = ['assigned', 'accepted', 'in_progress', 'waiting'];

describe('release (system step: the handler was deactivated)', () => {
  it.each(open)('sends a %s item back to dispatch (returned, where a 退单 lands)', (status) => {
    expect(systemNextStatus(status, 'release')).toBe('returned');
  });

  it.each(workItemStatuses.filter((s) => !open.includes(s)))('refuses from %s (nothing held by a handler)', (status) => {
    let thrown: unknown;
    try {
      systemNextStatus(status, 'release');
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(AppError);
    expect(thrown).toMatchObject({ code: 'CONFLICT', messageKey: 'errors.workItem.transitionNotAllowed' });
  });

  it('is no button: never offered to anyone, not a person action, yet a history line', () => {
    expect(isSystemAction('release')).toBe(true);
    expect(isSystemAction('return')).toBe(false);
    expect((workItemActions as readonly string[]).includes('release')).toBe(false);
    for (const status of workItemStatuses) for (const role of tenantRoles) for (const a of [true, false]) expect(allowedActions(status, role, a)).not.toContain('release');
    expect(workItemEventActions).toContain('release');
  });

  it('keeps the resolution clock running, and ends a waiting item’s pause', () => {
    expect(clockRunning(systemNextStatus('in_progress', 'release'))).toBe(true);
    expect(pauseEnds('waiting', systemNextStatus('waiting', 'release'))).toBe(true);
    expect(pauseEnds('waiting', 'in_progress')).toBe(true);
    expect(pauseEnds('in_progress', 'returned')).toBe(false);
    expect(pauseEnds('accepted', 'waiting')).toBe(false);
    expect(pauseEnds('resolved', 'in_progress')).toBe(false);
  });
});
