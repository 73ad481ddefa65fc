import type { CorpusFormat, Scenario } from './scenario.js';
import {
  badRetrieval,
  codeWroteDriftedArgument,
  driftCases,
  handoffCases,
  handoffDrift,
  healthyLookup,
  healthyLookupCases,
  healthyMultiStep,
  healthyMultiStepCases,
  healthyNotFound,
  healthyNotFoundCases,
  healthyRag,
  healthyRagCases,
  healthyRecovered,
  healthyRecoveredCases,
  infraCases,
  infrastructureFailure,
  instructionCases,
  instructionConflict,
  inventedCases,
  inventedPlaceholder,
  modelCases,
  modelContradicts,
  modelWroteDriftedArgument,
  offTopicCases,
  planCases,
  planGap,
  toolBug,
  toolBugCases,
  truncatedCases,
  truncatedOutput,
  upstreamCases,
  upstreamData,
  wrongEntityCases,
} from './scenarios.js';

/** Every scenario of the labelled corpus. */
export function allScenarios(): Scenario[] {
  return [
    ...driftCases.map(modelWroteDriftedArgument),
    ...driftCases.slice(0, 5).map((item) => codeWroteDriftedArgument({ ...item, name: `${item.name}-code` })),
    ...inventedCases.map(inventedPlaceholder),
    ...infraCases.map(infrastructureFailure),
    ...toolBugCases.map(toolBug),
    ...wrongEntityCases.map((item) => badRetrieval(item, 'retrieval wrong entity')),
    ...offTopicCases.map((item) => badRetrieval(item, 'retrieval off-topic or empty')),
    ...upstreamCases.map(upstreamData),
    ...modelCases.map(modelContradicts),
    ...truncatedCases.map(truncatedOutput),
    ...instructionCases.map(instructionConflict),
    ...planCases.map(planGap),
    ...handoffCases.map(handoffDrift),
    ...healthyLookupCases.map(healthyLookup),
    ...healthyRagCases.map(healthyRag),
    ...healthyRecoveredCases.map(healthyRecovered),
    ...healthyNotFoundCases.map(healthyNotFound),
    ...healthyMultiStepCases.map(healthyMultiStep),
  ];
}

const rotation: readonly CorpusFormat[] = ['otlp-genai', 'jaeger', 'langfuse', 'otlp-openinference', 'zipkin', 'text'];

/** The format each scenario is written in: a rotation, skipping formats that cannot carry the story. */
export function formatFor(scenario: Scenario, index: number): CorpusFormat {
  for (let offset = 0; offset < rotation.length; offset += 1) {
    const format = rotation[(index + offset) % rotation.length] as CorpusFormat;
    // A span list has no place for system instructions or for a hand-off's nesting.
    if (format === 'text' && (scenario.spans.some((span) => span.instructions) || scenario.mode.includes('handoff')))
      continue;
    return format;
  }
  return 'otlp-genai';
}
