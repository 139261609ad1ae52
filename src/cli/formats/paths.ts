import * as path from 'node:path';
import type { FormatContext } from './types';

/**
 * A report path as CI tools want it: relative to the folder the command ran in (the repository
 * root in CI), so `grounded check docs` annotates `docs/specs/x.md`. Falls back to the
 * root-relative path when ROOT is not below that folder.
 */
export function ciPath(file: string, ctx: FormatContext): string {
  if (!ctx.cwd) return file;
  const rel = path.relative(ctx.cwd, path.join(ctx.root, file)).split(path.sep).join('/');
  return rel.startsWith('../') || path.isAbsolute(rel) ? file : rel;
}
