import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createFileStore } from './file-store.ts';

const directories: string[] = [];
afterAll(() => Promise.all(directories.map((directory) => rm(directory, { recursive: true, force: true }))));

describe('where uploaded files are kept', () => {
  it('keeps the bytes in the database row when no directory is configured', async () => {
    const store = createFileStore(null);
    const stored = await store.put('org-1', Buffer.from('evidence'));
    expect(stored).toMatchObject({ storagePath: null, content: Buffer.from('evidence') });
    expect((await store.read(stored)).toString()).toBe('evidence');
  });

  it('writes to the configured directory by organisation and hash, and refuses a file changed on disk', async () => {
    const directory = await mkdtemp(path.join(tmpdir(), 'equalis-evidence-'));
    directories.push(directory);
    const store = createFileStore(directory);
    const stored = await store.put('org-1', Buffer.from('%PDF-1.7 report'));
    expect(stored.content).toBeNull();
    expect(stored.storagePath).toBe(path.join('org-1', stored.sha256));
    expect(await readdir(path.join(directory, 'org-1'))).toEqual([stored.sha256]);
    expect((await store.read(stored)).toString()).toBe('%PDF-1.7 report');
    await writeFile(path.join(directory, stored.storagePath!), 'tampered');
    await expect(store.read(stored)).rejects.toThrow('does not match what was uploaded');
  });
});
