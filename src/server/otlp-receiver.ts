import type { IncomingMessage, ServerResponse } from 'node:http';
import generatedRoot from '@opentelemetry/otlp-transformer/build/src/generated/root.js';
import type { Logger } from 'pino';
import type { z } from 'zod';
import { otlpExportRequestSchema, type TraceStore } from '../store/trace-store.js';
import { BodyTooLargeError } from './body-too-large-error.js';
import type { HttpRoute } from './http-route.js';
import { readBody } from './read-body.js';
import { UnsupportedEncodingError } from './unsupported-encoding-error.js';

interface GeneratedMessageType {
  decode(bytes: Uint8Array): object;
  toObject(message: object, options: Record<string, unknown>): Record<string, unknown>;
  fromObject(value: object): object;
  encode(message: object): { finish(): Uint8Array };
}

// The generated root is typed as a bare protobufjs Root; these are the message types it holds at runtime.
const traceProto = (
  generatedRoot as unknown as {
    opentelemetry: {
      proto: {
        collector: {
          trace: {
            v1: { ExportTraceServiceRequest: GeneratedMessageType; ExportTraceServiceResponse: GeneratedMessageType };
          };
        };
        trace: { v1: { Status: GeneratedMessageType } };
      };
    };
  }
).opentelemetry.proto;
const requestType = traceProto.collector.trace.v1.ExportTraceServiceRequest;
const responseType = traceProto.collector.trace.v1.ExportTraceServiceResponse;
// google.rpc.Status is not in the generated root; trace.v1.Status carries `message` as field 2 too,
// so encoding only its message gives the same bytes as a google.rpc.Status with only a message.
const statusMessageType = traceProto.trace.v1.Status;

export interface OtlpReceiverOptions {
  store: TraceStore;
  logger: Logger;
  maxBodyBytes: number;
  /** Requests decoded at the same time before answering 429. */
  maxConcurrentRequests?: number;
}

type Encoding = 'json' | 'protobuf';

function base64ToHex(value: unknown): unknown {
  return typeof value === 'string' ? Buffer.from(value, 'base64').toString('hex') : value;
}

/** protobufjs gives bytes as base64; OTLP/JSON (what the store and readers expect) gives IDs in hex. */
function hexIds(request: Record<string, unknown>): unknown {
  const resourceSpans = Array.isArray(request.resourceSpans) ? request.resourceSpans : [];
  for (const resource of resourceSpans as Array<{ scopeSpans?: Array<{ spans?: Array<Record<string, unknown>> }> }>) {
    for (const scope of resource.scopeSpans ?? []) {
      for (const span of scope.spans ?? []) {
        for (const key of ['traceId', 'spanId', 'parentSpanId']) span[key] = base64ToHex(span[key]);
        if (span.parentSpanId === '') delete span.parentSpanId;
        for (const link of (span.links as Array<Record<string, unknown>> | undefined) ?? []) {
          link.traceId = base64ToHex(link.traceId);
          link.spanId = base64ToHex(link.spanId);
        }
      }
    }
  }
  return request;
}

function decodeProtobuf(body: Buffer): unknown {
  const message = requestType.decode(body);
  return hexIds(requestType.toObject(message, { longs: String, bytes: String, defaults: false, arrays: true }));
}

function send(response: ServerResponse, status: number, encoding: Encoding, body: { message?: string }): void {
  if (encoding === 'protobuf') {
    const payload =
      body.message === undefined
        ? responseType.encode(responseType.fromObject({})).finish()
        : statusMessageType.encode(statusMessageType.fromObject({ message: body.message })).finish();
    response.writeHead(status, { 'content-type': 'application/x-protobuf', 'content-length': payload.length });
    response.end(Buffer.from(payload));
    return;
  }
  const payload = JSON.stringify(body.message === undefined ? {} : { code: 3, message: body.message });
  response.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) });
  response.end(payload);
}

function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.join('.') || '(top level)'}: ${issue.message}`)
    .join('; ');
}

/** `POST /v1/traces` per OTLP/HTTP: JSON or protobuf, optionally gzipped, stored in the embedded store. */
export function createOtlpReceiver(options: OtlpReceiverOptions): HttpRoute {
  const maxConcurrent = options.maxConcurrentRequests ?? 64;
  let inFlight = 0;
  return {
    method: 'POST',
    path: '/v1/traces',
    async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
      const contentType = (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
      const encoding: Encoding | null =
        contentType === 'application/json' ? 'json' : contentType === 'application/x-protobuf' ? 'protobuf' : null;
      if (encoding === null) {
        request.resume();
        send(response, 415, 'json', { message: 'Content-Type must be application/json or application/x-protobuf' });
        return;
      }
      if (inFlight >= maxConcurrent) {
        request.resume();
        response.setHeader('retry-after', '1');
        send(response, 429, encoding, { message: 'the receiver is busy; retry later' });
        return;
      }
      inFlight += 1;
      try {
        let body: Buffer;
        try {
          body = await readBody(request, options.maxBodyBytes);
        } catch (error) {
          if (error instanceof BodyTooLargeError) {
            response.setHeader('connection', 'close');
            send(response, 413, encoding, { message: error.message });
            return;
          }
          if (error instanceof UnsupportedEncodingError) {
            send(response, 415, encoding, { message: error.message });
            return;
          }
          send(response, 400, encoding, { message: 'the body could not be read (bad gzip data?)' });
          return;
        }
        let decoded: unknown;
        try {
          decoded = encoding === 'json' ? JSON.parse(body.toString('utf8')) : decodeProtobuf(body);
        } catch {
          send(response, 400, encoding, {
            message: `the body is not a valid ${encoding === 'json' ? 'JSON' : 'protobuf'} ExportTraceServiceRequest`,
          });
          return;
        }
        const parsed = otlpExportRequestSchema.safeParse(decoded);
        if (!parsed.success) {
          send(response, 400, encoding, {
            message: `ExportTraceServiceRequest is invalid: ${describeIssues(parsed.error)}`,
          });
          return;
        }
        const count = options.store.insertExport(parsed.data);
        options.logger.debug({ spans: count, encoding }, 'otlp spans stored');
        send(response, 200, encoding, {});
      } finally {
        inFlight -= 1;
      }
    },
  };
}
