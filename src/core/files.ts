import picomatch from 'picomatch';
import type { Config } from './config';
import { megabytes } from './presentation';

/** Larger Markdown files are reported, not read: no one writes a 5 MB spec by hand. */
export const MAX_FILE_BYTES = 5 * 1024 * 1024;

export function tooLargeMessage(size: number): string {
  return `This file is ${megabytes(size)} MB, over the ${MAX_FILE_BYTES / 1024 / 1024} MB limit; it was not checked.`;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Strict UTF-8 decoding without a BOM, or undefined for bytes that are not UTF-8. */
function decodeStrict(bytes: Uint8Array): string | undefined {
  try {
    return utf8.decode(bytes);
  } catch {
    return undefined;
  }
}

/**
 * Decodes bytes as UTF-8 Markdown (dropping a BOM, as editors do), refusing binary data.
 * `decode` is a faster strict decoder where the platform has one (the CLI uses Node's).
 */
export function decodeMarkdown(
  bytes: Uint8Array,
  decode: (bytes: Uint8Array) => string | undefined = decodeStrict,
): { text: string } | { error: string } {
  // UTF-16 with a byte-order mark (Windows editors write it): text, as VS Code reads it, not binary.
  const utf16 =
    bytes[0] === 0xff && bytes[1] === 0xfe
      ? 'utf-16le'
      : bytes[0] === 0xfe && bytes[1] === 0xff
        ? 'utf-16be'
        : undefined;
  if (utf16) {
    try {
      return { text: new TextDecoder(utf16, { fatal: true }).decode(bytes) };
    } catch {
      return { error: 'This file is not valid UTF-16 text; it was not checked. Save it as UTF-8.' };
    }
  }
  if (bytes.subarray(0, 8192).includes(0))
    return { error: 'This file is binary, not Markdown text; it was not checked.' };
  const text = decode(bytes);
  return text === undefined
    ? { error: 'This file is not valid UTF-8 text; it was not checked. Save it as UTF-8.' }
    : { text };
}

/** A test of root-relative paths (with `/`) against the config's include and exclude globs. */
export function pathFilter(config: Pick<Config, 'include' | 'exclude'>): (rel: string) => boolean {
  const isIncluded = picomatch(config.include, { dot: true });
  const isExcluded = picomatch(config.exclude, { dot: true });
  return rel =>
    /\.(md|markdown)$/i.test(rel) && isIncluded(rel) && !isExcluded(rel) && !rel.split('/').includes('node_modules');
}

/** True when a folder (root-relative) is excluded as a whole. */
export function folderExcluded(config: Pick<Config, 'exclude'>): (rel: string) => boolean {
  const isExcluded = picomatch(config.exclude, { dot: true });
  return rel => isExcluded(rel) || isExcluded(rel + '/') || isExcluded(rel + '/x');
}
