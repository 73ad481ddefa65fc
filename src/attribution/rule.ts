import type { Evidence, Layer } from '../report/report.js';
import type { AnalysisContext } from './analysis-context.js';

export interface RuleFinding {
  rule: string;
  spanId: string;
  layer: Layer;
  severity: 'error' | 'warning' | 'info';
  /** One line for the findings list. */
  message: string;
  /** One sentence for the root cause, when this finding is chosen. */
  summary: string;
  confidence: number;
  evidence: Evidence[];
  /** False for symptoms and claims: they point upstream and are never the root themselves. */
  causal: boolean;
  /** The normalised bad value, to follow downstream for the blast radius. */
  badValue: string | null;
}

/** One anti-pattern. Rules must hold for traces in any domain: never key on a tool, agent or story. */
export interface Rule {
  id: string;
  evaluate(context: AnalysisContext): RuleFinding[];
}
