import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readTrace, readTraces } from '../../../src/formats/index.js';
import { devFixtures, externalFixtures } from '../fixture-paths.js';

/** Counts spans straight from the file's own structure, independently of the readers. */
function countSpansInFile(file: string): number {
  const text = readFileSync(file, 'utf8');
  if (file.endsWith('.txt')) return text.split('\n').filter((line) => /^\s*\[span \d+\]/.test(line)).length;
  const json = JSON.parse(text);
  if (Array.isArray(json)) return json.length;
  if (json.resourceSpans) {
    return json.resourceSpans.flatMap((resource: { scopeSpans: { spans: unknown[] }[] }) =>
      resource.scopeSpans.flatMap((scope) => scope.spans),
    ).length;
  }
  if (json.data) return json.data.reduce((sum: number, trace: { spans: unknown[] }) => sum + trace.spans.length, 0);
  if (json.observations) return json.observations.length + 1; // the trace itself stands as the root span
  if (json.trace && json.observations) return json.observations.length + 1;
  throw new Error(`unknown shape: ${file}`);
}

describe('every labelled dev fixture', () => {
  const files = readdirSync(devFixtures).filter((name) => !name.endsWith('.label.json'));
  it.each(files)('%s reads with the span count its file holds, in the format its label names', (name) => {
    const file = path.join(devFixtures, name);
    const trace = readTrace(readFileSync(file), { source: name });
    const label = JSON.parse(
      readFileSync(file.replace(/\.(otlp|jaeger|zipkin|langfuse)\.json$|\.txt$/, '.label.json'), 'utf8'),
    );
    expect(trace.spans).toHaveLength(countSpansInFile(file));
    expect(label.format.startsWith(trace.format)).toBe(true);
    if (label.traceId) expect(trace.traceId).toBe(label.traceId);
    for (const spanId of label.rootCause?.spanIds ?? []) expect(trace.spans.map((span) => span.id)).toContain(spanId);
  });
});

describe('external fixtures from public projects', () => {
  it('reads every Langfuse framework export with typed roles and the trace as the root', () => {
    const folder = path.join(externalFixtures, 'langfuse');
    let withRequest = 0;
    for (const name of readdirSync(folder).filter((file) => file.endsWith('.json'))) {
      const json = JSON.parse(readFileSync(path.join(folder, name), 'utf8'));
      const trace = readTrace(JSON.stringify(json), { source: name });
      expect(trace.format).toBe('langfuse');
      expect(trace.spans).toHaveLength(json.observations.length + 1);
      expect(trace.rootSpanIds).toEqual([json.trace.id]);
      const generations = json.observations.filter(
        (observation: { type: string }) => observation.type === 'GENERATION',
      ).length;
      expect(trace.spans.filter((span) => span.role === 'llm')).toHaveLength(generations);
      const request = trace.spans[0]?.userRequest;
      if (request) {
        withRequest += 1;
        // The user's own words from the trace input, not the JSON envelope around them.
        expect(request.startsWith('{') || request.startsWith('[')).toBe(false);
      }
    }
    expect(withRequest).toBeGreaterThanOrEqual(4);
  });

  it('reads the Jaeger UI GenAI trace: 57 spans across 10 services with agent, model, tool and retrieval roles', () => {
    const trace = readTrace(readFileSync(path.join(externalFixtures, 'jaeger-ui/genaiTestTrace.json')), {
      source: 'genai',
    });
    expect(trace.spans).toHaveLength(57);
    expect(new Set(trace.spans.map((span) => span.service)).size).toBe(10);
    const roles = new Set(trace.spans.map((span) => span.role));
    for (const role of ['agent', 'llm', 'tool', 'retrieval', 'http', 'db']) expect(roles).toContain(role);
    const failed = trace.spans.filter((span) => span.status.code === 'error');
    expect(failed.map((span) => span.httpStatus)).toEqual([500]);
    const chat = trace.spans.find((span) => span.role === 'llm' && span.inputMessages.length > 0);
    expect(chat?.systemInstructions).toBeTruthy();
  });

  it('reads the same trace as OTLP and as Jaeger JSON to the same spans', () => {
    const otlp = readTrace(readFileSync(path.join(externalFixtures, 'jaeger/otlp2jaeger-in.json')), { source: 'in' });
    const jaeger = readTrace(readFileSync(path.join(externalFixtures, 'jaeger/otlp2jaeger-out.json')), {
      source: 'out',
    });
    const shape = (trace: typeof otlp) =>
      trace.spans.map((span) => ({
        id: span.id,
        parentId: span.parentId,
        name: span.name,
        start: span.startTime,
        end: span.endTime,
        kind: span.kind,
        service: span.service,
      }));
    expect(shape(jaeger)).toEqual(shape(otlp));
    expect(jaeger.traceId).toBe(otlp.traceId);
    // The origin test repeats one span ID on purpose: kept once, with a warning.
    expect(otlp.warnings.map((warning) => warning.code)).toContain('duplicate-span-id');
  });

  it('reads the Jaeger API v3 envelope with integer enums', () => {
    const [trace] = readTraces(readFileSync(path.join(externalFixtures, 'jaeger/apiv3-GetTrace.json')), {
      source: 'v3',
    });
    expect(trace?.format).toBe('otlp');
    expect(trace?.spans[0]?.kind).toBe('server');
    expect(trace?.spans[0]?.status.code).toBe('error');
  });

  it('reads Jaeger typed tags: int64 beyond the safe range stays a string; FOLLOWS_FROM becomes a link', () => {
    const json = JSON.parse(readFileSync(path.join(externalFixtures, 'jaeger/uimodel-ui_01.json'), 'utf8'));
    // The fixture repeats span ID 2 on purpose; keep the copy that carries every tag type.
    json.spans = json.spans.filter(
      (span: { operationName: string }) => span.operationName !== 'test-general-conversion',
    );
    const trace = readTrace(JSON.stringify(json), { source: 'ui_01' });
    const attributes = trace.spans.flatMap((span) => Object.entries(span.attributes));
    expect(attributes).toContainEqual(['temperature', 72.5]);
    expect(attributes).toContainEqual(['error', true]);
    expect(attributes).toContainEqual(['javascript_limit', '9223372036854775222']);
    expect(trace.spans.find((span) => span.id === '0000000000000004')?.links).toHaveLength(1);
  });

  it('reads the canonical OTLP example with upper-case hex IDs as lower-case hex', () => {
    const trace = readTrace(readFileSync(path.join(externalFixtures, 'opentelemetry-proto/trace.json')), {
      source: 'proto',
    });
    expect(trace.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(trace.spans[0]?.id).toMatch(/^[0-9a-f]{16}$/);
  });
});
