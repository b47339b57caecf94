import { z } from 'zod';
import { optionalDate, optionalId, optionalText, repeated } from '../../platform/form-fields.ts';
import { isStrand } from '../../platform/characteristics.ts';

/** The evidence form; `kind` decides which of file, link or record is required. */
export const evidenceForm = z
  .object({
    title: z
      .string()
      .trim()
      .min(1, 'Enter a title for the evidence')
      .max(300, 'The title must be 300 characters or fewer'),
    kind: z.enum(['upload', 'link', 'record'], { message: 'Select what kind of evidence this is' }),
    url: optionalText(2000, 'The link must be 2,000 characters or fewer'),
    record: optionalText(100, 'Choose a record'),
    description: optionalText(5000, 'The description must be 5,000 characters or fewer'),
    ownerUserId: optionalId('Choose an owner from the list'),
    evidenceDate: optionalDate('The date of the evidence'),
    reviewDate: optionalDate('The review date'),
    strands: repeated.refine((values) => values.every(isStrand), {
      message: 'Choose characteristics from the list',
    }),
  })
  .superRefine((form, context) => {
    if (form.kind === 'link') {
      if (!form.url)
        context.addIssue({ code: 'custom', path: ['url'], message: 'Enter the link to the evidence' });
      else if (!/^https?:\/\/[^\s]+\.[^\s]+$/i.test(form.url))
        context.addIssue({
          code: 'custom',
          path: ['url'],
          message: 'Enter a full web address starting https://',
        });
    }
    if (form.kind === 'record' && !/^(action|objective):[0-9a-f-]{36}$/.test(form.record ?? ''))
      context.addIssue({
        code: 'custom',
        path: ['record'],
        message: 'Choose the action or objective that is the evidence',
      });
    if (form.evidenceDate && form.reviewDate && form.reviewDate < form.evidenceDate)
      context.addIssue({
        code: 'custom',
        path: ['reviewDate'],
        message: 'The review date must be on or after the date of the evidence',
      });
  });

export type EvidenceForm = z.infer<typeof evidenceForm>;

export const criterionLinkForm = z.object({
  frameworkId: z
    .string()
    .trim()
    .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'Choose a framework'),
  criterionRef: z
    .string()
    .trim()
    .min(1, 'Enter the criterion reference, like 2.3.2')
    .max(20, 'The reference must be 20 characters or fewer'),
});

export const withdrawForm = z.object({
  reason: z
    .string()
    .trim()
    .min(1, 'Say why the evidence is being withdrawn')
    .max(2000, 'The reason must be 2,000 characters or fewer'),
});
