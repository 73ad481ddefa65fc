import { getGlobalDispatcher, MockAgent, setGlobalDispatcher } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBackends, fetchTraceByReference } from '../../../src/backends/index.js';
import { tracehoundConfigSchema } from '../../../src/config/index.js';
import { TracehoundError } from '../../../src/errors/index.js';
import { findTraceReferences, resolveTraceReference } from '../../../src/links/index.js';

const config = tracehoundConfigSchema.parse({
  backends: [
    { name: 'jaeger', type: 'jaeger', url: 'http://jaeger:16686' },
    {
      name: 'jaeger-prefixed',
      type: 'jaeger',
      url: 'http://jaeger-query:16686',
      uiUrl: 'https://ops.example.com/jaeger',
    },
    { name: 'tempo-a', type: 'grafana-tempo', url: 'https://grafana.example.com', datasourceUid: 'tempo-uid' },
    { name: 'tempo-b', type: 'grafana-tempo', url: 'https://grafana.example.com', datasourceUid: 'tempo-two' },
    { name: 'zipkin', type: 'zipkin', url: 'http://zipkin:9411' },
    { name: 'langfuse', type: 'langfuse', url: 'https://cloud.langfuse.com' },
    { name: 'phoenix', type: 'phoenix', url: 'http://localhost:6006' },
    { name: 'langsmith', type: 'langsmith', url: 'https://api.smith.langchain.com' },
    { name: 'insights', type: 'appinsights', url: 'https://api.applicationinsights.io', appId: 'app' },
  ],
});

const otel = '4bf92f3577b34da6a3ce929d0e0e4736';
const short = '4bf92f3577b34da6';
const runUuid = '1b6c5d8e-0f4a-4c1e-9d2b-7a3e5f6c8d90';
const traceUuid = '9f8e7d6c-5b4a-4321-8fed-cba987654321';

function grafanaPanes(panes: unknown): string {
  return `https://grafana.example.com/explore?schemaVersion=1&orgId=1&panes=${encodeURIComponent(JSON.stringify(panes))}`;
}

