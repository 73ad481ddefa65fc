import type { AnalysisContext } from './analysis-context.js';
import type { Rule, RuleFinding } from './rule.js';
import { alteredRangeRule } from './rules/altered-range.js';
import { alteredSourceTextRule } from './rules/altered-source-text.js';
import { conditionalOrderRule } from './rules/conditional-order.js';
import { contradictedArgumentRule } from './rules/contradicted-argument.js';
import { contradictedFigureRule } from './rules/contradicted-figure.js';
import { contradictedStatusRule } from './rules/contradicted-status.js';
import { crossedRecordRule } from './rules/crossed-record.js';
import { degradedResultRule } from './rules/degraded-result.js';
import { droppedConstraintRule } from './rules/dropped-constraint.js';
import { droppedDocumentRule } from './rules/dropped-document.js';
import { forbiddenActionRule } from './rules/forbidden-action.js';
import { forbiddenTargetRule } from './rules/forbidden-target.js';
import { hollowSuccessRule } from './rules/hollow-success.js';
import { ignoredArgumentRule } from './rules/ignored-argument.js';
import { ignoredFilterRule } from './rules/ignored-filter.js';
import { instructionConflictRule } from './rules/instruction-conflict.js';
import { inventedValueRule } from './rules/invented-value.js';
import { measureAsPackCountRule } from './rules/measure-as-pack-count.js';
import { misaddedRecordListRule } from './rules/misadded-record-list.js';
import { misattributedValueRule } from './rules/misattributed-value.js';
import { miscomputedArithmeticRule } from './rules/miscomputed-arithmetic.js';
import { miscomputedDurationRule } from './rules/miscomputed-duration.js';
import { miscomputedRemainderRule } from './rules/miscomputed-remainder.js';
import { miscomputedTotalRule } from './rules/miscomputed-total.js';
import { miscountedExtensionRule } from './rules/miscounted-extension.js';
import { miscountedStayRule } from './rules/miscounted-stay.js';
import { mismatchedScopeRule } from './rules/mismatched-scope.js';
import { misreadFieldRule } from './rules/misread-field.js';
import { misreportedBookingRule } from './rules/misreported-booking.js';
import { missedOverlapRule } from './rules/missed-overlap.js';
import { misstatedTimeZoneRule } from './rules/misstated-time-zone.js';
import { modelOutputRule } from './rules/model-output.js';
import { needlessConversionRule } from './rules/needless-conversion.js';
import { overlookedLimitRule } from './rules/overlooked-limit.js';
import { overstatedAllRule } from './rules/overstated-all.js';
import { periodMismatchRule } from './rules/period-mismatch.js';
import { planGapRule } from './rules/plan-gap.js';
import { planOrderRule } from './rules/plan-order.js';
import { replacedRequestValueRule } from './rules/replaced-request-value.js';
import { retrievalQualityRule } from './rules/retrieval-quality.js';
import { slippedClockTimeRule } from './rules/slipped-clock-time.js';
import { spanErrorRule } from './rules/span-error.js';
import { staleContextRule } from './rules/stale-context.js';
import { substitutedNameRule } from './rules/substituted-name.js';
import { swappedDirectionRule } from './rules/swapped-direction.js';
import { swappedFigureRule } from './rules/swapped-figure.js';
import { totalAsCountRule } from './rules/total-as-count.js';
import { uncheckedConditionRule } from './rules/unchecked-condition.js';
import { unconvertedQuantityRule } from './rules/unconverted-quantity.js';
import { unsupportedClaimRule } from './rules/unsupported-claim.js';
import { upstreamDataRule } from './rules/upstream-data.js';
import { valueDriftRule } from './rules/value-drift.js';
import { waivedCheckRule } from './rules/waived-check.js';
import { wrongClockOffsetRule } from './rules/wrong-clock-offset.js';
import { wrongConversionFactorRule } from './rules/wrong-conversion-factor.js';
import { wrongRecordChoiceRule } from './rules/wrong-record-choice.js';
import { wrongWeekdayRule } from './rules/wrong-weekday.js';
import { wrongYearRule } from './rules/wrong-year.js';

