import { isMap, isScalar, isSeq, LineCounter, type Node as YamlNode, type Pair } from 'yaml';
import type { SeveritySetting } from './types';
import { nearest } from './ids';
import type { Priority } from './schema';
import { printable } from './text';
import { frontmatterLimit, parseYamlDocument } from './frontmatter';

/** The settings of `.grounded.yaml` (docs/format.md ("Configuration")), with defaults applied. */
export interface Config {
  include: string[];
  exclude: string[];
  staleAfterDays: number;
  /** Days an input may wait for an answer before `unanswered-input` (docs/format.md, "Input"). */
  inputResponseDays: number;
  /** Days after shipping before `unmeasured-outcome` asks for a measurement (docs/format.md, "Metric"). */
  outcomeAfterDays: number;
  minEvidence: Record<Priority, number>;
  referencePrefixes: string[];
  rules: Record<string, SeveritySetting>;
  /** Follow symlinks that lead out of the workspace folder (docs/limits.md); off by default. */
  followSymlinksOutsideRoot: boolean;
}

export interface ConfigError {
  message: string;
  /** 1-based. */
  line: number;
  column: number;
}

export const CONFIG_FILE = '.grounded.yaml';

/** A larger config is refused, not read (docs/limits.md). */
export const MAX_CONFIG_BYTES = 1024 * 1024;

export function defaultConfig(): Config {
  return {
    include: ['**/*.md', '**/*.markdown'],
    exclude: ['node_modules/**', '**/node_modules/**', '.git/**'],
    staleAfterDays: 365,
    inputResponseDays: 30,
    outcomeAfterDays: 30,
    minEvidence: { must: 2, should: 1, could: 1 },
    referencePrefixes: ['S-', 'R-', 'F-', 'P-', 'D-', 'I-', 'M-'],
    rules: {},
    followSymlinksOutsideRoot: false,
  };
}

/** A Map, so that `constructor` or `__proto__` is no severity (docs/limits.md). */
const SEVERITY_ALIASES = new Map<string, SeveritySetting>([
  ['error', 'error'],
  ['warning', 'warning'],
  ['warn', 'warning'],
  ['info', 'info'],
  ['off', 'off'],
  ['0', 'off'],
  ['1', 'warning'],
  ['2', 'error'],
]);

const DAY_SETTINGS = {
  stale_after_days: 'staleAfterDays',
  input_response_days: 'inputResponseDays',
  outcome_after_days: 'outcomeAfterDays',
} as const;

const KEYS = [
  'include',
  'exclude',
  'stale_after_days',
  'input_response_days',
  'outcome_after_days',
  'min_evidence',
  'reference_prefixes',
  'rules',
  'follow_symlinks_outside_root',
];

/**
 * Reads a `.grounded.yaml`. Every problem is returned with its line; a config with errors must
 * not be used silently.
 */
export function parseConfig(text: string, knownRules: readonly string[]): { config: Config; errors: ConfigError[] } {
  const config = defaultConfig();
  const errors: ConfigError[] = [];
  const lineCounter = new LineCounter();
  const source = text.replace(/^\uFEFF/, '');
  const limit = frontmatterLimit(source);
  if (limit) {
    errors.push({
      message: limit.message.replace('The frontmatter', 'The config'),
      line: source.slice(0, limit.at).split('\n').length,
      column: 1,
    });
    return { config, errors };
  }
  const doc = parseYamlDocument(source, { lineCounter, prettyErrors: false });
  const at = (node: YamlNode | null | undefined, message: string) => {
    const offset = node?.range?.[0] ?? 0;
    const pos = lineCounter.linePos(offset);
    errors.push({ message, line: pos.line, column: pos.col });
  };
  for (const e of doc.errors) {
    const pos = lineCounter.linePos(e.pos[0]);
    errors.push({ message: `not valid YAML: ${e.message.split('\n')[0]}`, line: pos.line, column: pos.col });
  }
  if (errors.length > 0) return { config, errors };
  if (doc.contents === null || (isScalar(doc.contents) && doc.contents.value === null)) return { config, errors };
  if (!isMap(doc.contents)) {
    at(doc.contents, 'the config must be a mapping of settings');
    return { config, errors };
  }
  const stringList = (node: YamlNode | null, name: string): string[] | undefined => {
    if (!isSeq(node) || !node.items.every(i => isScalar(i) && typeof i.value === 'string')) {
      at(node, `\`${name}\` must be a list of strings`);
      return undefined;
    }
    return node.items.map(i => String((i as { value: unknown }).value));
  };
  for (const pair of doc.contents.items as Pair<YamlNode, YamlNode | null>[]) {
    const key = isScalar(pair.key) ? String(pair.key.value) : '';
    const value = pair.value;
    switch (key) {
      case 'include':
      case 'exclude': {
        const list = stringList(value, key);
        if (list) config[key] = key === 'exclude' ? [...defaultConfig().exclude, ...list] : list;
        break;
      }
      case 'reference_prefixes': {
        const list = stringList(value, key);
        if (list) config.referencePrefixes = list;
        break;
      }
      case 'follow_symlinks_outside_root':
        if (!isScalar(value) || typeof value.value !== 'boolean')
          at(value, '`follow_symlinks_outside_root` must be true or false');
        else config.followSymlinksOutsideRoot = value.value;
        break;
      case 'stale_after_days':
      case 'input_response_days':
      case 'outcome_after_days':
        if (!isScalar(value) || typeof value.value !== 'number' || !Number.isInteger(value.value) || value.value <= 0) {
          at(value, `\`${key}\` must be a positive whole number of days`);
        } else config[DAY_SETTINGS[key]] = value.value;
        break;
      case 'min_evidence':
        if (!isMap(value)) {
          at(value, '`min_evidence` must be a mapping like `{ must: 2, should: 1, could: 1 }`');
          break;
        }
        for (const p of value.items as Pair<YamlNode, YamlNode | null>[]) {
          const priority = isScalar(p.key) ? String(p.key.value) : '';
          if (priority !== 'must' && priority !== 'should' && priority !== 'could') {
            at(p.key, `unknown priority \`${printable(priority)}\` in \`min_evidence\` (must, should or could)`);
          } else if (
            !isScalar(p.value) ||
            typeof p.value.value !== 'number' ||
            !Number.isInteger(p.value.value) ||
            p.value.value < 1
          ) {
            at(p.value ?? p.key, `\`min_evidence.${priority}\` must be a whole number of at least 1`);
          } else config.minEvidence[priority] = p.value.value;
        }
        break;
      case 'rules':
        if (!isMap(value)) {
          at(value, '`rules` must be a mapping of rule IDs to error, warning, info or off');
          break;
        }
        for (const p of value.items as Pair<YamlNode, YamlNode | null>[]) {
          const rule = isScalar(p.key) ? String(p.key.value) : '';
          if (!knownRules.includes(rule)) {
            const hint = nearest(rule, knownRules, 1)[0];
            at(p.key, `unknown rule \`${printable(rule)}\`${hint ? `; did you mean \`${hint}\`?` : ''}`);
            continue;
          }
          const setting = isScalar(p.value) ? SEVERITY_ALIASES.get(String(p.value.value)) : undefined;
          if (!setting) at(p.value ?? p.key, `rule \`${rule}\` must be set to error, warning, info or off`);
          else config.rules[rule] = setting;
        }
        break;
      default: {
        const hint = nearest(key, KEYS, 1)[0];
        at(pair.key as YamlNode, `unknown setting \`${printable(key)}\`${hint ? `; did you mean \`${hint}\`?` : ''}`);
      }
    }
  }
  return { config, errors };
}
