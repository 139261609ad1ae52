import { pathToFileURL } from 'node:url';
import { REPOSITORY, ruleDocsUrl, RULES } from '../../core';
import { ciPath } from './paths';
import type { Formatter } from './types';

declare const GROUNDED_VERSION: string | undefined;

const LEVEL: Record<string, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };

/** The base that relative result URIs resolve against, as code scanning expects it. */
const BASE_ID = '%SRCROOT%';

/** A relative path as a URI reference: each segment percent-encoded (spaces are common in doc names). */
function uriOf(file: string): string {
  return file.split('/').map(encodeURIComponent).join('/');
}

/** SARIF 2.1.0 for GitHub code scanning and other SARIF viewers; validated against the OASIS schema in test/cli. */
export const formatSarif: Formatter = (report, ctx) => {
  const ruleIndex = new Map(RULES.map((r, i) => [r.id, i]));
  const base = pathToFileURL(ctx.cwd ?? ctx.root).href.replace(/\/?$/, '/');
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'Grounded',
            version: typeof GROUNDED_VERSION === 'string' ? GROUNDED_VERSION : '0.0.0-dev',
            ...(REPOSITORY ? { informationUri: REPOSITORY } : {}),
            rules: RULES.map(r => ({
              id: r.id,
              shortDescription: { text: r.description },
              helpUri: ruleDocsUrl(r.id),
              defaultConfiguration: { level: LEVEL[r.defaultSeverity] },
            })),
          },
        },
        originalUriBaseIds: { [BASE_ID]: { uri: base } },
        results: report.diagnostics.map(d => ({
          ruleId: d.rule,
          ...(ruleIndex.has(d.rule) ? { ruleIndex: ruleIndex.get(d.rule) } : {}),
          level: LEVEL[d.severity] ?? 'note',
          message: { text: d.message },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: uriOf(ciPath(d.file, ctx)), uriBaseId: BASE_ID },
                region: { startLine: d.line, startColumn: d.column, endLine: d.endLine, endColumn: d.endColumn },
              },
            },
          ],
        })),
      },
    ],
  };
  return JSON.stringify(log, null, ctx.tty ? 2 : undefined) + '\n';
};
