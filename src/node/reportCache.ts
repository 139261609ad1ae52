import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as v8 from 'node:v8';
import { CONFIG_FILE, defaultConfig, parseConfig } from '../core/config';
import type { JsonReport } from '../core/report';
import { LineMap } from '../core/text';
import { RULE_IDS } from '../core/rules';
import type { Snapshot } from './compare';
import { walkMarkdown, readMarkdown } from './files';

declare const GROUNDED_VERSION: string | undefined;

/**
 * The report cache of `grounded check` (issue 7): when no Markdown file of the folder changed
 * (same paths, sizes, modification and change times, inodes), nor the config, `--today` or the
 * Grounded version, the last report is printed again without reading any file's contents: a
 * walk and a `stat` of each file decide. The snapshot's source lines (for baselines and
 * comparisons) are then read from disk only when asked for. Stored with `v8.serialize` beside
 * the parse cache, written atomically, and ignored on any doubt (unreadable, truncated, another
 * format or version, another fingerprint).
 */
export const REPORT_CACHE_FORMAT = 1;

interface ReportCacheFile {
  format: number;
  version: string;
  fingerprint: string;
  /** The report as JSON text: `JSON.parse` of it is several times faster than deserializing the objects. */
  report: string;
  fileIds: [string, string][];
  items: [string, { type: string; status: string }][];
}

function version(): string {
  return typeof GROUNDED_VERSION === 'string' ? GROUNDED_VERSION : '0.0.0-dev';
}

/** The report cache that goes with a parse cache file. */
export function reportCacheFileFor(parseCacheFile: string): string {
  return `${parseCacheFile.replace(/\.json$/, '')}.report.bin`;
}

/**
 * What the report of `root` depends on, as a hash: every walked file's path, size, times and
 * inode, the walk's problems, the config text, `today` and the version. Undefined when anything
 * goes wrong (the normal path then reports it).
 */
export function folderFingerprint(root: string, options: { config?: string; today: string }): string | undefined {
  try {
    const hash = crypto.createHash('sha1');
    const configFile = options.config ?? path.join(root, CONFIG_FILE);
    let configText: string | undefined;
    try {
      configText = fs.readFileSync(configFile, 'utf8');
    } catch (e) {
      if (options.config || (e as NodeJS.ErrnoException).code !== 'ENOENT') return undefined;
    }
    let config = defaultConfig();
    if (configText !== undefined) {
      const parsed = parseConfig(configText, RULE_IDS);
      if (parsed.errors.length > 0) return undefined;
      config = parsed.config;
    }
    // The running bundle's size and time too, so that a rebuilt Grounded of the same version
    // (a development build) does not reuse a report the old code made.
    const self = fs.statSync(__filename);
    hash.update(`${self.size}\0${self.mtimeMs}\0`);
    hash.update(`${REPORT_CACHE_FORMAT}\0${version()}\0${fs.realpathSync(root)}\0${configFile}\0${options.today}\0${configText ?? '\u0001none'}\0`);
    const walked = walkMarkdown(root, config);
    for (const f of walked.files) {
      const st = fs.statSync(f.path, { bigint: true });
      hash.update(`${f.rel}\0${st.size}\0${st.mtimeNs}\0${st.ctimeNs}\0${st.ino}\0${st.mode}\n`);
    }
    for (const p of walked.problems) hash.update(`!${p.entry.rel}\0${p.message}\n`);
    return hash.digest('base64');
  } catch {
    return undefined;
  }
}

/** The cached snapshot for `fingerprint`, or undefined. */
export function readReportCache(file: string, root: string, fingerprint: string): Snapshot | undefined {
  try {
    const data = v8.deserialize(fs.readFileSync(file)) as ReportCacheFile;
    if (data?.format !== REPORT_CACHE_FORMAT || data.version !== version() || data.fingerprint !== fingerprint || typeof data.report !== 'string') return undefined;
    const report = JSON.parse(data.report) as JsonReport;
    if (typeof report?.summary !== 'object' || !Array.isArray(report.diagnostics) || !Array.isArray(report.specs) || !Array.isArray(data.fileIds) || !Array.isArray(data.items)) {
      return undefined;
    }
    const lines = new Map<string, LineMap | undefined>();
    return {
      report,
      fileIds: new Map(data.fileIds),
      items: new Map(data.items),
      lineText: (f, line) => {
        if (!lines.has(f)) {
          const read = readMarkdown(path.join(root, f));
          lines.set(f, 'text' in read ? new LineMap(read.text) : undefined);
        }
        return lines.get(f)?.lineText(line - 1) ?? '';
      },
    };
  } catch {
    return undefined;
  }
}

/** Stores a snapshot under `fingerprint`; a failure only costs speed next time. */
export function writeReportCache(file: string, fingerprint: string, snap: Snapshot): void {
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const data: ReportCacheFile = {
      format: REPORT_CACHE_FORMAT,
      version: version(),
      fingerprint,
      report: JSON.stringify(snap.report),
      fileIds: [...snap.fileIds],
      items: [...snap.items],
    };
    fs.writeFileSync(tmp, v8.serialize(data));
    fs.renameSync(tmp, file);
  } catch {
    try {
      fs.rmSync(tmp, { force: true });
    } catch {
      // nothing more to do
    }
  }
}
