import { InputError } from '../errors/index.js';
import { decodeConventions } from '../model/conventions/index.js';
import { createSpan } from '../model/create-span.js';
import type { JsonValue } from '../model/json-value.js';
import type { Span, SpanEvent, SpanException } from '../model/span.js';
import { isObject, optionalNumber, optionalString, parseMaybeJson, toJsonValue } from './field-reading.js';
import type { ParsedInput, RawTrace, ReadContext, TraceReader } from './trace-reader.js';

type Row = Record<string, unknown>;
type RowTable = 'request' | 'dependency' | 'trace' | 'exception' | 'other';

/** Classic (`requests`) and workspace (`AppRequests`) names, and `itemType` values, for the four tables. */
const tableNames: Record<string, RowTable> = {
  requests: 'request',
  request: 'request',
  apprequests: 'request',
  dependencies: 'dependency',
  dependency: 'dependency',
  appdependencies: 'dependency',
  traces: 'trace',
  trace: 'trace',
  apptraces: 'trace',
  exceptions: 'exception',
  exception: 'exception',
  appexceptions: 'exception',
};

interface QueryTable {
  name: string;
  columns: string[];
  rows: unknown[][];
}

function queryTables(value: unknown): QueryTable[] | null {
  if (!isObject(value) || !Array.isArray(value.tables) || value.tables.length === 0) return null;
  const tables: QueryTable[] = [];
  for (const table of value.tables) {
    if (!isObject(table) || !Array.isArray(table.columns) || !Array.isArray(table.rows)) return null;
    const columns = table.columns.map((column) => (isObject(column) ? optionalString(column.name) : null) ?? '');
    tables.push({ name: optionalString(table.name) ?? '', columns, rows: table.rows as unknown[][] });
  }
  const hasTraceColumns = tables.some(
    (table) =>
      (table.columns.includes('operation_Id') || table.columns.includes('OperationId')) &&
      (table.columns.includes('id') ||
        table.columns.includes('Id') ||
        table.columns.includes('operation_ParentId') ||
        table.columns.includes('ParentId')),
  );
  return hasTraceColumns ? tables : null;
}

function field(row: Row, ...names: string[]): unknown {
  for (const name of names) if (row[name] !== undefined && row[name] !== null && row[name] !== '') return row[name];
  return undefined;
}

/** `customDimensions` / `Properties` are `dynamic`: an object, or the same as a JSON string. */
function dimensions(row: Row): Record<string, JsonValue> {
  const raw = field(row, 'customDimensions', 'Properties');
  const parsed = typeof raw === 'string' ? parseMaybeJson(raw) : toJsonValue(raw ?? null);
  return isObject(parsed) ? (parsed as Record<string, JsonValue>) : {};
}

function tableOf(row: Row, table: QueryTable): RowTable {
  const stated = optionalString(field(row, 'tbl', 'Type', 'itemType', '$table'));
  if (stated && tableNames[stated.toLowerCase()]) return tableNames[stated.toLowerCase()] as RowTable;
  return tableNames[table.name.toLowerCase()] ?? (field(row, 'id', 'Id') === undefined ? 'other' : 'dependency');
}

function millis(value: unknown): number | null {
  if (typeof value !== 'string') return optionalNumber(value);
  const time = Date.parse(value);
  return Number.isNaN(time) ? null : time;
}

/** `duration` is milliseconds (a real) in query results; portal exports sometimes give a `d.hh:mm:ss.fff` timespan. */
function durationMillis(value: unknown): number | null {
  const number = optionalNumber(value);
  if (number !== null) return number;
  if (typeof value !== 'string') return null;
  const match = /^(?:(\d+)\.)?(\d+):(\d+):(\d+(?:\.\d+)?)$/.exec(value.trim());
  if (!match) return null;
  const [, days, hours, minutes, seconds] = match;
  return (((Number(days ?? 0) * 24 + Number(hours)) * 60 + Number(minutes)) * 60 + Number(seconds)) * 1000;
}

function successOf(value: unknown): boolean | null {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string') {
    const lower = value.toLowerCase();
    if (lower === 'true' || lower === '1') return true;
    if (lower === 'false' || lower === '0') return false;
  }
  if (typeof value === 'number') return value !== 0;
  return null;
}

/** IDs are lowercase hex from the OTel exporter; older SDKs wrote `|trace.span.` request IDs, kept as given. */
function normaliseId(value: unknown): string | null {
  const text = optionalString(value)?.trim();
  if (!text) return null;
  return /^[0-9a-fA-F]+$/.test(text) ? text.toLowerCase() : text;
}

function exceptionFrom(row: Row): SpanException {
  const details = field(row, 'details', 'Details');
  const parsedDetails = typeof details === 'string' ? parseMaybeJson(details) : toJsonValue(details ?? null);
  const firstDetail = Array.isArray(parsedDetails) && isObject(parsedDetails[0]) ? parsedDetails[0] : null;
  const stack = firstDetail ? optionalString(firstDetail.rawStack) : null;
  return {
    type: optionalString(field(row, 'type', 'ExceptionType', 'problemId', 'ProblemId')),
    message: optionalString(field(row, 'outerMessage', 'OuterMessage', 'innermostMessage', 'message', 'Message')),
    stacktrace: stack,
  };
}

/**
 * Application Insights / Log Analytics query results (`{tables:[{name, columns, rows}]}`), classic
 * (`union withsource=tbl requests, dependencies, traces, exceptions`) or workspace (`AppDependencies`, …).
 * Requests and dependencies are spans; trace rows are events of their parent span, exception rows its exceptions.
 */