const accepted: Array<[string, { backendName?: string; traceId: string; spanId?: string; idKind?: string }]> = [
  [otel, { traceId: otel }],
  [otel.toUpperCase(), { traceId: otel }],
  [short, { traceId: short }],
  [runUuid, { traceId: runUuid }],
  [`  ${otel}\n`, { traceId: otel }],
  [`http://jaeger:16686/trace/${otel}`, { backendName: 'jaeger', traceId: otel }],
  [
    `http://jaeger:16686/trace/${otel}?uiFind=00f067aa0ba902b7`,
    { backendName: 'jaeger', traceId: otel, spanId: '00f067aa0ba902b7' },
  ],
  [`http://jaeger:16686/trace/${otel}/`, { backendName: 'jaeger', traceId: otel }],
  [`http://JAEGER:16686/trace/${otel.toUpperCase()}`, { backendName: 'jaeger', traceId: otel }],
  [`http://jaeger:16686/trace/${otel}...${'a'.repeat(32)}?cohort=${otel}`, { backendName: 'jaeger', traceId: otel }],
  [`http://jaeger:16686/search?traceID=${short}&traceID=${otel}`, { backendName: 'jaeger', traceId: short }],
  [`http://jaeger:16686/search?service=checkout&traceID=${otel}`, { backendName: 'jaeger', traceId: otel }],
  [`https://ops.example.com/jaeger/trace/${otel}`, { backendName: 'jaeger-prefixed', traceId: otel }],
  [`https://ops.example.com:443/jaeger/trace/${otel}`, { backendName: 'jaeger-prefixed', traceId: otel }],
  [`http://jaeger-query:16686/trace/${short}`, { backendName: 'jaeger-prefixed', traceId: short }],
  [
    grafanaPanes({
      x7k: {
        datasource: 'tempo-uid',
        queries: [{ refId: 'A', datasource: { type: 'tempo', uid: 'tempo-uid' }, queryType: 'traceql', query: otel }],
        range: { from: 'now-1h', to: 'now' },
      },
    }),
    { backendName: 'tempo-a', traceId: otel },
  ],
  [
    grafanaPanes({
      abc: {
        datasource: 'tempo-two',
        queries: [{ refId: 'A', datasource: { type: 'tempo', uid: 'tempo-two' }, queryType: 'traceId', query: otel }],
        panelsState: { trace: { spanId: '00f067aa0ba902b7' } },
      },
    }),
    { backendName: 'tempo-b', traceId: otel, spanId: '00f067aa0ba902b7' },
  ],
  [
    grafanaPanes({
      p01: { datasource: 'prom', queries: [{ refId: 'A', expr: 'up' }] },
      p02: {
        datasource: 'tempo-uid',
        queries: [{ refId: 'B', queryType: 'traceql', query: `{ trace:id = "${otel}" }` }],
      },
    }),
    { backendName: 'tempo-a', traceId: otel },
  ],
  [
    `https://grafana.example.com/explore?orgId=1&left=${encodeURIComponent(
      JSON.stringify({
        datasource: 'tempo-two',
        queries: [{ refId: 'A', queryType: 'traceId', query: otel }],
        range: {},
      }),
    )}`,
    { backendName: 'tempo-b', traceId: otel },
  ],
  [
    `https://grafana.example.com/explore?orgId=1&left=${encodeURIComponent(JSON.stringify(['now-1h', 'now', 'tempo-uid', { query: short }]))}`,
    { backendName: 'tempo-a', traceId: short },
  ],
  [
    `https://grafana.example.com/explore?orgId=1&left=${JSON.stringify(['now-1h', 'now', 'Tempo', { query: otel }])}`,
    { backendName: 'tempo-a', traceId: otel },
  ],
  [`http://zipkin:9411/zipkin/traces/${short}`, { backendName: 'zipkin', traceId: short }],
  [`http://zipkin:9411/zipkin/traces/${otel}`, { backendName: 'zipkin', traceId: otel }],
  [`http://zipkin:9411/traces/${otel}`, { backendName: 'zipkin', traceId: otel }],
  [
    'https://cloud.langfuse.com/project/cloramnkj0002jz088vzn1ja4/traces/fee618f96dc31e0ca38b2f7b26eb8b29?observation=d950b668796240b5&timestamp=2025-09-30T09%3A03%3A59.962Z',
    { backendName: 'langfuse', traceId: 'fee618f96dc31e0ca38b2f7b26eb8b29', spanId: 'd950b668796240b5' },
  ],
  [
    'https://cloud.langfuse.com/project/p1/traces/my-custom-trace_01',
    { backendName: 'langfuse', traceId: 'my-custom-trace_01' },
  ],
  [
    `https://cloud.langfuse.com/project/p1/traces?peek=${runUuid}&timestamp=2025-09-30`,
    { backendName: 'langfuse', traceId: runUuid },
  ],
  [
    `https://cloud.langfuse.com/project/p1/traces?peek=d950b668796240b5&traceId=${otel}`,
    { backendName: 'langfuse', traceId: otel },
  ],
  [`https://us.cloud.langfuse.com/project/p1/traces/${otel}`, { backendName: 'langfuse', traceId: otel }],
  [
    `http://localhost:6006/projects/UHJvamVjdDox/traces/${otel}?selectedSpanNodeId=U3Bhbjox`,
    { backendName: 'phoenix', traceId: otel },
  ],
  [`http://localhost:6006/projects/UHJvamVjdDox/spans/${otel}`, { backendName: 'phoenix', traceId: otel }],
  [`http://localhost:6006/redirects/traces/${otel}`, { backendName: 'phoenix', traceId: otel }],
  [
    `https://smith.langchain.com/o/${runUuid}/projects/p/${runUuid}/r/${runUuid}?trace_id=${traceUuid}&start_time=2025-01-01`,
    { backendName: 'langsmith', traceId: traceUuid, idKind: 'trace' },
  ],
  [
    `https://smith.langchain.com/o/${traceUuid}/projects/p/${traceUuid}/r/${runUuid}`,
    { backendName: 'langsmith', traceId: runUuid, idKind: 'run' },
  ],
  [`https://smith.langchain.com/public/${runUuid}/r`, { backendName: 'langsmith', traceId: runUuid, idKind: 'share' }],
  [
    `https://eu.smith.langchain.com/public/${traceUuid}/r`,
    { backendName: 'langsmith', traceId: traceUuid, idKind: 'share' },
  ],
  [
    `https://portal.azure.com/#blade/AppInsightsExtension/DetailsV2Blade/DataModel/${encodeURIComponent(
      JSON.stringify({ eventId: 'x', operationId: otel }),
    )}`,
    { backendName: 'insights', traceId: otel },
  ],
  [`https://ai.azure.com/build/tracing/${otel}?wsid=abc`, { backendName: 'insights', traceId: otel }],
  [`https://portal.azure.com/?operation_Id=${otel.toUpperCase()}`, { backendName: 'insights', traceId: otel }],
  [`https://api.applicationinsights.io/v1/apps/app/query?q=${otel}`, { backendName: 'insights', traceId: otel }],
  [
    `https://smith.langchain.com/public/${traceUuid}/r/${runUuid}`,
    { backendName: 'langsmith', traceId: traceUuid, idKind: 'share', spanId: runUuid },
  ],
  [
    `https://smith.langchain.com/public/${traceUuid}/r?trace_id=${runUuid}`,
    { backendName: 'langsmith', traceId: traceUuid, idKind: 'share' },
  ],
  [
    // Real DetailsV2Blade links carry the subscription GUID and an item UUID: only the 32-hex operation ID counts.
    `https://portal.azure.com/#view/AppInsightsExtension/DetailsV2Blade/ComponentId~/${encodeURIComponent(
      JSON.stringify({ SubscriptionId: runUuid, ResourceGroup: 'rg', Name: 'app' }),
    )}/DataModel~/${encodeURIComponent(JSON.stringify({ eventId: traceUuid, operationId: otel.toUpperCase() }))}`,
    { backendName: 'insights', traceId: otel },
  ],
  [`http://jaeger:16686/trace/${short}?uiEmbed=v0`, { backendName: 'jaeger', traceId: short }],
  [`HTTP://jaeger:16686/trace/${otel}`, { backendName: 'jaeger', traceId: otel }],
];

