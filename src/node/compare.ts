import { createHash } from 'node:crypto';
import {
  coverageOf,
  type GroundingState,
  type JsonReport,
  type ParsedDocument,
  type SpecCoverage,
  type WorkspaceIndex,
} from '../core';

export type ReportDiagnostic = JsonReport['diagnostics'][number];

/** A report together with what comparing it needs and the JSON contract leaves out. */
export interface Snapshot {
  report: JsonReport;
  /** The text of a 1-based line of a root-relative file, or '' when there is none. */
  lineText(file: string, line: number): string;
  /** Root-relative file → the ID of the item it declares, for following renamed files. */
  fileIds: Map<string, string>;
  /** Every item ID → its type and status, to tell why evidence stopped counting. */
  items: Map<string, { type: string; status: string }>;
  /**
   * Every finding ID → what changed evidence compares (docs/format.md, "Changed evidence"). Only made for `--base`
   * (hashing every finding's body is a tenth of a cold check of 10,000 documents).
   */
  evidence?: Map<string, EvidencePrint>;
}

/** The parts of a finding that, when changed, make it changed evidence, and who cites it. */
export interface EvidencePrint {
  file: string;
  /** Field (`body`, `status`, `date`, `confidence`, `sample`, `personas`) → its value, or a hash of the body. */
  fields: Record<string, string>;
  /** Requirements that cite it as evidence, directly or through a decision. */
  citedBy: string[];
}

/** The fields of docs/format.md ("Changed evidence"), in the order they are reported. */
export const EVIDENCE_FIELDS = ['body', 'status', 'date', 'confidence', 'sample', 'personas'] as const;

function evidencePrint(index: WorkspaceIndex, doc: ParsedDocument, file: string): EvidencePrint {
  const f = doc.item!;
  const body = doc.text.slice(doc.bodyStart).replace(/\r\n?/g, '\n').trim();
  const citedBy = new Set<string>();
  const cite = (uri: string, owner: string | undefined, field: string) => {
    const d = index.get(uri);
    if (d?.item?.type === 'spec' && owner && /^requirements\[\d+\]\.evidence$/.test(field)) citedBy.add(owner);
    // A decision that cites it passes it on to the requirements that cite the decision.
    if (d?.item?.type === 'decision' && d.item.id && field === 'evidence') {
      for (const c of index.citations(d.item.id))
        if (/^requirements\[\d+\]\.decisions$/.test(c.link.field) && c.link.owner) citedBy.add(c.link.owner);
    }
  };
  for (const c of index.citations(f.id!)) cite(c.uri, c.link.owner, c.link.field);
  return {
    file,
    fields: {
      body: createHash('sha256').update(body).digest('hex').slice(0, 16),
      status: f.status,
      date: f.date ?? '',
      confidence: f.confidence,
      sample: f.sample === undefined ? '' : String(f.sample),
      personas: f.personas.map(p => p.id).join(','),
    },
    citedBy: [...citedBy].sort(),
  };
}

/** A finding whose body or evidence fields changed since the base (docs/format.md, "Changed evidence"). */
export interface ChangedEvidence {
  id: string;
  file: string;
  fields: string[];
  /** Requirement IDs that cite it now (or, if none do now, at the base). */
  citedBy: string[];
}

/** Builds the snapshot of an index; `file` turns a URI into a root-relative path, as for `buildReport`. */
export function snapshot(
  index: WorkspaceIndex,
  report: JsonReport,
  file: (uri: string) => string,
  options: { evidence?: boolean } = {},
): Snapshot {
  const lines = new Map<string, ParsedDocument>();
  const fileIds = new Map<string, string>();
  const items = new Map<string, { type: string; status: string }>();
  const evidence = options.evidence ? new Map<string, EvidencePrint>() : undefined;
  for (const doc of index.documents()) {
    const rel = file(doc.uri);
    lines.set(rel, doc);
    if (doc.item?.id) {
      fileIds.set(rel, doc.item.id);
      items.set(doc.item.id, { type: doc.item.type, status: doc.item.status });
      if (evidence && doc.item.type === 'finding' && !doc.item.broken && !evidence.has(doc.item.id))
        evidence.set(doc.item.id, evidencePrint(index, doc, rel));
    }
  }
  return {
    report,
    fileIds,
    items,
    ...(evidence ? { evidence } : {}),
    lineText: (f, line) => lines.get(f)?.lines.lineText(line - 1) ?? '',
  };
}

