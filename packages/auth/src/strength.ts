import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import { adjacencyGraphs, dictionary as commonDictionary } from '@zxcvbn-ts/language-common';
import { dictionary as enDictionary } from '@zxcvbn-ts/language-en';

/** Shorter passwords are refused before zxcvbn is asked (NIST 800-63B asks for at least 8; we ask 10). */
export const passwordMinLength = 10;
/** zxcvbn's 0–4 scale; 3 is "safely unguessable: moderate protection from offline slow-hash attacks". */
export const passwordMinScore = 3;
/** argon2 and zxcvbn both slow down on huge inputs; the schemas cap passwords at this too. */
export const passwordMaxLength = 200;

export type PasswordProblem = { messageKey: string; params?: Record<string, unknown> };

// Built once: the dictionaries are large and ranking them is the costly part.
let factory: ZxcvbnFactory | undefined;
function zxcvbn(): ZxcvbnFactory {
  factory ??= new ZxcvbnFactory({
    graphs: adjacencyGraphs,
    dictionary: { ...commonDictionary, ...enDictionary },
    // Levenshtein matching against the whole dictionary took 1–2 s a check here (the event loop blocked).
    useLevenshteinDistance: false,
  });
  return factory;
}

/** The e-mail's local part and the name's pieces too, so "zhang.wei2026" is caught for zhang.wei@…. */
function expandInputs(userInputs: string[]): string[] {
  const out = new Set<string>();
  for (const raw of userInputs) {
    const v = raw.trim().toLowerCase();
    if (!v) continue;
    out.add(v);
    const local = v.split('@')[0];
    if (local) out.add(local);
    for (const piece of v.split(/[@.\s_\-+]+/)) if (piece.length >= 3) out.add(piece);
  }
  return [...out];
}

/**
 * Why a new password is refused, as a translatable key (`errors.password.*`), or null when it is
 * good enough. `userInputs` are what the person is known by (e-mail, name, tenant name): a password
 * built on them is penalised by zxcvbn and refused outright when it contains one.
 */
export function passwordProblem(password: string, userInputs: string[]): PasswordProblem | null {
  if (password.length < passwordMinLength) return { messageKey: 'errors.password.tooShort', params: { min: passwordMinLength } };
  if (password.length > passwordMaxLength) return { messageKey: 'errors.password.tooLong', params: { max: passwordMaxLength } };
  const inputs = expandInputs(userInputs);
  const lower = password.toLowerCase();
  const result = zxcvbn().check(password, inputs);
  if (result.score >= passwordMinScore) return null;
  if (inputs.some((i) => i.length >= 3 && lower.includes(i))) return { messageKey: 'errors.password.personal' };
  return { messageKey: 'errors.password.weak' };
}
