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

/** Every rule, in the order of docs/rules.md, with the rules added since next to their kin. */
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

export const RULE_IDS: readonly string[] = RULES.map(r => r.id);

/** package.json's `repository.url`, put in by the build (scripts/build.mjs). */
declare const GROUNDED_REPOSITORY: string | undefined;

/**
 * The web address of a repository given as npm's `repository.url` (`git+https://…/x.git`,
 * `git@github.com:o/x.git`, `github:o/x`), or undefined when it is none of those.
 */
export function repositoryWebUrl(url: string): string | undefined {
  const shorthand = /^(?:github:)?([\w.-]+\/[\w.-]+)$/.exec(url);
  if (shorthand) return `https://github.com/${shorthand[1]!.replace(/\.git$/, '')}`;
  const ssh = /^(?:git\+)?(?:ssh:\/\/)?git@([\w.-]+)[:/](.+?)(?:\.git)?\/?$/.exec(url);
  if (ssh) return `https://${ssh[1]}/${ssh[2]}`;
  const web = /^(?:git\+)?(?:https?|git):\/\/(.+?)(?:\.git)?\/?$/.exec(url);
  return web ? `https://${web[1]}` : undefined;
}

/** The repository's web address (SARIF's `informationUri`), or undefined in a build without one. */
export const REPOSITORY = typeof GROUNDED_REPOSITORY === 'string' ? repositoryWebUrl(GROUNDED_REPOSITORY) : undefined;

/**
 * Where docs/rules.md is read on the web: the repository's default branch (`HEAD`), derived from
 * package.json's `repository`. Without a repository (a build that does not define it) the path
 * stays relative to the repository's root.
 */
export const DOCS_BASE = REPOSITORY ? `${REPOSITORY}/blob/HEAD/docs/rules.md` : 'docs/rules.md';

/** Where a rule is documented; the Problems panel and SARIF link here. */
export function ruleDocsUrl(id: string): string {
  return `${DOCS_BASE}#${id}`;
}