/**
 * Standalone numbers in a message (ages in days, counts) change without the problem changing:
 * "`F-003` is 929 days old" is the same problem tomorrow. IDs and dates keep their digits
 * because a letter or `-` touches them.
 */
export function stableMessage(message: string): string {
  return message.replace(/(?<![\w.-])\d+(?![\w-])/g, '#');
}

/**
 * What identifies a diagnostic across revisions without its line number: file, rule, the message
 * and a hash of the trimmed source line. Unrelated lines may move above it and it stays the same.
 */
export function fingerprint(d: ReportDiagnostic, lineText: string, file = d.file): string {
  return `${file}\u0000${d.rule}\u0000${stableMessage(d.message)}\u0000${lineHash(lineText)}`;
}

/** A short hash of a trimmed source line. */
export function lineHash(lineText: string): string {
  return createHash('sha256').update(lineText.trim()).digest('hex').slice(0, 16);
}

/** Requirement counts and coverage, as the core computes them for a spec. */
export type CoverageCounts = SpecCoverage;

export interface SpecChange {
  id: string;
  title: string;
  /** The file now, or at the base when the spec was deleted. */
  file: string;
  /** The file at the base when it was somewhere else. */
  baseFile?: string;
  status: 'added' | 'removed' | 'changed' | 'unchanged';
  before: CoverageCounts | null;
  after: CoverageCounts | null;
}

export interface RequirementChange {
  id: string;
  spec: string;
  file: string;
  priority: string;
  /** null when the requirement is new. */
  before: GroundingState | null;
  after: GroundingState;
}

export interface EvidenceRemoval {
  requirement: string;
  spec: string;
  file: string;
  /** The finding that no longer counts for the requirement. */
  evidence: string;
  /** deleted: the finding is gone; invalid: refuted or superseded; unlinked: no longer linked (directly or via a decision). */
  reason: 'deleted' | 'invalid' | 'unlinked' | 'requirement-removed';
  status?: string;
}

/** The difference between a base revision and the tree as it is: the `comparison` field of `--format json`. */
export interface Comparison {
  base: string;
  summary: { before: CoverageCounts; after: CoverageCounts };
  specs: SpecChange[];
  /** Requirements that are now ungrounded or weak and were better before (or did not exist). */
  regressed: RequirementChange[];
  /** Requirements that are now grounded or waived and were not before. */
  improved: RequirementChange[];
  evidenceRemoved: EvidenceRemoval[];
  /** Diagnostics that the change introduced. */
  newDiagnostics: ReportDiagnostic[];
  /** Diagnostics of the base that the change made go away, with their base file and line. */
  fixedDiagnostics: ReportDiagnostic[];
  /** Files that moved, found through the item each one declares: base path → current path. */
  renamed: Record<string, string>;
  /** Findings whose body, status, date, confidence, sample or personas changed (docs/format.md, "Changed evidence"). */
  changedEvidence: ChangedEvidence[];
}

/** A report with the optional fields that `check` adds: never renamed, only added (README, `grounded check`). */
export interface CheckReport extends JsonReport {
  comparison?: Comparison;
  /** Present when a baseline file hid known problems. */
  baseline?: { file: string; suppressed: number };
}

const RANK: Record<GroundingState, number> = { ungrounded: 0, weak: 1, waived: 2, grounded: 3 };

function counts(summary: JsonReport['summary']): CoverageCounts {
  const { requirements, grounded, weak, ungrounded, waived, coverage } = summary;
  return { requirements, grounded, weak, ungrounded, waived, coverage };
}

function specCounts(spec: JsonReport['specs'][number]): CoverageCounts {
  return coverageOf(spec.requirements.map(r => r.state));
}

