import { repo, withUser, type Db } from '@stationdesk/db';

/**
 * A language chosen before signing in (the switch on the sign-in page) becomes the person's at
 * sign-in, like a switch once signed in (setLocale): their inbox, e-mail and reminders are
 * written in it.
 */
export async function rememberLanguage(db: Db, userId: string, locale: string): Promise<void> {
  await withUser(db, userId, (trx) => repo.updateUserLocale(trx, userId, locale));
}
