import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * Where uploaded files' bytes live, for every feature that keeps files (evidence today; impact
 * assessments and consultations next): in the database (the default; one thing to back up) or in
 * a directory (EQUALIS_EVIDENCE_DIR) for organisations with many large files. The choice is
 * configuration; a feature keeps the returned StoredBytes in its own table. Files in a directory
 * are named by organisation and content hash, so the same upload is stored once and a stored name
 * can never be chosen by the uploader; each is written to a temporary name and renamed, so a
 * crash mid-write never leaves a torn file under a real name.
 */
export interface StoredBytes {
  sha256: string;
  content: Buffer | null;
  storagePath: string | null;
}

export function createFileStore(directory: string | null) {
  return {
    async put(organisationId: string, content: Buffer): Promise<StoredBytes> {
      const sha256 = createHash('sha256').update(content).digest('hex');
      if (!directory) return { sha256, content, storagePath: null };
      const relative = path.join(organisationId, sha256);
      await mkdir(path.join(directory, organisationId), { recursive: true });
      const temporary = `${path.join(directory, relative)}.${process.pid}.partial`;
      await writeFile(temporary, content, { flag: 'w' });
      await rename(temporary, path.join(directory, relative));
      return { sha256, content: null, storagePath: relative };
    },

    async read(stored: {
      content: Buffer | null;
      storagePath: string | null;
      sha256: string;
    }): Promise<Buffer> {
      if (stored.content) return Buffer.from(stored.content);
      if (!directory || !stored.storagePath)
        throw new Error('This file is kept in a directory, but EQUALIS_EVIDENCE_DIR is not set');
      const content = await readFile(path.join(directory, stored.storagePath));
      // A file changed on disk is not the evidence that was uploaded.
      if (createHash('sha256').update(content).digest('hex') !== stored.sha256)
        throw new Error(`The stored file ${stored.storagePath} does not match what was uploaded`);
      return content;
    },
  };
}

export type FileStore = ReturnType<typeof createFileStore>;
