export { findTraceReferences } from './find-trace-references.js';
export { maximumReferenceLength, resolveTraceReference } from './resolve-trace-reference.js';
export type { LinkMatch, ResolvedReference } from './resolved-reference.js';
export { isBareTraceId, scanForOperationId, scanForTraceId } from './trace-id-patterns.js';
export { isPrivateHost } from './unsupported-hosts.js';
