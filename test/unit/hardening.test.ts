import * as assert from 'node:assert/strict';
import { scanBody } from '../../src/core/body';
import { scanBodyRemark } from '../../src/core/bodyRemark';

/*
 * Hostile input (issue 11). Inputs are large enough that a quadratic scanner, or a regular
 * expression that backtracks on the stack, fails the test (a stack overflow, or minutes instead
 * of milliseconds against mocha's timeout); the linear one takes milliseconds.
 */

const ids = (refs: { id: string }[]) => refs.map((r) => r.id);

describe('hardening: the body scanner is linear by construction', () => {
  for (const [name, line] of [
    ['1.6 million `-`', '-'.repeat(1_600_000)],
    ['1.6 million `*`', '*'.repeat(1_600_000)],
    ['1.6 million `_`', '_'.repeat(1_600_000)],
    ['3.6 million `>`', '>'.repeat(3_600_000)],
    ['3.6 million `> `', '> '.repeat(1_800_000)],
  ] as const) {
    it(`a line of ${name} does not overflow the stack`, () => {
      assert.deepEqual(scanBody(`${line} F-1\n`, 0).length <= 1, true);
      assert.doesNotThrow(() => scanBody(line, 0));
    });
  }
  for (const [name, unit] of [
    ['x ![', 'x !['],
    ['[](', '[]('],
    ['![](', '![]('],
    ['`` runs of growing length', ''],
    ['[[[[', '['],
    ['((((', '](('],
    ['<a', '<a'],
    ['<!-', '<!-'],
  ] as const) {
    it(`a 400 KB line of \`${name}\` is scanned in linear time`, function () {
      this.timeout(4000);
      let line = '';
      if (unit === '') for (let n = 1; line.length < 400_000; n++) line += ' ' + '`'.repeat(n) + ' F-1';
      else line = unit.repeat(Math.ceil(400_000 / unit.length));
      scanBody(line + '\n', 0);
      scanBody(`> ${line}\n- ${line}\n`, 0);
    });
  }
  it('the shortcuts give what the forward scans gave, and what remark finds', () => {
    const cases = [
      'see ![a [b] c](x) F-2',
      'a `` b ` F-1 `` F-2 ` F-3',
      'a \\``F-1`` F-2` F-3',
      'x ![ ![a](F-1) F-2',
      'x [ [a](F-1 F-2',
      'see [a](b(c)d) F-2 [x](',
      'see ![a](x(y)z) F-2',
      '> > quoted F-1',
      '   > > > F-2',
      '- - - F-3',
      '* * *',
      '__ _ _',
    ];
    for (const c of cases) assert.deepEqual(ids(scanBody(c + '\n', 0)), ids(scanBodyRemark(c + '\n')), c);
  });
});
