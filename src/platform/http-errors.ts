/** Errors a service or route can throw; the error handler turns each into a GOV.UK error page. */
export class HttpError extends Error {
  constructor(
    public readonly statusCode: number,
    message: string,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export class NotFoundError extends HttpError {
  constructor(message = 'Page not found') {
    super(404, message);
  }
}

export class ForbiddenError extends HttpError {
  constructor(message = 'You do not have permission to do this') {
    super(403, message);
  }
}

/**
 * Someone else saved the record since this person opened it (optimistic locking). Routes catch it
 * and show the "someone else changed this" page with both versions, so nothing typed is lost.
 */
export class EditConflictError extends Error {
  constructor(public readonly current: Record<string, unknown>) {
    super('The record was changed by someone else');
    this.name = 'EditConflictError';
  }
}

/**
 * A rule a request broke (a duplicate name, the last administrator), reported against the form
 * field it concerns. The message is a locale key ("team.errors.lastAdmin") with its values, worded
 * at the edge in the reader's language; a message that is not a key is shown as written.
 */
export class RuleError extends Error {
  constructor(
    public readonly field: string,
    message: string,
    public readonly values: Record<string, string | number> = {},
  ) {
    super(message);
    this.name = 'RuleError';
  }
}
