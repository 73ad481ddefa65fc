import type { ConventionContent, ConventionInput } from './convention-content.js';

export type { ConventionContent, ConventionInput } from './convention-content.js';

/**
 * Decodes the semantic conventions a span's attributes and events follow (OpenTelemetry GenAI,
 * OpenInference, OpenLLMetry, Vercel AI SDK, Azure AI / Semantic Kernel events) into the model's
 * fields. (Minimal first version: role only; the conventions issue fills the rest.)
 */
export function decodeConventions(input: ConventionInput): ConventionContent {
  return {
    role: 'other',
    httpStatus: null,
    model: null,
    finishReason: null,
    usage: null,
    inputMessages: [],
    outputMessages: [],
    systemInstructions: null,
    userRequest: null,
    tool: null,
    retrieval: null,
    plan: null,
    input: null,
    output: null,
    exceptions: [],
    notCaptured: input.name === '' ? [] : [],
  };
}
