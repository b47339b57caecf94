import path from 'node:path';
import { z } from 'zod';

/**
 * Every environment variable Equalis reads, with the text README.md's configuration table is
 * built from. Configuration is read once, at start-up, and handed down; nothing else reads
 * process.env (a lint rule enforces it).
 */
export const DEVELOPMENT_SECRET = 'development-only-secret-do-not-use-in-production';

const booleanText = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

export const configVariables = {
  PORT: { doc: 'TCP port the web server listens on.', default: '3000' },
  HOST: { doc: 'Address the web server binds to.', default: '0.0.0.0' },
  DATABASE_URL: {
    doc: 'PostgreSQL connection string (postgres://user:pass@host:5432/db). When unset, Equalis uses the embedded database (PGlite).',
    default: undefined,
  },
  EQUALIS_DATA_DIR: {
    doc: 'Directory of the embedded database when DATABASE_URL is unset.',
    default: './data',
  },
  EQUALIS_SESSION_SECRET: {
    doc: 'Secret (32+ characters) used to hash session and invitation tokens. Required in production.',
    default: DEVELOPMENT_SECRET,
  },
  EQUALIS_SESSION_IDLE_MINUTES: { doc: 'Minutes of inactivity after which a session ends.', default: '60' },
  EQUALIS_SESSION_MAX_HOURS: {
    doc: 'Hours after sign-in at which a session ends regardless.',
    default: '12',
  },
  EQUALIS_COOKIE_SECURE: {
    doc: 'Send the session cookie only over HTTPS. Browsers treat http://localhost as secure, so keep this on unless you serve plain HTTP on another host name. Must be true in production.',
    default: 'true',
  },
  EQUALIS_TRUST_PROXY: {
    doc: 'Trust X-Forwarded-* headers (set when running behind a load balancer or reverse proxy).',
    default: 'false',
  },
  EQUALIS_DEMO: {
    doc: 'Create the demo organisation and demo accounts on first start. Refused in production.',
    default: 'true',
  },
  EQUALIS_ENV: {
    doc: 'Set to "production" for a live service (NODE_ENV=production does the same): no stack traces, no demo accounts, no default secret.',
    default: 'development',
  },
  EQUALIS_LOG_LEVEL: { doc: 'Log level: fatal, error, warn, info, debug, trace or silent.', default: 'info' },
  EQUALIS_PUBLIC_URL: {
    doc: 'The address people use to reach Equalis (used for links in emails), e.g. https://equalis.example.gov.uk. Defaults to http://localhost:PORT.',
    default: undefined,
  },
  EQUALIS_NOTIFY_API_KEY: {
    doc: 'GOV.UK Notify API key. When set, reminder emails are sent through Notify.',
    default: undefined,
  },
  EQUALIS_NOTIFY_TEMPLATE_ID: {
    doc: 'The Notify email template for reminders; it must use the placeholders ((subject)) and ((body)). Required with EQUALIS_NOTIFY_API_KEY.',
    default: undefined,
  },
  EQUALIS_NOTIFY_BASE_URL: {
    doc: 'The Notify API address (change only for testing).',
    default: 'https://api.notifications.service.gov.uk',
  },
  EQUALIS_SMTP_URL: {
    doc: 'SMTP server for reminder emails when Notify is not configured, e.g. smtps://user:pass@smtp.example.org:465. With neither, reminders are written to the log.',
    default: undefined,
  },
  EQUALIS_MAIL_FROM: {
    doc: 'The sender address of emails sent by SMTP.',
    default: 'Equalis <equalis@localhost>',
  },
  EQUALIS_REMINDER_HOUR: {
    doc: 'Hour of the day (UK time, 0–23) after which the daily reminder digest is sent. Set to "off" to send reminders only from the command line.',
    default: '7',
  },
  EQUALIS_UPLOAD_MAX_MB: {
    doc: 'Largest file, in megabytes, that can be uploaded (evidence documents, action plans).',
    default: '10',
  },
  EQUALIS_EVIDENCE_DIR: {
    doc: 'Directory to keep uploaded evidence files in. When unset, files are kept in the database (simplest to back up).',
    default: undefined,
  },
  EQUALIS_DEMO_DATA_DIR: {
    doc: 'A folder of real public census files (the project’s shared data: boundaries/, census/) that the demo organisation imports after the first start, so its community profiles show real Sussex figures beside the made-up district, and loads the GOV.UK gender pay gap register when none is loaded. Skipped when the folder is not there; "off" to never look.',
    default: '../shared/data',
  },
} as const;

export type ConfigVariable = keyof typeof configVariables;

