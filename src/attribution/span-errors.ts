import type { JsonValue } from '../model/json-value.js';
import type { Span } from '../model/span.js';
import type { AnalysisContext } from './analysis-context.js';

export type ErrorClass = 'infrastructure' | 'arguments' | 'not-found' | 'tool' | 'model';

export interface SpanError {
  message: string;
  httpStatus: number | null;
  errorClass: ErrorClass;
  /** True when the error sat in a 200 response body rather than in the span's status. */
  inBody: boolean;
  /** The service broke (a 5xx, a stack trace), as opposed to refusing what it was given. */
  internalFault: boolean;
}

const infrastructureStatus = new Set([401, 403, 407, 408, 429, 502, 503, 504]);
const argumentStatus = new Set([400, 405, 409, 410, 412, 413, 415, 416, 422]);
const infrastructurePattern =
  /rate.?limit|too ?many ?requests|throttl|\bquota\b|insufficient.?(credit|balance)|billing.?(hard.?)?limit|time[ds]?.?out|deadline.?exceeded|econnrefused|econnreset|enotfound|eai_again|etimedout|\bdns\b|name resolution|name or service not known|getaddrinfo|(could not|couldn't|cannot|failed to) resolve|no route to host|host (is )?unreachable|connection (refused|reset|closed|error)|socket hang up|network (error|unreachable)|unauthori[sz]ed|forbidden|permission denied|access denied|(token|credential|key)s? (expired|revoked|invalid)|expired (token|credential)|invalid (api.?key|token|credential)|authenticat|service ?unavailable|bad gateway|gateway time|overloaded|\bcapacity\b|\btls\b|(ssl|tls|x\.?509|server|client|self.signed|peer)('s)? certificate|certificate (verify|verification|has expired|expired|not trusted|chain|error|invalid|revoked)|unknown ?host|handshake|pkix|upstream connect/i;
const argumentPattern =
  /invalid (argument|parameter|input|value|format|request)|validation|must be|is required|required (field|parameter)|missing (field|parameter|argument)|malformed|unprocessable|bad request|schema|out of range|not (a valid|allowed)|unknown (field|parameter|argument)|cannot parse|parse error|expected .* (got|but)/i;
const notFoundPattern =
  /not.?found|no such|does not exist|doesn't exist|unknown (order|ticket|user|customer|account|record|id)|no (record|match|result)s?\b/i;
/** A service that broke while handling a sensible request: its own fault, whatever words like "does not exist" follow. */
const internalFaultPattern =
  /(missing|unexpected|invalid|malformed)( required)?( (field|key|property))? .{0,40}\b(in|from) .{0,30}response|response (is |was )?(missing|malformed|invalid|unexpected)|(failed to|could not|cannot|unable to) (parse|decode|deseriali[sz]e) (the )?(response|reply|payload)|parse ?error|deseriali[sz]|unmarshal|internal (server )?error|unhandled|traceback|stack ?trace|panic|segmentation fault|null ?(pointer|reference)|cannot read propert|is not a function|runtime error|index out of (range|bounds)|array index|syntax error|relation "?[\w.]+"? does not exist|no such table|database error|deadlock/i;
/** Exception names that say network, timeout, auth, limits or availability: not a fault in the service's code. */
const infrastructureExceptionName =
  /unavailable|unauthori[sz]|forbidden|denied|toomany|throttl|ratelimit|limit|timeout|timedout|connect|network|socket|dns|unknownhost|ssl|tls|handshake|certificate|auth|permission|quota|overload|gateway|capacity|credential|token|expired/i;
const codeFaultSigns = /traceback|null ?(pointer|reference)|cannot read propert|is not a function|segmentation fault/i;

/** An exception class of the service's own code (`NullReferenceException`, `TypeError`), or a stack trace. */
function isCodeFault(text: string): boolean {
  if (codeFaultSigns.test(text)) return true;
  for (const match of text.matchAll(/\b[A-Z]\w*(?:Exception|Error)\b/g))
    if (!infrastructureExceptionName.test(match[0])) return true;
  return false;
}
const modelPattern = /content.?(filter|policy)|safety|refus/i;

const statusKey = /(^|_)(status|state|outcome)$/i;
const failedOutcome = /^(error|failed|failure|bounced|undeliverable|rejected|declined|denied)$/i;
const explanationKey = /(^|_)(message|reason|detail|details|response|description)$/i;

