import * as fs from 'node:fs';
import * as path from 'node:path';

export const REPO = path.resolve(__dirname, '../../..');

/** Every Markdown file below `dir`, sorted; none when `dir` is missing. */
export function markdownBelow(dir: string | undefined): string[] {
  if (!dir) return [];
  const out: string[] = [];
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return out;
  }
  for (const e of entries) {
    const p = path.join(dir, e.name);
    if (e.isDirectory() && e.name !== 'node_modules' && e.name !== '.git') out.push(...markdownBelow(p));
    else if (e.isFile() && /\.(md|markdown)$/i.test(e.name)) out.push(p);
  }
  return out.sort();
}

/** The shared real-world corpora: `../shared` beside the clone (as in CI), else `/work/shared`. */
export function sharedCorpora(): string | undefined {
  for (const dir of [path.resolve(REPO, '../shared/corpora'), '/work/shared/corpora'])
    if (fs.existsSync(dir)) return dir;
  return undefined;
}
