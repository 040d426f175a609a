import { z } from 'zod';
import { secret } from '../schema.ts';
import { membershipOutput, userOutput } from './memberships.schema.ts';

export const emailInput = z.string().trim().toLowerCase().pipe(z.email().max(254));
export const passwordInput = secret(256, { min: 1 });

/** auth.signIn */
export const signInInput = z.object({ email: emailInput, password: passwordInput });
export type SignInInput = z.infer<typeof signInInput>;
export const signInOutput = z.object({ user: userOutput, memberships: z.array(membershipOutput), activeTenantId: z.uuid().nullable() });