const partialFailureKeys = ['bounced', 'failed', 'rejected', 'undeliverable', 'failures'] as const;
/** A count of checks that passed: the result is a verdict (`passed: 11, failed: 3`), not a failed call. */
const verdictCountKey = /^(?:passed|passes|passing|tests_?passed|pass_?count|num_?passed)$/i;

/** Tools that read a record: its `outcome: declined` reports what happened to the record, not to the call. */
const readingTool =
  /^(get|fetch|lookup|look_up|list|search|find|read|query|check|retrieve|show|view|describe)([_\-.]|[A-Z]|$)/;

/** An identifying argument (`pipeline_id: 7730`) the result repeats: the result is the record asked for. */
function echoesRecordAsked(args: JsonValue | null | undefined, result: JsonValue | null): boolean {
  if (args === null || args === undefined || typeof args !== 'object' || Array.isArray(args)) return false;
  if (result === null || typeof result !== 'object' || Array.isArray(result)) return false;
  return Object.keys(args).some((key) => {
    const asked = args[key];
    return (
      (typeof asked === 'string' || typeof asked === 'number') &&
      (/(^|_)(id|number|no|ref|reference|key|code)$/i.test(key) ||
        (typeof asked === 'string' && asked.length >= 4 && /\d/.test(asked))) &&
      result[key] === asked
    );
  });
}

/** Whether a call reads a record, and the result repeats the record's identifying argument: the record asked for. */
function readsRecordAsked(tool: Span['tool'], result: JsonValue): boolean {
  return isReadingTool(tool) && echoesRecordAsked(tool?.arguments, result);
}

function isReadingTool(tool: Span['tool']): boolean {
  return tool !== null && readingTool.test(tool.name);
}

/**
 * The error a result body states, or null. `tool` is the call that returned it; whether it read a record
 * is asked only where a body states a failure, since most state none and this is asked of every span.
 */
function bodyError(result: JsonValue | null, tool: Span['tool']): string | null {
  if (result === null || typeof result !== 'object' || Array.isArray(result)) return null;
  const error = result.error ?? result.errors ?? result.error_message ?? result.errorMessage ?? null;
  // `errors: 0` counts none.
  if (
    error !== null &&
    error !== false &&
    error !== '' &&
    error !== 0 &&
    !(Array.isArray(error) && error.length === 0)
  ) {
    if (typeof error === 'string') return error;
    if (typeof error === 'object' && !Array.isArray(error)) {
      const message = error.message ?? error.msg ?? error.code ?? null;
      return typeof message === 'string' ? message : JSON.stringify(error);
    }
    return JSON.stringify(error);
  }
  // A partial failure: some recipients or items bounced or were rejected while the rest went through.
  // A run that also counts what passed (a test suite, a validator) reports its verdict: the failures are
  // its findings, and the call itself worked.
  // A lookup of a record that has its own state (`snapshot: nightly-2025.03.02`, `state: PARTIAL`) reads the
  // record's failures as its content: the call that described them worked.
  // The verdict is read only for a result that lists failures: most list none.
  for (const key of partialFailureKeys) {
    const list = result[key];
    if (!Array.isArray(list) || list.length === 0) continue;
    const reportsVerdict =
      (readsRecordAsked(tool, result) && Object.keys(result).some((other) => statusKey.test(other))) ||
      Object.keys(result).some((other) => verdictCountKey.test(other));
    if (reportsVerdict) break;
    const explanation = Object.entries(result).find(
      ([other, value]) => typeof value === 'string' && value.length > 0 && explanationKey.test(other),
    );
    return explanation ? (explanation[1] as string) : `${key}: ${JSON.stringify(list)}`;
  }
  if (result.ok === false || result.success === false) {
    const message = result.message ?? result.reason ?? result.detail ?? null;
    return typeof message === 'string' ? message : 'the result says ok: false';
  }
  // Outcomes that mean the action did not happen: a bounced email, a declined payment, a rejected submission,
  // under `status` or a qualified name (`delivery_status`, `payment_state`).
  // Keys rather than entries: no pair array per property, on a result of every tool span.
  for (const key of Object.keys(result)) {
    const status = result[key];
    // The type first: most values are not strings, and the pattern need not run for them.
    if (typeof status !== 'string' || !statusKey.test(key) || !failedOutcome.test(status)) continue;
    // A lookup that found a declined dispute or a rejected claim worked: the record's outcome is its content.
    if (isReadingTool(tool) && status.toLowerCase() !== 'error' && status.toLowerCase() !== 'failed') continue;
    // …and so did a lookup of a failed pipeline or job: the record it was asked for says `status: failed`.
    if (status.toLowerCase() === 'failed' && readsRecordAsked(tool, result)) continue;
    const explanation = Object.entries(result).find(
      ([other, value]) => typeof value === 'string' && value.length > 0 && explanationKey.test(other),
    );
    return explanation ? (explanation[1] as string) : `the result says ${key}: ${status}`;
  }
  return null;
}

