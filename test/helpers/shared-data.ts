import fs from 'node:fs';
import path from 'node:path';

/**
 * The real public documents and data beside the project (`../shared`), read where they live and
 * never copied into the repository. EQUALIS_SHARED_DIR points elsewhere when the checkout is not
 * beside them.
 */
export function sharedFile(relative: string): string {
  const root = process.env.EQUALIS_SHARED_DIR ?? path.resolve('..', 'shared');
  const file = path.join(root, relative);
  if (!fs.existsSync(file)) {
    throw new Error(
      `The test needs ${relative} from the shared folder, looked for at ${file}. Set EQUALIS_SHARED_DIR to the folder holding seeds/ and data/.`,
    );
  }
  return file;
}

/** The Somerset County Council corporate equalities action plan (2010 update). */
export const SEED_PLAN = 'seeds/002_442bccba875a43d9.txt';
