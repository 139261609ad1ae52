import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { parse } from 'yaml';
import { yamlString } from '../../src/core';

const CHARS = [...'aZ09 \t\n`*_[](){}<>&"\'#@|~\\!.-+:/%?,é'];

describe('presentation: the one YAML scalar writer', () => {
  it('writes a value that YAML reads back as the value, line breaks as spaces', () => {
    const word = fc.constantFrom('yes', 'No', 'null', '~', '1e3', '0x1f', '.5', '- a', '? b', 'a: b', 'a #c', '');
    const value = fc.array(fc.oneof(fc.constantFrom(...CHARS), word), { maxLength: 12 }).map(parts => parts.join(''));
    fc.assert(
      fc.property(value, s => {
        const expected = s.replace(/\s*\r?\n\s*/g, ' ').trim();
        assert.equal(parse(`k: ${yamlString(s)}`).k, expected, yamlString(s));
      }),
      { numRuns: 3000 },
    );
  });
});
