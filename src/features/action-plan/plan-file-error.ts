import { UnreadableFileError } from '../../infra/untrusted-files/unreadable-file-error.ts';

/** A file that cannot be read as a plan at all; the message says why, for the person uploading. */
export class PlanFileError extends UnreadableFileError {
  constructor(message: string) {
    super(message);
    this.name = 'PlanFileError';
  }
}