/** Compares the base revision with the tree as it is. */
export function compareSnapshots(base: Snapshot, head: Snapshot, baseRef: string): Comparison {
  // Renamed files: the same item ID declared in a different file, and the old file is gone.
  const headFileOf = new Map<string, string>();
  for (const [file, id] of head.fileIds) headFileOf.set(id, file);
  const headFiles = new Set([...head.fileIds.keys(), ...head.report.diagnostics.map(d => d.file)]);
  const renamed: Record<string, string> = {};
  for (const [file, id] of base.fileIds) {
    const now = headFileOf.get(id);
    // defineProperty: a file named `__proto__` is a key like any other.
    if (now !== undefined && now !== file && !headFiles.has(file))
      Object.defineProperty(renamed, file, { value: now, enumerable: true, writable: true, configurable: true });
  }
  const inHead = (file: string) => (Object.hasOwn(renamed, file) ? renamed[file] : file);

  const baseSpecs = new Map(base.report.specs.map(s => [s.id, s]));
  const headSpecs = new Map(head.report.specs.map(s => [s.id, s]));
  const specs: SpecChange[] = [];
  for (const s of head.report.specs) {
    const b = baseSpecs.get(s.id);
    const before = b ? specCounts(b) : null;
    const after = specCounts(s);
    const same = b !== undefined && JSON.stringify(b.requirements) === JSON.stringify(s.requirements);
    specs.push({
      id: s.id,
      title: s.title,
      file: s.file,
      ...(b && b.file !== s.file ? { baseFile: b.file } : {}),
      status: !b ? 'added' : same ? 'unchanged' : 'changed',
      before,
      after,
    });
  }
  for (const b of base.report.specs) {
    if (!headSpecs.has(b.id))
      specs.push({ id: b.id, title: b.title, file: b.file, status: 'removed', before: specCounts(b), after: null });
  }

  const baseReqs = new Map<
    string,
    { spec: string; file: string; req: JsonReport['specs'][number]['requirements'][number] }
  >();
  for (const s of base.report.specs)
    for (const r of s.requirements) if (r.id) baseReqs.set(r.id, { spec: s.id, file: s.file, req: r });
  const regressed: RequirementChange[] = [];
  const improved: RequirementChange[] = [];
  const evidenceRemoved: EvidenceRemoval[] = [];
  const headReqIds = new Set<string>();
  for (const s of head.report.specs) {
    for (const r of s.requirements) {
      if (!r.id) continue;
      headReqIds.add(r.id);
      const b = baseReqs.get(r.id)?.req;
      const change: RequirementChange = {
        id: r.id,
        spec: s.id,
        file: s.file,
        priority: r.priority,
        before: b?.state ?? null,
        after: r.state,
      };
      if ((r.state === 'ungrounded' || r.state === 'weak') && (!b || RANK[b.state] > RANK[r.state]))
        regressed.push(change);
      else if (b && RANK[r.state] > RANK[b.state] && (r.state === 'grounded' || r.state === 'waived'))
        improved.push(change);
      for (const e of b?.evidence ?? []) {
        if (r.evidence.includes(e)) continue;
        const item = head.items.get(e);
        // An existing finding that is not active was refuted or superseded; an active one was unlinked.
        const reason = !item || item.type !== 'finding' ? 'deleted' : item.status !== 'active' ? 'invalid' : 'unlinked';
        evidenceRemoved.push({
          requirement: r.id,
          spec: s.id,
          file: s.file,
          evidence: e,
          reason,
          ...(reason === 'invalid' ? { status: item!.status } : {}),
        });
      }
    }
  }
  for (const [id, { spec, file, req }] of baseReqs) {
    if (headReqIds.has(id)) continue;
    for (const e of req.evidence)
      evidenceRemoved.push({ requirement: id, spec, file, evidence: e, reason: 'requirement-removed' });
  }

  // Diagnostics as multisets of fingerprints, with base files moved to where they are now.
  const baseKeys = new Map<string, ReportDiagnostic[]>();
  for (const d of base.report.diagnostics) {
    const key = fingerprint(d, base.lineText(d.file, d.line), inHead(d.file));
    const list = baseKeys.get(key) ?? [];
    list.push(d);
    baseKeys.set(key, list);
  }
  const newDiagnostics: ReportDiagnostic[] = [];
  for (const d of head.report.diagnostics) {
    const list = baseKeys.get(fingerprint(d, head.lineText(d.file, d.line)));
    if (list && list.length > 0) list.shift();
    else newDiagnostics.push(d);
  }
  const fixedDiagnostics = [...baseKeys.values()]
    .flat()
    .sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line));

  const changedEvidence: ChangedEvidence[] = [];
  for (const [id, now] of head.evidence ?? []) {
    const was = base.evidence?.get(id);
    if (!was) continue;
    const fields = EVIDENCE_FIELDS.filter(f => was.fields[f] !== now.fields[f]);
    if (fields.length > 0)
      changedEvidence.push({ id, file: now.file, fields, citedBy: now.citedBy.length > 0 ? now.citedBy : was.citedBy });
  }
  changedEvidence.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));

  return {
    base: baseRef,
    summary: { before: counts(base.report.summary), after: counts(head.report.summary) },
    specs,
    regressed,
    improved,
    evidenceRemoved,
    newDiagnostics,
    fixedDiagnostics,
    renamed,
    changedEvidence,
  };
}
