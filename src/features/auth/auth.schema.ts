import { z } from 'zod';
import { hasControlCharacter } from '../../platform/control-characters.ts';
import { t as english, type Translate } from '../../platform/i18n/i18n.ts';
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH, type PasswordProblem } from './passwords.ts';

export const signInForm = z.object({
  email: z.string().trim().min(1, 'auth.signIn.enterEmail').max(320),
  password: z.string().min(1, 'auth.signIn.enterPassword').max(1024),
});

export const changePasswordForm = z
  .object({
    currentPassword: z.string().min(1, 'auth.changePassword.enterCurrent'),
    newPassword: z.string().min(1, 'auth.changePassword.enterNew'),
    confirmPassword: z.string().min(1, 'auth.changePassword.enterConfirm'),
  })
  .refine((form) => form.newPassword === form.confirmPassword, {
    message: 'passwords.mismatch',
    path: ['confirmPassword'],
  });

export function passwordMessage(problem: PasswordProblem | 'wrongCurrent', t: Translate = english): string {
  return t(`passwords.${problem}`, { min: MIN_PASSWORD_LENGTH, max: MAX_PASSWORD_LENGTH });
}

const SAME_ORIGIN_PROBE = 'http://equalis.invalid';

/**
 * Only same-origin paths may follow sign-in, so a crafted link cannot send people elsewhere. The
 * path is read the way a browser reads it (which drops tabs and newlines and treats `\` as `/`),
 * and must still name this site; what is returned is the browser's own reading of it.
 */
export function safeNextPath(next: unknown): string {
  if (
    typeof next !== 'string' ||
    !next.startsWith('/') ||
    next.includes('\\') ||
    hasControlCharacter(next, { allowLineBreaksAndTabs: false })
  )
    return '/';
  let url: URL;
  try {
    url = new URL(next, SAME_ORIGIN_PROBE);
  } catch {
    return '/';
  }
  if (url.origin !== SAME_ORIGIN_PROBE) return '/';
  return `${url.pathname}${url.search}${url.hash}`;
}
