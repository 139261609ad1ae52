import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** The core runs in the CLI, the extension host and a future language server: it must not touch the platform. */
describe('core purity', () => {
  const root = path.join(__dirname, '..', '..', '..', 'src', 'core');
  const files = (dir: string): string[] =>
    fs
      .readdirSync(dir, { withFileTypes: true })
      .flatMap(d =>
        d.isDirectory() ? files(path.join(dir, d.name)) : d.name.endsWith('.ts') ? [path.join(dir, d.name)] : [],
      );

  it('src/core imports neither vscode, the file system nor process', () => {
    const offenders: string[] = [];
    for (const file of files(root)) {
      const text = fs.readFileSync(file, 'utf8');
      if (
        /from ['"](vscode|node:fs|fs|node:child_process|child_process|node:path|path|node:os|os)['"]/.test(text) ||
        /\bprocess\./.test(text) ||
        /require\(['"]vscode['"]\)/.test(text)
      ) {
        offenders.push(path.relative(root, file));
      }
    }
    assert.ok(files(root).length > 10);
    assert.deepEqual(offenders, []);
  });
});
