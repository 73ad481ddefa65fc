import type { Span } from './span.js';

export type SpanDraft = Partial<Span> & Pick<Span, 'id' | 'name'>;

/** A span with every field present: readers and tests fill only what they know. */
export function createSpan(draft: SpanDraft): Span {
  return {
    parentId: null,
    orphan: false,
    service: null,
    startTime: null,
    endTime: null,
    kind: 'unspecified',
    status: { code: 'unset', message: null },
    httpStatus: null,
    role: 'other',
    sourceIndex: 0,
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
    events: [],
    exceptions: [],
    links: [],
    attributes: {},
    notCaptured: [],
    ...draft,
  };
}
