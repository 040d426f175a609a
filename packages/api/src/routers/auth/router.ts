import { router } from '../../trpc.ts';
import { signIn } from './sign-in.ts';
import { changePassword, me, setLocale, signOut, switchTenant } from './session.ts';

export const authRouter = router({ signIn, signOut, me, switchTenant, setLocale, changePassword });
