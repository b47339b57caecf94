import { z } from 'zod';
import { t } from '../../platform/i18n/i18n.ts';
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH, type PasswordProblem } from './passwords.ts';

export const signInForm = z.object({
  email: z.string().trim().min(1, t('auth.signIn.enterEmail')).max(320),
  password: z.string().min(1, t('auth.signIn.enterPassword')).max(1024),
});

export const changePasswordForm = z
  .object({
    currentPassword: z.string().min(1, 'Enter your current password'),
    newPassword: z.string().min(1, 'Enter a new password'),
    confirmPassword: z.string().min(1, 'Confirm your new password'),
  })
  .refine((form) => form.newPassword === form.confirmPassword, {
    message: t('passwords.mismatch'),
    path: ['confirmPassword'],
  });

export function passwordMessage(problem: PasswordProblem | 'wrongCurrent'): string {
  return t(`passwords.${problem}`, { min: MIN_PASSWORD_LENGTH, max: MAX_PASSWORD_LENGTH });
}

/** Only same-site paths may follow sign-in, so a crafted link cannot send people elsewhere. */
export function safeNextPath(next: unknown): string {
  if (typeof next !== 'string' || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\'))
    return '/';
  return next;
}
