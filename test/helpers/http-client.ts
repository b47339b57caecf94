import type { FastifyInstance } from 'fastify';
import type { Response as InjectResponse } from 'light-my-request';

/**
 * A small browser for HTTP tests through app.inject: it keeps cookies, and picks up the CSRF token
 * from each page it reads so form posts carry it, as a real browser's would. Pass `csrf: false`
 * to send a form without it.
 */
export class TestClient {
  readonly cookies = new Map<string, string>();
  csrfToken: string | undefined;

  constructor(private readonly app: FastifyInstance) {}

  private remember(response: InjectResponse) {
    for (const cookie of response.cookies as {
      name: string;
      value: string;
      expires?: Date;
      maxAge?: number;
    }[]) {
      const expired =
        cookie.value === '' ||
        (cookie.expires && cookie.expires.getTime() < Date.now()) ||
        cookie.maxAge === 0;
      if (expired) this.cookies.delete(cookie.name);
      else this.cookies.set(cookie.name, cookie.value);
    }
    const token = /name="_csrf" value="([^"]+)"/.exec(response.body)?.[1];
    if (token) this.csrfToken = token;
  }

  private cookieHeader(): string | undefined {
    if (this.cookies.size === 0) return undefined;
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  async get(url: string, headers: Record<string, string> = {}): Promise<InjectResponse> {
    const cookie = this.cookieHeader();
    const response = await this.app.inject({
      method: 'GET',
      url,
      headers: { ...headers, ...(cookie ? { cookie } : {}) },
    });
    this.remember(response);
    return response;
  }

  async post(
    url: string,
    form: Record<string, string | string[]> = {},
    options: { csrf?: boolean; headers?: Record<string, string> } = {},
  ): Promise<InjectResponse> {
    // Repeated fields (checkboxes) go as one pair per value, as a browser sends them.
    const body = new URLSearchParams(
      Object.entries(form).flatMap(([name, value]) =>
        (Array.isArray(value) ? value : [value]).map((one) => [name, one]),
      ),
    );
    if (options.csrf !== false && this.csrfToken && !('_csrf' in form)) body.set('_csrf', this.csrfToken);
    const cookie = this.cookieHeader();
    const response = await this.app.inject({
      method: 'POST',
      url,
      payload: body.toString(),
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        ...options.headers,
        ...(cookie ? { cookie } : {}),
      },
    });
    this.remember(response);
    return response;
  }

  /** Uploads one file as multipart form data, with the CSRF token as a field unless told not to. */
  async upload(
    url: string,
    file: { name: string; content: Buffer } | null,
    options: {
      csrf?: boolean;
      fields?: Record<string, string | string[]>;
      /** More files, by field name (the file itself goes in "file"). */
      files?: Record<string, { name: string; content: Buffer }>;
    } = {},
  ): Promise<InjectResponse> {
    const boundary = '----equalis-test-boundary';
    const field = (name: string, value: string) =>
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`);
    const parts: Buffer[] = options.csrf !== false && this.csrfToken ? [field('_csrf', this.csrfToken)] : [];
    for (const [name, value] of Object.entries(options.fields ?? {}))
      for (const one of Array.isArray(value) ? value : [value]) parts.push(field(name, one));
    const files = { ...(file ? { file } : {}), ...options.files };
    for (const [name, one] of Object.entries(files))
      parts.push(
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="${name}"; filename="${one.name}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
        ),
        one.content,
        Buffer.from('\r\n'),
      );
    parts.push(Buffer.from(`--${boundary}--\r\n`));
    const cookie = this.cookieHeader();
    const response = await this.app.inject({
      method: 'POST',
      url,
      payload: Buffer.concat(parts),
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, ...(cookie ? { cookie } : {}) },
    });
    this.remember(response);
    return response;
  }

  /** Signs in through the real pages: fetch the form (session + CSRF token), then post it. */
  async signIn(email: string, password: string): Promise<InjectResponse> {
    await this.get('/sign-in');
    return this.post('/sign-in', { email, password });
  }
}

/** The text of an HTML page without tags, with whitespace collapsed, for readable assertions. */
export function pageText(html: string): string {
  return html
    .replace(/<script[\s\S]*?<\/script>/g, ' ')
    .replace(/<style[\s\S]*?<\/style>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#39;|&#x27;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
}
