/**
 * A file Equalis will not read, with a message written for the person who sent it ("this file is
 * too large or too complex to read", "this is not a real Word file"). Importers throw it (or a
 * subclass) for every problem that is about the file rather than about Equalis; anything else
 * that escapes an importer is a bug.
 */
export class UnreadableFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnreadableFileError';
  }
}

export const TOO_COMPLEX =
  'This file is too large or too complex to read. Save a copy with only the plan in it (no images or extra sheets) and try again.';