/** Every rule the engine runs, in reading order (goal and plan, tools, retrieval, model, answer). */
export const defaultRules: readonly Rule[] = [
  instructionConflictRule,
  waivedCheckRule,
  wrongConversionFactorRule,
  misstatedTimeZoneRule,
  planGapRule,
  planOrderRule,
  conditionalOrderRule,
  uncheckedConditionRule,
  forbiddenActionRule,
  forbiddenTargetRule,
  valueDriftRule,
  unconvertedQuantityRule,
  measureAsPackCountRule,
  needlessConversionRule,
  slippedClockTimeRule,
  wrongClockOffsetRule,
  miscountedExtensionRule,
  miscountedStayRule,
  wrongYearRule,
  wrongWeekdayRule,
  contradictedArgumentRule,
  swappedDirectionRule,
  substitutedNameRule,
  inventedValueRule,
  droppedConstraintRule,
  wrongRecordChoiceRule,
  periodMismatchRule,
  spanErrorRule,
  ignoredArgumentRule,
  miscomputedDurationRule,
  miscomputedTotalRule,
  miscomputedArithmeticRule,
  misaddedRecordListRule,
  misreportedBookingRule,
  miscomputedRemainderRule,
  misattributedValueRule,
  overlookedLimitRule,
  missedOverlapRule,
  hollowSuccessRule,
  degradedResultRule,
  upstreamDataRule,
  retrievalQualityRule,
  mismatchedScopeRule,
  staleContextRule,
  droppedDocumentRule,
  modelOutputRule,
  alteredSourceTextRule,
  alteredRangeRule,
  contradictedFigureRule,
  misreadFieldRule,
  swappedFigureRule,
  contradictedStatusRule,
  crossedRecordRule,
  overstatedAllRule,
  totalAsCountRule,
  ignoredFilterRule,
  replacedRequestValueRule,
  unsupportedClaimRule,
];

/** Below this, a causal finding is a candidate, not a root: the report says `suspicious`. */
export const rootConfidenceThreshold = 0.5;

export interface RootChoice {
  root: RuleFinding | null;
  /** Other findings that could have been the root, most likely first. */
  candidates: RuleFinding[];
}

const severityRank = { error: 0, warning: 1, info: 2 } as const;

interface PlacedFinding {
  finding: RuleFinding;
  position: number;
  severity: number;
  confidence: number;
}

/**
 * Each finding with its span's causal position, severity rank and confidence, looked up once rather
 * than at every comparison of a sort (a large trace has tens of thousands of findings).
 */
function placed(findings: readonly RuleFinding[], context: AnalysisContext): PlacedFinding[] {
  return findings.map((finding) => ({
    finding,
    position: context.position.get(finding.spanId) ?? 0,
    severity: severityRank[finding.severity],
    confidence: finding.confidence,
  }));
}

export function runRules(context: AnalysisContext, rules: readonly Rule[] = defaultRules): RuleFinding[] {
  // Appended in a loop: flatMap copies element by element through a generic path, slow for the tens
  // of thousands of findings a large trace can have.
  const findings: RuleFinding[] = [];
  for (const rule of rules) for (const finding of rule.evaluate(context)) findings.push(finding);
  return placed(findings, context)
    .sort(
      (left, right) =>
        left.position - right.position || left.severity - right.severity || right.confidence - left.confidence,
    )
    .map((entry) => entry.finding);
}

/**
 * The root is the earliest decisive finding in causal order: the bad value entered there, and every
 * later finding is downstream of it. Without a decisive finding the run is only suspicious.
 */
export function chooseRoot(findings: readonly RuleFinding[], context: AnalysisContext): RootChoice {
  const causal = findings.filter((finding) => finding.causal && finding.severity !== 'info');
  const decisive = causal.filter(
    (finding) => finding.severity === 'error' && finding.confidence >= rootConfidenceThreshold,
  );
  const root = decisive[0] ?? null;
  const candidates = placed(
    causal.filter((finding) => finding !== root),
    context,
  )
    .sort((left, right) => right.confidence - left.confidence || left.position - right.position)
    .slice(0, 5)
    .map((entry) => entry.finding);
  return { root, candidates };
}