/**
 * Private, loopback, link-local and unspecified addresses in every spelling the URL parser accepts (decimal, octal,
 * hex, short forms, IPv6 and IPv4-in-IPv6): none is configured, so each is refused and named as private.
 */
const privateAddressLinks: string[] = [
  // RFC 1918
  `http://10.0.0.8:16686/trace/${otel}`,
  `http://10.255.255.254/trace/${otel}`,
  `http://172.16.0.1:16686/trace/${otel}`,
  `http://172.31.255.254:9411/zipkin/traces/${otel}`,
  `http://192.168.1.20:16686/trace/${otel}`,
  // the same addresses spelt as one decimal number, in octal, in hex, and in short forms
  `http://167772161:16686/trace/${otel}`,
  `http://3232235777:16686/trace/${otel}`,
  `http://012.0.0.1:16686/trace/${otel}`,
  `http://0300.0250.0.1:16686/trace/${otel}`,
  `http://0xa.0x0.0x0.0x1:16686/trace/${otel}`,
  `http://0xc0a80001:16686/trace/${otel}`,
  `http://0xac100001:16686/trace/${otel}`,
  `http://192.168.257:16686/trace/${otel}`,
  `http://10.1:16686/trace/${otel}`,
  `http://0.0.0.0:16686/trace/${otel}`,
  // IPv6 unique local (fc00::/7), loopback, unspecified, link-local, IPv4-mapped and IPv4-compatible
  `http://[fd00::1]:16686/trace/${otel}`,
  `http://[fc00::abcd]:16686/trace/${otel}`,
  `http://[fd12:3456:789a:1::20]/trace/${otel}`,
  `http://[0:0:0:0:0:0:0:1]:16686/trace/${otel}`,
  `http://[::]:16686/trace/${otel}`,
  `http://[fe80::1]:16686/trace/${otel}`,
  `http://[::ffff:7f00:1]:16686/trace/${otel}`,
  `http://[::ffff:10.0.0.1]:16686/trace/${otel}`,
  `http://[::ffff:192.168.0.1]:16686/trace/${otel}`,
  `http://[::127.0.0.1]:16686/trace/${otel}`,
  `http://[64:ff9b::10.0.0.1]:16686/trace/${otel}`,
];

