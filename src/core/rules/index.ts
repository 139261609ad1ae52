import type { Rule } from './rule';
import { rule as yamlSyntax } from './yaml-syntax';
import { rule as missingId } from './missing-id';
import { rule as duplicateId } from './duplicate-id';
import { rule as invalidField } from './invalid-field';
import { rule as missingField } from './missing-field';
import { rule as unknownField } from './unknown-field';
import { rule as brokenLink } from './broken-link';
import { rule as wrongLinkType } from './wrong-link-type';
import { rule as ungroundedRequirement } from './ungrounded-requirement';
import { rule as weakRequirement } from './weak-requirement';
import { rule as refutedEvidence } from './refuted-evidence';
import { rule as supersededEvidence } from './superseded-evidence';
import { rule as staleEvidence } from './stale-evidence';
import { rule as personaMismatch } from './persona-mismatch';
import { rule as ungroundedDecision } from './ungrounded-decision';
import { rule as supersededDecision } from './superseded-decision';
import { rule as unknownReference } from './unknown-reference';
import { rule as unusedFinding } from './unused-finding';
import { rule as unreadableFile } from './unreadable-file';
import { rule as expiredWaiver } from './expired-waiver';
import { rule as unansweredInput } from './unanswered-input';
import { rule as declinedWithoutReason } from './declined-without-reason';
import { rule as plannedInputNotActioned } from './planned-input-not-actioned';
import { rule as missingMetric } from './missing-metric';
import { rule as unmeasuredOutcome } from './unmeasured-outcome';
import { rule as missedTarget } from './missed-target';

export type { Rule, RuleContext } from './rule';

/** Every rule, in the order of DESIGN §3, with the rules added since next to their kin. */
export const RULES: readonly Rule[] = [
  yamlSyntax,
  missingId,
  duplicateId,
  invalidField,
  missingField,
  unknownField,
  brokenLink,
  wrongLinkType,
  ungroundedRequirement,
  weakRequirement,
  expiredWaiver,
  refutedEvidence,
  supersededEvidence,
  staleEvidence,
  personaMismatch,
  ungroundedDecision,
  supersededDecision,
  unknownReference,
  unusedFinding,
  unansweredInput,
  declinedWithoutReason,
  plannedInputNotActioned,
  missingMetric,
  unmeasuredOutcome,
  missedTarget,
  unreadableFile,
];

export const RULE_IDS: readonly string[] = RULES.map((r) => r.id);

export const DOCS_BASE = 'https://github.com/grounded-specs/grounded/blob/main/docs/rules.md';

/** Where a rule is documented; the Problems panel and SARIF link here. */
export function ruleDocsUrl(id: string): string {
  return `${DOCS_BASE}#${id}`;
}
