import * as assert from 'node:assert/strict';
import { defaultConfig, parseMarkdown, WorkspaceIndex } from '../../src/core';

function joinLines(...lines: string[]): string {
  return lines.join('\n');
}

const SPEC = joinLines(
  '---',
  'id: S-pay',
  'type: spec',
  'title: Payments',
  'requirements:',
  '  - id: R-pay-1',
  '    text: Pay by invoice',
  '    waiver: Legal requires it',
  '    waiver_until: 2026-06-30',
  '    waiver_by: legal-team',
  '  - id: R-pay-2',
  '    text: Pay by card',
  '    waiver: Obvious',
  '  - id: R-pay-3',
  '    text: Pay later',
  '    waiver: Not yet researched',
  '    waiver_until: 2027-01-01',
  '---',
  '# Payments',
);

function check(today: string, text = SPEC) {
  const index = new WorkspaceIndex({ config: defaultConfig(), today });
  index.set(parseMarkdown('file:///w/specs/pay.md', text));
  return { index, diagnostics: index.diagnostics('file:///w/specs/pay.md') };
}

describe('expired-waiver', () => {
  it('reports a waiver whose waiver_until has passed, naming the date and who granted it', () => {
    const { diagnostics } = check('2026-07-01');
    const expired = diagnostics.filter(d => d.rule === 'expired-waiver');
    assert.equal(expired.length, 1);
    assert.equal(expired[0].severity, 'warning');
    assert.match(expired[0].message, /R-pay-1/);
    assert.match(expired[0].message, /2026-06-30/);
    assert.match(expired[0].message, /legal-team/);
    // On the `waiver_until` key (line 9, zero-based 8).
    assert.equal(expired[0].range.start.line, 8);
  });

  it('is silent on the last day of the waiver and for waivers without a date', () => {
    const { diagnostics } = check('2026-06-30');
    assert.deepEqual(
      diagnostics.filter(d => d.rule === 'expired-waiver'),
      [],
    );
  });

  it('makes the requirement count as ungrounded again once the waiver expires', () => {
    const before = check('2026-06-30').index;
    const after = check('2026-07-01').index;
    const req = (index: WorkspaceIndex) => index.item('S-pay')!.item.requirements[0];
    assert.equal(before.grounding(req(before)).state, 'waived');
    assert.equal(after.grounding(req(after)).state, 'ungrounded');
  });

  it('can be turned off in the config', () => {
    const config = defaultConfig();
    config.rules['expired-waiver'] = 'off';
    const index = new WorkspaceIndex({ config, today: '2027-06-01' });
    index.set(parseMarkdown('file:///w/specs/pay.md', SPEC));
    assert.deepEqual(
      index.diagnostics('file:///w/specs/pay.md').filter(d => d.rule === 'expired-waiver'),
      [],
    );
  });
});
