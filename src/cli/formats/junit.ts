import { ciPath } from './paths';
import type { Formatter } from './types';
import { escapeXml as xml, plural } from '../../core';

const RANK: Record<string, number> = { info: 1, warning: 2, error: 3 };

interface Case {
  name: string;
  classname: string;
  file?: string;
  failure?: { message: string; type: string; body: string };
  skipped?: string;
}

interface Suite {
  xml: string;
  tests: number;
  failures: number;
  skipped: number;
}

function suite(name: string, cases: Case[], file?: string): Suite {
  const failures = cases.filter(c => c.failure).length;
  const skipped = cases.filter(c => c.skipped !== undefined).length;
  const out = [
    `  <testsuite name="${xml(name)}" tests="${cases.length}" failures="${failures}" errors="0" skipped="${skipped}"${file ? ` file="${xml(file)}"` : ''}>`,
  ];
  for (const c of cases) {
    // The failure body keeps its line breaks (one line per problem), as character references:
    // every value in it was made printable first, so no line of the output starts with it.
    const open = `    <testcase name="${xml(c.name)}" classname="${xml(c.classname)}"${c.file ? ` file="${xml(c.file)}"` : ''}`;
    if (c.failure) {
      out.push(
        `${open}>`,
        `      <failure message="${xml(c.failure.message)}" type="${xml(c.failure.type)}">${c.failure.body.split('\n').map(xml).join('&#10;')}</failure>`,
        '    </testcase>',
      );
    } else if (c.skipped !== undefined) {
      out.push(`${open}>`, `      <skipped message="${xml(c.skipped)}"/>`, '    </testcase>');
    } else out.push(`${open}/>`);
  }
  out.push('  </testsuite>');
  return { xml: out.join('\n'), tests: cases.length, failures, skipped };
}

/**
 * JUnit XML for CI test reports (GitLab, Jenkins, Azure): a suite per spec with a case per
 * requirement (ungrounded and weak fail, waived is skipped), and a suite "diagnostics" with a case
 * per file that has diagnostics, failing when one reaches `--fail-on`.
 */
export const formatJunit: Formatter = (report, ctx) => {
  const failOn = ctx.failOn ?? 3;
  const suites: Suite[] = [];
  for (const spec of report.specs) {
    const file = ciPath(spec.file, ctx);
    const cases: Case[] = spec.requirements.map(r => {
      const c: Case = { name: `${r.id || '(no id)'} (${r.priority})`, classname: spec.id || spec.file, file };
      const evidence = r.evidence.length
        ? `Valid evidence: ${r.evidence.join(', ')}${r.via.length ? ` (via ${r.via.join(', ')})` : ''}.`
        : 'No valid evidence.';
      if (r.state === 'ungrounded')
        c.failure = {
          type: 'ungrounded',
          message: `${r.id} is ungrounded`,
          body: `${r.id} in ${file} has no valid evidence and no waiver.`,
        };
      else if (r.state === 'weak')
        c.failure = {
          type: 'weak',
          message: `${r.id} is weak`,
          body: `${r.id} in ${file} has less evidence than a ${r.priority} requirement needs. ${evidence}`,
        };
      else if (r.state === 'waived') c.skipped = `${r.id} is waived`;
      return c;
    });
    suites.push(suite(spec.title ? `${spec.id}: ${spec.title}` : spec.id || spec.file, cases, file));
  }
  const byFile = new Map<string, typeof report.diagnostics>();
  for (const d of report.diagnostics) byFile.set(d.file, [...(byFile.get(d.file) ?? []), d]);
  const cases: Case[] = [...byFile].map(([f, list]) => {
    const file = ciPath(f, ctx);
    const c: Case = { name: file, classname: 'diagnostics', file };
    const failing = list.filter(d => (RANK[d.severity] ?? 0) >= failOn);
    if (failing.length > 0) {
      c.failure = {
        type: failing[0].rule,
        message: `${plural(failing.length, 'problem')} at or above --fail-on`,
        body: list.map(d => `${file}:${d.line}:${d.column} ${d.severity} ${d.message} (${d.rule})`).join('\n'),
      };
    }
    return c;
  });
  suites.push(suite('diagnostics', cases));
  const total = (key: 'tests' | 'failures' | 'skipped') => suites.reduce((n, s) => n + s[key], 0);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="grounded" tests="${total('tests')}" failures="${total('failures')}" errors="0" skipped="${total('skipped')}">`,
    ...suites.map(s => s.xml),
    '</testsuites>',
    '',
  ].join('\n');
};
