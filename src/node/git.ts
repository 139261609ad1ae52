import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { UsageError } from './check';

/** Files worth reading at another revision: Markdown and the YAML config. */
const WANTED = /\.(md|markdown|ya?ml)$/i;

/** Enough for the cat-file output of a large docs repo (the 10,000-document benchmark corpus: ~27 MB). */
const MAX_BUFFER = 1024 * 1024 * 1024;

function git(
  args: string[],
  cwd: string,
  input?: string,
): { status: number | null; stdout: Buffer; stderr: string; error?: Error } {
  // Argument arrays only, never a shell: a ref or path is never interpreted.
  const r = spawnSync('git', args, {
    cwd,
    input,
    maxBuffer: MAX_BUFFER,
    env: { ...process.env, GIT_TERMINAL_PROMPT: '0' },
  });
  return {
    status: r.status,
    stdout: r.stdout ?? Buffer.alloc(0),
    stderr: r.stderr?.toString('utf8') ?? '',
    error: r.error,
  };
}

function gitText(args: string[], cwd: string): string | undefined {
  const r = git(args, cwd);
  return r.status === 0 ? r.stdout.toString('utf8') : undefined;
}

/** A folder as it was at a revision, written out to a temporary folder. */
export interface RevisionTree {
  /** The temporary folder that holds ROOT's files at the revision. */
  dir: string;
  /** The full commit ID the ref resolved to. */
  commit: string;
  /** Removes the temporary folder. */
  dispose(): void;
}

/**
 * Writes the Markdown and YAML files of `root` as they were at `ref` into a temporary folder,
 * read with `git ls-tree` and `git cat-file --batch`. `root` may be a subfolder of the repository.
 * Throws a UsageError (exit 2) when git is missing, `root` is not in a repository or `ref` names no commit.
 */
export function checkoutRevision(root: string, ref: string): RevisionTree {
  const probe = git(['rev-parse', '--show-toplevel'], root);
  if (probe.error)
    throw new UsageError(
      `--base needs git, which could not be run (${(probe.error as NodeJS.ErrnoException).code ?? probe.error.message})`,
    );
  if (probe.status !== 0) throw new UsageError(`--base needs a git repository, and ${root} is not in one`);
  const top = probe.stdout.toString('utf8').trim();
  // `--end-of-options` keeps a ref that starts with `-` from being read as an option.
  const commit = ref.startsWith('-')
    ? undefined
    : gitText(['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`], root)?.trim();
  if (!commit)
    throw new UsageError(
      `--base: \`${ref}\` is not a commit in this repository (try a branch, a tag or a commit ID, and fetch it first in a shallow CI clone)`,
    );

  const prefix = path.relative(fs.realpathSync(top), fs.realpathSync(root)).split(path.sep).join('/');
  const listArgs = ['ls-tree', '-r', '-z', '--full-tree', commit];
  if (prefix !== '') listArgs.push('--', prefix);
  const listed = git(listArgs, top);
  if (listed.status !== 0)
    throw new UsageError(`--base: git could not list ${ref}: ${listed.stderr.trim().split('\n')[0]}`);
  // Symlinks (mode 120000) are written as symlinks, so that the walk treats them as it does in
  // the working tree (docs/limits.md): a README-only change must not make a linked spec "new".
  // The files they point to are written whatever their names; submodules are left out.
  const blobs: { oid: string; rel: string; link: boolean }[] = [];
  const others = new Map<string, string>();
  for (const entry of listed.stdout.toString('utf8').split('\0')) {
    if (!entry) continue;
    const tab = entry.indexOf('\t');
    const [mode, type, oid] = entry.slice(0, tab).split(' ');
    const full = entry.slice(tab + 1);
    if (type !== 'blob') continue;
    const rel = prefix === '' ? full : full.slice(prefix.length + 1);
    if (mode === '120000') blobs.push({ oid, rel, link: true });
    else if (WANTED.test(full)) blobs.push({ oid, rel, link: false });
    else others.set(rel, oid);
  }

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'grounded-base-'));
  const dispose = () => fs.rmSync(dir, { recursive: true, force: true });
  try {
    const links = blobs.filter(b => b.link);
    const files = blobs.filter(b => !b.link);
    const linkTargets = catBlobs(top, ref, links).map(b => b.toString('utf8'));
    // A link to a file of another name (spec.md -> spec.txt): that file is written too.
    links.forEach((link, k) => {
      const pointed = path.posix.normalize(path.posix.join(path.posix.dirname(link.rel), linkTargets[k]));
      const oid = others.get(pointed);
      if (oid !== undefined) {
        others.delete(pointed);
        files.push({ oid, rel: pointed, link: false });
      }
    });
    const write = (rel: string) => {
      const target = path.join(dir, ...rel.split('/'));
      // A path from git never leaves the folder, but check rather than trust.
      if (!target.startsWith(dir + path.sep)) throw new UsageError(`--base: unsafe path in ${ref}: ${rel}`);
      fs.mkdirSync(path.dirname(target), { recursive: true });
      return target;
    };
    catBlobs(top, ref, files).forEach((contents, k) => fs.writeFileSync(write(files[k].rel), contents, { flag: 'wx' }));
    // Links last, so that no file above is written through one of them.
    links.forEach((link, k) => {
      try {
        fs.symlinkSync(linkTargets[k], write(link.rel));
      } catch (e) {
        if (e instanceof UsageError) throw e;
        // a platform without symlinks, or a link where a folder is: not followed here either
      }
    });
  } catch (e) {
    dispose();
    throw e;
  }
  return { dir, commit, dispose };
}

/** The contents of `blobs`, in order, read with one `git cat-file --batch`. */
function catBlobs(top: string, ref: string, blobs: { oid: string; rel: string }[]): Buffer[] {
  if (blobs.length === 0) return [];
  const cat = git(['cat-file', '--batch'], top, blobs.map(b => b.oid).join('\n') + '\n');
  if (cat.status !== 0) throw new UsageError(`--base: git could not read ${ref}: ${cat.stderr.trim().split('\n')[0]}`);
  const out = cat.stdout;
  let at = 0;
  return blobs.map(blob => {
    const eol = out.indexOf(10, at);
    const header = out.subarray(at, eol).toString('utf8').split(' ');
    const size = Number(header[2]);
    if (header[1] !== 'blob' || !Number.isFinite(size))
      throw new UsageError(`--base: git returned an unexpected object for ${blob.rel}`);
    const contents = out.subarray(eol + 1, eol + 1 + size);
    at = eol + 1 + size + 1;
    return contents;
  });
}