const hostile: Array<[string, string]> = [
  ...privateAddressLinks.map((link): [string, string] => [link, 'link_refused']),

  [`http://evil.example.com/trace/${otel}`, 'link_refused'],
  [`http://127.0.0.1:16686/trace/${otel}`, 'link_refused'],
  [`http://2130706433:16686/trace/${otel}`, 'link_refused'],
  [`http://0177.0.0.1:16686/trace/${otel}`, 'link_refused'],
  [`http://0x7f.0.0.1:16686/trace/${otel}`, 'link_refused'],
  [`http://0x7f000001:16686/trace/${otel}`, 'link_refused'],
  [`http://127.1:16686/trace/${otel}`, 'link_refused'],
  [`http://0:16686/trace/${otel}`, 'link_refused'],
  [`http://[::1]:16686/trace/${otel}`, 'link_refused'],
  [`http://[::ffff:127.0.0.1]:16686/trace/${otel}`, 'link_refused'],
  [`http://localhost.:6006/projects/p/traces/${otel}`, 'link_refused'],
  [`http://127.0.0.1:6006/projects/p/traces/${otel}`, 'link_refused'],
  [`http://169.254.169.254/latest/meta-data/${otel}`, 'link_refused'],
  [`http://jaeger:16686@evil.example.com/trace/${otel}`, 'link_refused'],
  [`http://user:secret@jaeger:16686/trace/${otel}`, 'link_refused'],
  [`http://jaeger:16686\\@evil.example.com/trace/${otel}`, 'link_refused'],
  [`javascript:alert('${otel}')`, 'link_refused'],
  [`file:///etc/passwd#${otel}`, 'link_refused'],
  [`ftp://jaeger:16686/trace/${otel}`, 'link_refused'],
  [`https://jaeger:16686/trace/${otel}`, 'link_refused'],
  [`http://jaeger:16687/trace/${otel}`, 'link_refused'],
  [`http://jaeger.:16686/trace/${otel}`, 'link_refused'],
  [`http://jaeger:16686/trace/${otel}${'a'.repeat(5000)}`, 'link_refused'],
  [`http://jaeger:16686/trace/${otel} http://evil.example.com`, 'link_refused'],
  [`//evil.example.com/trace/${otel}`, 'link_refused'],
  [`https://cloud.langfuse.com.evil.example.com/project/p/traces/${otel}`, 'link_refused'],
  [`https://grafana.example.com.evil.example.com/explore?left=${otel}`, 'link_refused'],
  [`https://app.datadoghq.com/apm/trace/4f199e8e4b37b233e7c6844df074f304?spanID=1`, 'link_unsupported'],
  [`https://ui.honeycomb.io/team/environments/prod/datasets/api/trace?trace_id=${otel}`, 'link_unsupported'],
  ['http://jaeger:16686/search?service=checkout', 'link_unsupported'],
  [
    `https://portal.azure.com/#blade/AppInsightsExtension/DetailsV2Blade/DataModel/${encodeURIComponent(
      JSON.stringify({ eventId: runUuid, timestamp: '2026-11-24T04:22:33.945Z' }),
    )}/ComponentId/${encodeURIComponent(JSON.stringify({ Name: 'app', SubscriptionId: traceUuid }))}`,
    'link_unsupported',
  ],
];

