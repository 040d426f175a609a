import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TRPCError } from '@trpc/server';
import { apiDeps, keyOf, makeMember, makeTenant, openTestDb, signedIn, type TestTenant } from '@stationdesk/test-utils';

let t: ReturnType<typeof openTestDb>;
let tenant: TestTenant;

beforeAll(async () => {
  t = openTestDb();
  tenant = await makeTenant(t.owner);
});
afterAll(() => t.close());

const confirmations = async (userId: string) =>
  (
    await t.owner.pool.query<{ action: string; subject_id: string }>(
      `select action, subject_id from audit_log where tenant_id = $1 and actor_user_id = $2 and action = 'enterprise.contacts_confirmed'`,
      [tenant.tenantId, userId],
    )
  ).rows;

describe('auth.confirmContacts: an enterprise admin’s first sign-in', () => {
  it('is due for a new enterprise admin until they confirm; recorded on the membership and audited once', async () => {
    const admin = await makeMember(t.owner, tenant, 'enterprise_admin');
    const c = await signedIn(apiDeps(t.db), admin.email);
    expect((await c.call((api) => api.auth.me())).contactsConfirmationDue).toBe(true);

    expect(await c.call((api) => api.auth.confirmContacts())).toEqual({ ok: true });
    expect((await c.call((api) => api.auth.me())).contactsConfirmationDue).toBe(false);
    const { rows } = await t.owner.pool.query('select contacts_confirmed_at from memberships where tenant_id = $1 and user_id = $2', [tenant.tenantId, admin.id]);
    expect(rows[0].contacts_confirmed_at).not.toBeNull();
    expect(await confirmations(admin.id)).toEqual([{ action: 'enterprise.contacts_confirmed', subject_id: tenant.enterpriseIds[0] }]);

    // Again: nothing changes.
    await c.call((api) => api.auth.confirmContacts());
    expect(await confirmations(admin.id)).toHaveLength(1);
  });

  it('is never due for staff or managers, who may not confirm', async () => {
    for (const role of ['staff', 'manager'] as const) {
      const user = await makeMember(t.owner, tenant, role);
      const c = await signedIn(apiDeps(t.db), user.email);
      expect((await c.call((api) => api.auth.me())).contactsConfirmationDue).toBe(false);
      const e = await c.call((api) => api.auth.confirmContacts()).then(
        () => null,
        (err: unknown) => err,
      );
      expect(e).toBeInstanceOf(TRPCError);
      expect(keyOf(e as TRPCError)).toBe('errors.roleNotAllowed');
    }
  });
});
