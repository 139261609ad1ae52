import type { Item, Requirement } from './model';
import type { WorkspaceIndex } from './workspaceIndex';

export type GroundingState = 'grounded' | 'weak' | 'waived' | 'ungrounded';

export interface Grounding {
  state: GroundingState;
  /** Valid findings, each once: direct evidence first, then what accepted decisions bring. */
  evidence: string[];
  /** Accepted decisions that brought at least one valid finding. */
  via: string[];
  /** The minimum for the requirement's priority. */
  required: number;
  /** True when a waiver exists but its `waiver_until` date has passed. */
  waiverExpired: boolean;
}

/** True for a finding that counts as evidence: it exists and is active. */
export function isValidEvidence(finding: Item | undefined): boolean {
  return finding !== undefined && finding.type === 'finding' && finding.status === 'active';
}

/** The valid evidence of an accepted decision (empty for any other status). */
export function decisionEvidence(index: WorkspaceIndex, decision: Item): string[] {
  if (decision.status !== 'accepted') return [];
  const out: string[] = [];
  for (const link of decision.evidence) {
    if (isValidEvidence(index.item(link.id)?.item) && !out.includes(link.id)) out.push(link.id);
  }
  return out;
}

/** Grounding of one requirement, exactly as docs/format.md ("Grounding and coverage") defines it. */
export function groundRequirement(index: WorkspaceIndex, requirement: Requirement): Grounding {
  const evidence: string[] = [];
  const via: string[] = [];
  for (const link of requirement.evidence) {
    if (isValidEvidence(index.item(link.id)?.item) && !evidence.includes(link.id)) evidence.push(link.id);
  }
  for (const link of requirement.decisions) {
    const decision = index.item(link.id)?.item;
    if (decision?.type !== 'decision') continue;
    let brought = false;
    for (const id of decisionEvidence(index, decision)) {
      if (!evidence.includes(id)) {
        evidence.push(id);
        brought = true;
      }
    }
    if (brought && !via.includes(link.id)) via.push(link.id);
  }
  const required = index.config.minEvidence[requirement.priority];
  const waiverExpired = !!requirement.waiver && !!requirement.waiverUntil && requirement.waiverUntil < index.today;
  let state: GroundingState;
  if (evidence.length >= required) state = 'grounded';
  else if (requirement.waiver && requirement.waiver.trim() !== '' && !waiverExpired) state = 'waived';
  else if (evidence.length > 0) state = 'weak';
  else state = 'ungrounded';
  return { state, evidence, via, required, waiverExpired };
}

export interface SpecCoverage {
  requirements: number;
  grounded: number;
  weak: number;
  waived: number;
  ungrounded: number;
  /** grounded ÷ (requirements − waived), or null when that is 0. */
  coverage: number | null;
}

/*
 * The coverage arithmetic, in one place for the report, the views, the hover and every CLI format
 * (docs/format.md, "Grounding and coverage"): a waived requirement counts toward neither side.
 */

export function emptyCoverage(): SpecCoverage {
  return { requirements: 0, grounded: 0, weak: 0, waived: 0, ungrounded: 0, coverage: null };
}

/** The requirements that coverage is measured over: all but the waived ones. */
export function countedRequirements(c: Pick<SpecCoverage, 'requirements' | 'waived'>): number {
  return c.requirements - c.waived;
}

/** Adds one requirement's state to a running total. */
export function addCoverage(total: SpecCoverage, state: GroundingState): void {
  total.requirements++;
  total[state]++;
  const denominator = countedRequirements(total);
  total.coverage = denominator > 0 ? total.grounded / denominator : null;
}

/** The coverage of a list of requirement states. */
export function coverageOf(states: Iterable<GroundingState>): SpecCoverage {
  const c = emptyCoverage();
  for (const state of states) addCoverage(c, state);
  return c;
}

/** "4/6": grounded requirements of those counted. */
export function groundedOfCounted(c: SpecCoverage): string {
  return `${c.grounded}/${countedRequirements(c)}`;
}

export function specCoverage(index: WorkspaceIndex, spec: Item): SpecCoverage {
  return coverageOf(spec.requirements.map(r => index.grounding(r).state));
}