/** Codes HTTP servers and gateways send; other three-digit codes (SMTP's 550, FTP's 530) are not HTTP. */
function isHttpErrorStatus(code: number): boolean {
  return (
    (code >= 400 && code <= 431) ||
    code === 451 ||
    code === 499 ||
    (code >= 500 && code <= 511) ||
    (code >= 520 && code <= 529) ||
    code === 598 ||
    code === 599
  );
}

function statusFromMessage(message: string): number | null {
  const pattern = /\b(?:http|status(?:[ _]code)?|code)?[ :=]*\b([45]\d\d)\b(?!\s*(ms|s|kb|mb|%))/gi;
  for (const match of message.matchAll(pattern)) {
    const code = Number(match[1]);
    if (isHttpErrorStatus(code)) return code;
  }
  return null;
}

/** The error a span records (status, HTTP status, exception, an error in a 200 body, a model error finish), or null. */
export function describeSpanError(span: Span): SpanError | null {
  const result = span.tool?.result ?? (span.role === 'tool' ? null : span.output);
  const bodyMessage = bodyError(result, span.tool);
  const inBodyMessage = span.status.code === 'error' ? null : bodyMessage;
  const failed =
    span.status.code === 'error' ||
    (span.httpStatus !== null && span.httpStatus >= 400) ||
    inBodyMessage !== null ||
    (span.role === 'llm' && span.finishReason === 'error');
  if (!failed) return null;
  // A status message that only repeats the code ("400", "Error") says less than the body's own words.
  const statusMessage =
    span.status.message !== null && !/^\s*(http\s*)?(\d{3}|error|failed)\s*$/i.test(span.status.message)
      ? span.status.message
      : null;
  const message =
    statusMessage ??
    span.exceptions.find((exception) => exception.message)?.message ??
    bodyMessage ??
    span.status.message ??
    (span.httpStatus !== null ? `HTTP ${span.httpStatus}` : 'failed');
  const httpStatus = span.httpStatus !== null && span.httpStatus >= 400 ? span.httpStatus : statusFromMessage(message);
  const errorType = typeof span.attributes['error.type'] === 'string' ? (span.attributes['error.type'] as string) : '';
  const text = `${message} ${errorType}`;
  let errorClass: ErrorClass;
  if (httpStatus !== null && infrastructureStatus.has(httpStatus)) errorClass = 'infrastructure';
  // A named exception in the service's own code outranks infrastructure words its message happens to hold
  // (`NullReferenceException at SlotAllocator.ResolveCapacityRule`).
  else if (span.role !== 'llm' && isCodeFault(text)) errorClass = 'tool';
  else if (infrastructurePattern.test(text)) errorClass = 'infrastructure';
  else if (span.role !== 'llm' && ((httpStatus !== null && httpStatus >= 500) || internalFaultPattern.test(text)))
    errorClass = 'tool';
  else if (httpStatus === 404 || notFoundPattern.test(text)) errorClass = 'not-found';
  else if ((httpStatus !== null && argumentStatus.has(httpStatus)) || argumentPattern.test(text))
    errorClass = 'arguments';
  else if (span.role === 'llm' && modelPattern.test(text)) errorClass = 'model';
  else if (span.role === 'llm' && (httpStatus === null || httpStatus >= 500)) errorClass = 'infrastructure';
  else errorClass = 'tool';
  const internalFault = (httpStatus !== null && httpStatus >= 500) || internalFaultPattern.test(text);
  return { message, httpStatus, errorClass, inBody: inBodyMessage !== null, internalFault };
}

function operationKey(span: Span): string {
  return (span.tool?.name ?? span.name).toLowerCase();
}

