import type { Trace } from '../model/trace.js';
import type { Report } from '../report/report.js';
import { createAnalysisContext } from './analysis-context.js';
import { buildReport } from './build-report.js';
import { chooseRoot, defaultRules, runRules } from './engine.js';
import type { Rule } from './rule.js';

export { type AnalysisContext, createAnalysisContext } from './analysis-context.js';
export { chooseRoot, defaultRules, rootConfidenceThreshold, runRules } from './engine.js';
export type { Rule, RuleFinding } from './rule.js';

export interface AttributionOptions {
  /** Replace the rule set (tests, experiments). */
  rules?: readonly Rule[];
}

/**
 * Reads a trace the way a senior engineer would and names the span where the bad value first
 * entered the chain, its layer and the evidence. Deterministic; no model calls.
 */
export function attributeRootCause(trace: Trace, options: AttributionOptions = {}): Report {
  const context = createAnalysisContext(trace);
  const findings = runRules(context, options.rules ?? defaultRules);
  return buildReport(context, findings, chooseRoot(findings, context));
}