export const appInsightsReader: TraceReader = {
  format: 'appinsights',
  detect(input: ParsedInput): boolean {
    return input.kind === 'json' && queryTables(input.value) !== null;
  },
  read(input: ParsedInput, context: ReadContext): RawTrace[] {
    const tables = input.kind === 'json' ? queryTables(input.value) : null;
    if (!tables) {
      throw new InputError('not an Application Insights query result', {
        source: context.source,
        position: 'tables',
        expected: 'tables with columns and rows, including operation_Id (or OperationId) and id (or Id)',
      });
    }
    const spanRows: Array<{ row: Row; table: RowTable; position: string }> = [];
    const eventsByParent = new Map<string, SpanEvent[]>();
    const exceptionsByParent = new Map<string, SpanException[]>();
    tables.forEach((table, tableIndex) => {
      table.rows.forEach((cells, rowIndex) => {
        const position = `tables[${tableIndex}].rows[${rowIndex}]`;
        if (!Array.isArray(cells)) {
          throw new InputError('a row is not a list of cells', {
            source: context.source,
            position,
            expected: `an array of ${table.columns.length} values, one per column`,
          });
        }
        const row: Row = {};
        table.columns.forEach((column, index) => {
          row[column] = cells[index];
        });
        const kind = tableOf(row, table);
        const parent = normaliseId(field(row, 'operation_ParentId', 'ParentId'));
        if (kind === 'trace' && parent) {
          const events = eventsByParent.get(parent) ?? [];
          events.push({
            name: optionalString(field(row, 'message', 'Message')) ?? 'trace',
            time: millis(field(row, 'timestamp', 'TimeGenerated')),
            attributes: dimensions(row),
          });
          eventsByParent.set(parent, events);
        } else if (kind === 'exception' && parent) {
          const exceptions = exceptionsByParent.get(parent) ?? [];
          exceptions.push(exceptionFrom(row));
          exceptionsByParent.set(parent, exceptions);
        } else if (kind === 'request' || kind === 'dependency') {
          spanRows.push({ row, table: kind, position });
        }
      });
    });

    const traces = new Map<string, RawTrace>();
    spanRows.forEach(({ row, table, position }, index) => {
      const id = normaliseId(field(row, 'id', 'Id'));
      if (!id) {
        throw new InputError('a request or dependency row has no ID', {
          source: context.source,
          position: `${position}.id`,
          expected: 'the span ID (16 hex digits) in id or Id',
        });
      }
      const traceId = normaliseId(field(row, 'operation_Id', 'OperationId'));
      if (!traceId) {
        throw new InputError('a request or dependency row has no operation ID', {
          source: context.source,
          position: `${position}.operation_Id`,
          expected: 'the trace ID (32 hex digits) in operation_Id or OperationId',
        });
      }
      const rawParent = normaliseId(field(row, 'operation_ParentId', 'ParentId'));
      // A root request's parent is its own operation ID (or itself): no parent span.
      const parentId = rawParent && rawParent !== traceId && rawParent !== id ? rawParent : null;
      const attributes = dimensions(row);
      const events = eventsByParent.get(id) ?? [];
      const dependencyType = optionalString(field(row, 'type', 'DependencyType'))?.toLowerCase() ?? '';
      const kind = table === 'request' ? 'server' : dependencyType === 'inproc' ? 'internal' : 'client';
      const name = optionalString(field(row, 'name', 'Name')) ?? table;
      const decoded = decodeConventions({ name, kind, attributes, events, isRoot: parentId === null });
      const startTime = millis(field(row, 'timestamp', 'TimeGenerated'));
      const duration = durationMillis(field(row, 'duration', 'DurationMs'));
      const success = successOf(field(row, 'success', 'Success'));
      const resultCode = optionalString(field(row, 'resultCode', 'ResultCode'));
      const errorType = optionalString(attributes['error.type']);
      const span: Span = createSpan({
        ...decoded,
        id,
        parentId,
        name,
        service:
          optionalString(field(row, 'cloud_RoleName', 'AppRoleName')) ?? optionalString(attributes['service.name']),
        startTime,
        endTime: startTime !== null && duration !== null ? startTime + duration : null,
        kind,
        status:
          success === false
            ? { code: 'error', message: errorType ?? (resultCode && resultCode !== '0' ? resultCode : null) }
            : success === true
              ? { code: 'ok', message: null }
              : { code: 'unset', message: null },
        sourceIndex: index,
        events,
        attributes,
      });
      const numericCode = resultCode && /^\d{3}$/.test(resultCode) ? Number(resultCode) : null;
      const httpLike = table === 'request' || dependencyType.includes('http') || decoded.role === 'http';
      if (span.httpStatus === null && numericCode !== null && numericCode >= 100 && httpLike)
        span.httpStatus = numericCode;
      const exceptions = exceptionsByParent.get(id);
      if (exceptions) span.exceptions = [...span.exceptions, ...exceptions];
      let trace = traces.get(traceId);
      if (!trace) {
        trace = { traceId, spans: [], warnings: [], traceUrl: null };
        traces.set(traceId, trace);
      }
      trace.spans.push(span);
    });
    if (traces.size === 0) {
      throw new InputError('the result has no request or dependency rows', {
        source: context.source,
        position: 'tables',
        expected: 'rows from requests/dependencies (or AppRequests/AppDependencies)',
      });
    }
    return [...traces.values()];
  },
};