/** Arguments that name whom or what a call is about (`customer_id`, `client`, `booking_ref`). */
const subjectKey =
  /(^|_)(id|ref|reference|customer|account|client|owner|order|invoice|booking|member|tenant|patient|pupil|student|sku|code|name)$/i;

/** The value of each subject argument of a call, by field. */
function subjectsOf(span: Span): Map<string, string> {
  const subjects = new Map<string, string>();
  const args = span.tool?.arguments;
  if (!args || typeof args !== 'object' || Array.isArray(args)) return subjects;
  for (const [field, value] of Object.entries(args))
    if (subjectKey.test(field) && (typeof value === 'string' || typeof value === 'number'))
      subjects.set(field, String(value));
  return subjects;
}

/**
 * Whether a later call is about the same thing. In a batch (one operation run for three or more customers,
 * orders, horses), a call for another of them is the next piece of work, not a retry; outside one, a call
 * with a corrected ID is the same request tried again.
 */
function sameSubject(asked: ReadonlyMap<string, string>, candidate: Span, batchFields: ReadonlySet<string>): boolean {
  const later = subjectsOf(candidate);
  for (const [field, value] of asked) {
    const other = later.get(field);
    if (other !== undefined && other !== value && batchFields.has(field)) return false;
  }
  return true;
}

/** The subject fields of an operation that take three or more values across its calls: it ran as a batch. */
function batchFieldsOf(calls: readonly Span[]): Set<string> {
  const values = new Map<string, Set<string>>();
  for (const call of calls)
    for (const [field, value] of subjectsOf(call)) {
      const seen = values.get(field) ?? new Set<string>();
      seen.add(value);
      values.set(field, seen);
    }
  return new Set([...values].filter(([, seen]) => seen.size >= 3).map(([field]) => field));
}

/** A later attempt at the same operation succeeded (a retry, or a fallback under the same name). */
export function isRecovered(span: Span, context: AnalysisContext): boolean {
  const position = context.position.get(span.id) ?? 0;
  const key = operationKey(span);
  const asked = subjectsOf(span);
  let batchFields: Set<string> | null = null;
  for (const candidate of context.spans) {
    if (candidate.id === span.id || operationKey(candidate) !== key) continue;
    batchFields ??= batchFieldsOf(context.spans.filter((other) => other.tool !== null && operationKey(other) === key));
    if (!sameSubject(asked, candidate, batchFields)) continue;
    const later =
      span.startTime !== null && candidate.startTime !== null
        ? candidate.startTime > span.startTime
        : (context.position.get(candidate.id) ?? 0) > position;
    if (later && describeSpanError(candidate) === null) return true;
  }
  // A request inside a call that failed with it (`GET` under `fetch_tle`): retrying the call retried the request.
  const parent = span.parentId === null ? undefined : context.byId.get(span.parentId);
  return (
    parent !== undefined &&
    parent.role === 'tool' &&
    span.role !== 'tool' &&
    describeSpanError(parent) !== null &&
    isRecovered(parent, context)
  );
}

/** The model span whose output holds the tool call this tool span executed, when recorded. */
export function writerOfToolCall(span: Span, context: AnalysisContext): Span | null {
  if (!span.tool) return null;
  const position = context.position.get(span.id) ?? 0;
  let best: Span | null = null;
  for (const candidate of context.spans) {
    if (candidate.role !== 'llm' || (context.position.get(candidate.id) ?? 0) > position) continue;
    for (const message of candidate.outputMessages) {
      for (const call of message.toolCalls) {
        const sameId = span.tool.callId !== null && call.id === span.tool.callId;
        const sameCall =
          call.name === span.tool.name && JSON.stringify(call.arguments) === JSON.stringify(span.tool.arguments);
        if (sameId || sameCall || (call.name === span.tool.name && !best)) best = candidate;
      }
    }
  }
  return best;
}

/** True when a descendant of this span failed too: the descendant is where the error started. */
export function hasFailingDescendant(span: Span, context: AnalysisContext): boolean {
  const stack = [...(context.children.get(span.id) ?? [])];
  while (stack.length > 0) {
    const child = stack.pop() as Span;
    if (describeSpanError(child) !== null && !isRecovered(child, context)) return true;
    stack.push(...(context.children.get(child.id) ?? []));
  }
  return false;
}
