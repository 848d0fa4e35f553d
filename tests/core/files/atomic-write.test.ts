import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeFileAtomic } from '../../../src-main/core/files/atomic-write';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'vigie-atomic-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('writeFileAtomic', () => {
  it('creates the folder, writes the file, replaces it, and leaves no temp file', () => {
    const file = path.join(dir, 'sub', 'state.json');
    writeFileAtomic(file, '{"a":1}');
    writeFileAtomic(file, Buffer.from('{"a":2}'), { durable: true });
    expect(readFileSync(file, 'utf8')).toBe('{"a":2}');
    expect(readdirSync(path.dirname(file))).toEqual(['state.json']);
  });

  it('keeps the old content and removes its temp file when the rename fails', () => {
    const file = path.join(dir, 'export.csv');
    mkdirSync(file); // a folder where the file should go: the rename is refused
    expect(() => writeFileAtomic(file, 'new', { suffix: '.partial' })).toThrow();
    expect(statSync(file).isDirectory()).toBe(true);
    expect(readdirSync(dir)).toEqual(['export.csv']);
  });

  it.skipIf(process.platform === 'win32')(
    'writes a private file 0600 under a fresh temp name, never through one prepared beside it',
    () => {
      const file = path.join(dir, 'secret.json');
      const elsewhere = path.join(dir, 'elsewhere.txt');
      writeFileSync(elsewhere, 'untouched');
      symlinkSync(elsewhere, `${file}.tmp`);
      writeFileAtomic(file, 'sealed', { mode: 0o600 });
      expect(readFileSync(file, 'utf8')).toBe('sealed');
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(readFileSync(elsewhere, 'utf8')).toBe('untouched');
    },
  );
});
