import { z } from 'zod';
import { ROLES } from '../../platform/roles.ts';

const role = z.enum(ROLES, { message: 'Select a role' });

export const inviteForm = z.object({
  displayName: z
    .string()
    .trim()
    .min(1, 'Enter the person’s name')
    .max(120, 'The name must be 120 characters or fewer'),
  email: z
    .string()
    .trim()
    .toLowerCase()
    .min(1, 'Enter the person’s email address')
    .max(320)
    .email('Enter an email address in the correct format, like name@example.gov.uk'),
  role,
});

export const roleForm = z.object({ role });

export const acceptNewForm = z
  .object({
    displayName: z
      .string()
      .trim()
      .min(1, 'Enter your name')
      .max(120, 'Your name must be 120 characters or fewer'),
    password: z.string().min(1, 'Choose a password'),
    confirmPassword: z.string().min(1, 'Confirm your password'),
  })
  .refine((form) => form.password === form.confirmPassword, {
    message: 'The passwords do not match',
    path: ['confirmPassword'],
  });

export const acceptExistingForm = z.object({
  password: z.string().min(1, 'Enter the password you already use for Equalis'),
});
