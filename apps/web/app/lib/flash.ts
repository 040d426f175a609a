/** A confirmation shown once after a successful action (see flash.server.ts). */
export interface Flash {
  id: string;
  message: string;
  /** Where the result can be seen (a converted item's new number). */
  link?: { href: string; label: string };
  /** The form that was saved, so that form (and no other) starts afresh. */
  form?: string;
}