const schema = z
  .object({
    PORT: z.coerce.number().int().min(0).max(65535),
    HOST: z.string().min(1),
    DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
      .optional(),
    EQUALIS_DATA_DIR: z.string().min(1),
    EQUALIS_SESSION_SECRET: z.string().min(32, 'must be at least 32 characters'),
    EQUALIS_SESSION_IDLE_MINUTES: z.coerce
      .number()
      .int()
      .min(1)
      .max(24 * 60),
    EQUALIS_SESSION_MAX_HOURS: z.coerce
      .number()
      .int()
      .min(1)
      .max(24 * 30),
    EQUALIS_COOKIE_SECURE: booleanText,
    EQUALIS_TRUST_PROXY: booleanText,
    EQUALIS_DEMO: booleanText,
    EQUALIS_ENV: z.enum(['development', 'test', 'production']),
    EQUALIS_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']),
    NODE_ENV: z.string().optional(),
    EQUALIS_PUBLIC_URL: z
      .string()
      .url('must be a full address like https://equalis.example.gov.uk')
      .optional(),
    EQUALIS_NOTIFY_API_KEY: z.string().min(20).optional(),
    EQUALIS_NOTIFY_TEMPLATE_ID: z.string().uuid('must be the template’s id (a UUID)').optional(),
    EQUALIS_NOTIFY_BASE_URL: z.string().url(),
    EQUALIS_SMTP_URL: z
      .string()
      .regex(/^smtps?:\/\//, 'must start with smtp:// or smtps://')
      .optional(),
    EQUALIS_MAIL_FROM: z.string().min(3),
    EQUALIS_REMINDER_HOUR: z.union([z.literal('off'), z.coerce.number().int().min(0).max(23)]),
    EQUALIS_UPLOAD_MAX_MB: z.coerce.number().int().min(1).max(200),
    EQUALIS_EVIDENCE_DIR: z.string().min(1).optional(),
    EQUALIS_DEMO_DATA_DIR: z.string().min(1),
  })
  .refine((env) => !env.EQUALIS_NOTIFY_API_KEY || env.EQUALIS_NOTIFY_TEMPLATE_ID, {
    message: 'EQUALIS_NOTIFY_TEMPLATE_ID is required when EQUALIS_NOTIFY_API_KEY is set',
    path: ['EQUALIS_NOTIFY_TEMPLATE_ID'],
  })
  .transform((env) => {
    const production = env.EQUALIS_ENV === 'production' || env.NODE_ENV === 'production';
    return {
      port: env.PORT,
      host: env.HOST,
      database: env.DATABASE_URL
        ? ({ kind: 'postgres', url: env.DATABASE_URL } as const)
        : ({ kind: 'pglite', dataDir: path.resolve(env.EQUALIS_DATA_DIR) } as const),
      sessionSecret: env.EQUALIS_SESSION_SECRET,
      sessionIdleMinutes: env.EQUALIS_SESSION_IDLE_MINUTES,
      sessionMaxHours: env.EQUALIS_SESSION_MAX_HOURS,
      cookieSecure: env.EQUALIS_COOKIE_SECURE,
      trustProxy: env.EQUALIS_TRUST_PROXY,
      demo: env.EQUALIS_DEMO,
      production,
      logLevel: env.EQUALIS_LOG_LEVEL,
      publicUrl: (env.EQUALIS_PUBLIC_URL ?? `http://localhost:${env.PORT}`).replace(/\/$/, ''),
      mail: env.EQUALIS_NOTIFY_API_KEY
        ? ({
            kind: 'notify',
            apiKey: env.EQUALIS_NOTIFY_API_KEY,
            templateId: env.EQUALIS_NOTIFY_TEMPLATE_ID as string,
            baseUrl: env.EQUALIS_NOTIFY_BASE_URL,
          } as const)
        : env.EQUALIS_SMTP_URL
          ? ({ kind: 'smtp', url: env.EQUALIS_SMTP_URL, from: env.EQUALIS_MAIL_FROM } as const)
          : ({ kind: 'log' } as const),
      reminderHour: env.EQUALIS_REMINDER_HOUR === 'off' ? null : env.EQUALIS_REMINDER_HOUR,
      uploadMaxMb: env.EQUALIS_UPLOAD_MAX_MB,
      evidenceDir: env.EQUALIS_EVIDENCE_DIR ? path.resolve(env.EQUALIS_EVIDENCE_DIR) : null,
      demoDataDir: env.EQUALIS_DEMO_DATA_DIR === 'off' ? null : path.resolve(env.EQUALIS_DEMO_DATA_DIR),
    };
  });

export type Config = z.infer<typeof schema>;
export type DatabaseConfig = Config['database'];
export type MailConfig = Config['mail'];

export class ConfigError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Equalis cannot start because its configuration is not valid:\n- ${problems.join('\n- ')}`);
    this.name = 'ConfigError';
  }
}

/** Reads and validates the configuration from an environment (normally process.env). */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const input: Record<string, string | undefined> = { NODE_ENV: env.NODE_ENV };
  for (const [name, variable] of Object.entries(configVariables)) {
    const value = env[name];
    input[name] = value === undefined || value === '' ? variable.default : value;
  }
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.')} ${issue.message}`));
  }
  const config = parsed.data;
  if (config.production) {
    const problems: string[] = [];
    if (config.sessionSecret === DEVELOPMENT_SECRET) {
      problems.push('EQUALIS_SESSION_SECRET must be set to your own secret in production');
    }
    if (config.demo)
      problems.push('EQUALIS_DEMO must be false in production (demo accounts are not allowed)');
    if (!config.cookieSecure) problems.push('EQUALIS_COOKIE_SECURE must be true in production');
    if (problems.length > 0) throw new ConfigError(problems);
  }
  return config;
}

/** A configuration for tests and benchmarks: embedded database in memory, quiet logs. */
export function testConfig(overrides: Partial<Config> = {}): Config {
  return {
    ...loadConfig({ EQUALIS_ENV: 'test', EQUALIS_LOG_LEVEL: 'silent', EQUALIS_DEMO: 'false' }),
    ...overrides,
  };
}