describe('resolveTraceReference', () => {
  const mockAgent = new MockAgent({ enableCallHistory: true });
  const previousDispatcher = getGlobalDispatcher();
  beforeAll(() => {
    mockAgent.disableNetConnect();
    setGlobalDispatcher(mockAgent);
  });
  afterAll(async () => {
    setGlobalDispatcher(previousDispatcher);
    await mockAgent.close();
  });

  it('has at least 40 accepted and 20 hostile cases', () => {
    expect(accepted.length).toBeGreaterThanOrEqual(40);
    expect(hostile.length).toBeGreaterThanOrEqual(20);
  });

  it.each(accepted)('resolves %s', (text, expected) => {
    const resolved = resolveTraceReference(text, config);
    if (expected.backendName === undefined) {
      expect(resolved).toEqual({ kind: 'id', traceId: expected.traceId });
      return;
    }
    expect(resolved).toMatchObject({ kind: 'link', ...expected });
  });

  it.each(hostile)('refuses %s', (text, code) => {
    let caught: unknown;
    try {
      resolveTraceReference(text, config);
    } catch (error) {
      caught = error;
    }
    expect(TracehoundError.isInstance(caught)).toBe(true);
    expect((caught as TracehoundError).code).toBe(code);
  });

  it.each(privateAddressLinks)('names %s as a private or loopback address', (text) => {
    expect(() => resolveTraceReference(text, config)).toThrow(
      /is a private or loopback address that is not a configured backend/,
    );
  });

  it('refuses every hostile link through fetchTraceByReference too, before any backend is asked', async () => {
    const backends = createBackends(config, { dispatcher: mockAgent, environment: {} });
    for (const [text, code] of hostile) {
      const failure = await fetchTraceByReference(text, { config, scope: { platform: 'cli' }, backends }).then(
        () => null,
        (error: unknown) => error,
      );
      expect(TracehoundError.isInstance(failure) && failure.code, text).toBe(code);
    }
    expect(mockAgent.getCallHistory()?.calls()).toHaveLength(0);
  });

  it('made no request while resolving', () => {
    // Any request would have been recorded by the MockAgent (and refused by disableNetConnect).
    const history = mockAgent.getCallHistory();
    expect(history).toBeDefined();
    expect(history?.calls()).toHaveLength(0);
  });
});

describe('findTraceReferences', () => {
  it('unwraps Slack links and keeps order', () => {
    const text = `see <http://jaeger:16686/trace/${otel}|the trace> and also ${short}, plus <https://cloud.langfuse.com/project/p/traces/x?peek=a&amp;traceId=b>.`;
    expect(findTraceReferences(text)).toEqual([
      `http://jaeger:16686/trace/${otel}`,
      short,
      'https://cloud.langfuse.com/project/p/traces/x?peek=a&traceId=b',
    ]);
  });

  it('reads Teams HTML anchors and entities', () => {
    const html = `<p>Failing run: <a href="http://jaeger:16686/search?traceID=${otel}&amp;traceID=${short}">trace</a> &amp; id&nbsp;${runUuid}</p>`;
    expect(findTraceReferences(html)).toEqual([`http://jaeger:16686/search?traceID=${otel}&traceID=${short}`, runUuid]);
  });

  it('ignores hex inside longer tokens and drops duplicates', () => {
    expect(findTraceReferences(`x${otel}ff ${otel} ${otel}.`)).toEqual([otel]);
  });
});
