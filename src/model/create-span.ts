import type { ConventionContent } from './conventions/convention-content.js';
import { orEmptyList } from './empty-list.js';
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

/** What a reader knows of a span besides what the conventions decode. */
export type SpanFrame = Pick<
  Span,
  | 'id'
  | 'parentId'
  | 'name'
  | 'service'
  | 'startTime'
  | 'endTime'
  | 'kind'
  | 'status'
  | 'sourceIndex'
  | 'events'
  | 'links'
  | 'attributes'
>;

/**
 * A span from a reader's frame and the decoded conventions, built as one object with every field
 * written once: the hot path of a 100,000-span read, where spreading drafts doubled the allocations.
 */
export function spanFromContent(frame: SpanFrame, content: ConventionContent): Span {
  return {
    id: frame.id,
    parentId: frame.parentId,
    orphan: false,
    name: frame.name,
    service: frame.service,
    startTime: frame.startTime,
    endTime: frame.endTime,
    kind: frame.kind,
    status: frame.status,
    httpStatus: content.httpStatus,
    role: content.role,
    sourceIndex: frame.sourceIndex,
    model: content.model,
    finishReason: content.finishReason,
    usage: content.usage,
    inputMessages: orEmptyList(content.inputMessages),
    outputMessages: orEmptyList(content.outputMessages),
    systemInstructions: content.systemInstructions,
    userRequest: content.userRequest,
    tool: content.tool,
    retrieval: content.retrieval,
    plan: content.plan,
    input: content.input,
    output: content.output,
    events: orEmptyList(frame.events),
    exceptions: orEmptyList(content.exceptions),
    links: orEmptyList(frame.links),
    attributes: frame.attributes,
    notCaptured: orEmptyList(content.notCaptured),
  };
}
