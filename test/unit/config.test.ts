import * as assert from 'node:assert/strict';
import { parseConfig, RULE_IDS, joinLines } from '../../src/core';

describe('config', () => {
  it('reads every setting of docs/format.md ("Configuration")', () => {
    const { config, errors } = parseConfig(
      joinLines(
        'include: ["docs/**/*.md"]',
        'exclude: ["**/CHANGELOG.md"]',
        'stale_after_days: 90',
        'min_evidence: { must: 3, should: 1, could: 1 }',
        'reference_prefixes: [F-, ADR-]',
        'rules:',
        '  stale-evidence: off',
        '  ungrounded-requirement: error',
        '  unused-finding: 1',
      ),
      RULE_IDS,
    );
    assert.deepEqual(errors, []);
    assert.deepEqual(config.include, ['docs/**/*.md']);
    assert.ok(config.exclude.includes('**/CHANGELOG.md') && config.exclude.includes('node_modules/**'));
    assert.equal(config.staleAfterDays, 90);
    assert.equal(config.minEvidence.must, 3);
    assert.deepEqual(config.referencePrefixes, ['F-', 'ADR-']);
    assert.deepEqual(config.rules, {
      'stale-evidence': 'off',
      'ungrounded-requirement': 'error',
      'unused-finding': 'warning',
    });
  });

  const bad: [string, number, RegExp][] = [
    ['stale_after_days: soon', 1, /positive whole number/],
    ['rules:\n  stale-evidnce: off', 2, /unknown rule `stale-evidnce`; did you mean `stale-evidence`/],
    ['rules:\n  stale-evidence: loud', 2, /error, warning, info or off/],
    ['include: "*.md"', 1, /list of strings/],
    ['min_evidence: { must: 0 }', 1, /at least 1/],
    ['stale_after_dayz: 3', 1, /unknown setting `stale_after_dayz`; did you mean `stale_after_days`/],
    ['rules: [a', 1, /not valid YAML/],
  ];
  for (const [text, line, message] of bad) {
    it(`reports ${JSON.stringify(text)} with its line`, () => {
      const { errors } = parseConfig(text, RULE_IDS);
      assert.equal(errors.length >= 1, true);
      assert.equal(errors[0].line, line);
      assert.match(errors[0].message, message);
    });
  }

  it('an empty config is the default config', () => {
    assert.deepEqual(parseConfig('', RULE_IDS).errors, []);
    assert.deepEqual(parseConfig('# nothing\n', RULE_IDS).config.staleAfterDays, 365);
  });
});
