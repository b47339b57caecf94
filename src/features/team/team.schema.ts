import { z } from 'zod';
import { ROLES } from '../../platform/roles.ts';

const role = z.enum(ROLES, { message: 'team.form.selectARole' });

export const inviteForm = z.object({
  displayName: z
    .string()
    .trim()
    .min(1, 'team.form.enterThePersonSName')
    .max(120, 'team.form.theNameMustBe120'),
  email: z
    .string()
    .trim()
    .toLowerCase()
    .min(1, 'team.form.enterThePersonSEmail')
    .max(320)
    .email('team.form.enterAnEmailAddressIn'),
  role,
});

export const roleForm = z.object({ role });

export const acceptNewForm = z
  .object({
    displayName: z.string().trim().min(1, 'team.form.enterYourName').max(120, 'team.form.yourNameMustBe120'),
    password: z.string().min(1, 'team.form.chooseAPassword'),
    confirmPassword: z.string().min(1, 'team.form.confirmYourPassword'),
  })
  .refine((form) => form.password === form.confirmPassword, {
    message: 'team.form.thePasswordsDoNotMatch',
    path: ['confirmPassword'],
  });

export const acceptExistingForm = z.object({
  password: z.string().min(1, 'team.form.enterThePasswordYouAlready'),
});
