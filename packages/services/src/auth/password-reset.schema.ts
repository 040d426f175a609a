import { z } from 'zod';
import { line, secret } from '../schema.ts';
import { emailInput } from './sign-in.schema.ts';

/** auth.requestPasswordReset: always the same answer, whether or not the address is known. */
export const requestPasswordResetInput = z.object({ email: emailInput }).strict();
export type RequestPasswordResetInput = z.infer<typeof requestPasswordResetInput>;

/**
 * auth.resetPassword: the link's token as it came (a malformed one is answered like a guessed one,
 * in words) and the new password, taken as typed; its strength is judged by passwordProblem.
 */
export const resetPasswordInput = z.object({ token: line(100, { min: 1 }), password: secret(256, { min: 1 }) }).strict();
export type ResetPasswordInput = z.infer<typeof resetPasswordInput>;
