import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { MAX_FILE_BYTES } from '../../src/core/files';
import { readMarkdown } from '../../src/node/files';

describe('readMarkdown', () => {
  let dir: string;
  const write = (name: string, bytes: string | Uint8Array) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, bytes);
    return file;
  };

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'grounded-files-'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('drops a BOM, as editors do, and keeps CRLF', () => {
    assert.deepEqual(readMarkdown(write('bom.md', '\uFEFF---\r\nid: F-1\r\n')), { text: '---\r\nid: F-1\r\n' });
  });

  it('reads UTF-8 beyond ASCII unchanged', () => {
    const text = 'Café — naïve 日本語 🙂\n';
    assert.deepEqual(readMarkdown(write('utf8.md', text)), { text });
  });

  it('reads an empty file as empty text', () => {
    assert.deepEqual(readMarkdown(write('empty.md', '')), { text: '' });
  });

  it('refuses binary data, text that is not UTF-8, a file over the limit and a missing file, each in one sentence', () => {
    assert.match(
      (readMarkdown(write('bin.md', new Uint8Array([0x89, 0x50, 0x00, 0x47]))) as { error: string }).error,
      /binary/,
    );
    assert.match(
      (readMarkdown(write('latin1.md', new Uint8Array([0x63, 0x61, 0x66, 0xe9, 0x0a]))) as { error: string }).error,
      /not valid UTF-8/,
    );
    const big = path.join(dir, 'big.md');
    fs.writeFileSync(big, '');
    fs.truncateSync(big, MAX_FILE_BYTES + 1);
    assert.match((readMarkdown(big) as { error: string }).error, /over the 5 MB limit/);
    assert.deepEqual(readMarkdown(path.join(dir, 'missing.md')), {
      error: 'This file does not exist (any more).',
      missing: true,
    });
  });
});
