import type { Tx } from '../tenant.ts';

export function findUserByEmail(trx: Tx, email: string) {
  return trx
    .selectFrom('users')
    .select(['id', 'email', 'display_name', 'password_hash', 'is_platform_admin', 'locale'])
    .where('email', '=', email)
    .executeTakeFirst();
}

export function findUserById(trx: Tx, id: string) {
  return trx
    .selectFrom('users')
    .select(['id', 'email', 'display_name', 'is_platform_admin', 'locale', 'password_hash'])
    .where('id', '=', id)
    .executeTakeFirst();
}

export function updateUserLocale(trx: Tx, id: string, locale: string) {
  return trx.updateTable('users').set({ locale }).where('id', '=', id).execute();
}

export function updatePassword(trx: Tx, id: string, passwordHash: string) {
  return trx
    .updateTable('users')
    .set({ password_hash: passwordHash, password_changed_at: new Date() })
    .where('id', '=', id)
    .execute();
}
