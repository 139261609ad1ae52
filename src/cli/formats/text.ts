import type { JsonReport } from '../../core';
import type { Formatter } from './types';
import { printable } from './sanitize';
import { coverageOf, groundedOfCounted, percent, plural } from '../../core';

const codes = { red: 31, yellow: 33, cyan: 36, green: 32, dim: 2, bold: 1 } as const;

function painter(color: boolean) {
  return (style: keyof typeof codes, s: string) => (color ? `\u001b[${codes[style]}m${s}\u001b[0m` : s);
}

function pad(s: string, n: number): string {
  return s.length >= n ? s : s + ' '.repeat(n - s.length);
}

/** For people: diagnostics grouped by file, a coverage table per spec, and a summary line. */
export const formatText: Formatter = (report, { color }) => {
  const paint = painter(color);
  const lines: string[] = [];
  const byFile = new Map<string, JsonReport['diagnostics']>();
  for (const d of report.diagnostics) {
    const list = byFile.get(d.file) ?? [];
    list.push(d);
    byFile.set(d.file, list);
  }
  for (const [name, list] of byFile) {
    // Every value from the workspace is made printable: no ESC sequence, no line break.
    const file = printable(name);
    lines.push(paint('bold', file));
    for (const d of list) {
      const sev =
        d.severity === 'error'
          ? paint('red', 'error  ')
          : d.severity === 'warning'
            ? paint('yellow', 'warning')
            : paint('cyan', 'info   ');
      lines.push(
        `  ${file}:${d.line}:${d.column}  ${sev}  ${printable(d.message)}  ${paint('dim', printable(d.rule))}`,
      );
    }
    lines.push('');
  }
  if (report.specs.length > 0) {
    const idWidth = Math.max(4, ...report.specs.map(s => printable(s.id).length));
    lines.push(paint('bold', 'Coverage'));
    lines.push(paint('dim', `  ${pad('spec', idWidth)}  grounded  weak  ungrounded  waived  coverage`));
    for (const s of report.specs) {
      const c = coverageOf(s.requirements.map(r => r.state));
      const grounded = groundedOfCounted(c);
      const cov = percent(s.coverage);
      const covPainted =
        s.coverage === null
          ? cov
          : s.coverage >= 0.8
            ? paint('green', cov)
            : s.coverage >= 0.5
              ? paint('yellow', cov)
              : paint('red', cov);
      lines.push(
        `  ${pad(printable(s.id), idWidth)}  ${pad(grounded, 8)}  ${pad(String(c.weak), 4)}  ${pad(String(c.ungrounded), 10)}  ${pad(String(c.waived), 6)}  ${covPainted}`,
      );
    }
    lines.push('');
  }
  const shipped = report.specs.filter(s => (s.metrics ?? []).some(x => x.verdict !== null));
  if (shipped.length > 0) {
    // docs/format.md (outcomes): each shipped spec's metrics, baseline → the latest value since shipping against the target.
    const idWidth = Math.max(4, ...shipped.map(s => s.id.length));
    const metricWidth = Math.max(6, ...shipped.flatMap(s => s.metrics.map(x => x.id.length)));
    const verdict = {
      met: paint('green', 'met'),
      missed: paint('yellow', 'missed'),
      unmeasured: paint('dim', 'unmeasured'),
    };
    lines.push(paint('bold', 'Outcomes'));
    for (const s of shipped) {
      s.metrics.forEach((x, i) => {
        if (x.verdict === null) return;
        const unit = x.unit ?? '';
        const num = (v: number | null) => (v === null ? '?' : `${v}${unit}`);
        const moved = `${num(x.baseline)} → ${x.latest ? `${num(x.latest.value)} (${x.latest.date ?? 'no date'})` : 'no measurement'}`;
        lines.push(
          `  ${pad(i === 0 ? s.id : '', idWidth)}  ${pad(x.id, metricWidth)}  ${pad(moved, 28)}  target ${pad(num(x.target), 7)}  ${verdict[x.verdict]}`,
        );
      });
    }
    lines.push('');
  }
  const { summary: m } = report;
  if (m.inputs > 0)
    lines.push(
      `${paint('bold', 'Inputs')}  ${m.inputs} raised · ${m.actionedInputs} actioned (cited by a spec, requirement, decision or finding)`,
      '',
    );
  const problems = m.errors + m.warnings + m.infos;
  const head =
    problems === 0
      ? paint('green', '✔ no problems')
      : `${m.errors > 0 ? paint('red', '✖') : paint('yellow', '⚠')} ${plural(problems, 'problem')} (${plural(m.errors, 'error')}, ${plural(m.warnings, 'warning')}, ${m.infos} info)`;
  lines.push(
    `${head} · ${plural(m.documents, 'document')} · ${plural(m.specs, 'spec')} · ${plural(m.requirements, 'requirement')} · coverage ${percent(m.coverage)} (${m.grounded} grounded, ${m.weak} weak, ${m.ungrounded} ungrounded, ${m.waived} waived)`,
  );
  return lines.join('\n') + '\n';
};
