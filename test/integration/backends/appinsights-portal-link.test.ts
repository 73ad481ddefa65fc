import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { MockAgent } from 'undici';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createBackends, type TraceBackend } from '../../../src/backends/index.js';
import { tracehoundConfigSchema } from '../../../src/config/index.js';

const formatFixtures = path.resolve(fileURLToPath(new URL('../../..', import.meta.url)), 'test/fixtures/formats');
const classic = readFileSync(path.join(formatFixtures, 'appinsights-classic.json'), 'utf8');
const operationId = '0af7651916cd43dd8448eb211c80319c';
const componentId =
  '/subscriptions/00000000-1111-2222-3333-444444444444/resourceGroups/agents-prod/providers/microsoft.insights/components/foundry-insights';
const workspaceResourceId =
  '/subscriptions/00000000-1111-2222-3333-444444444444/resourceGroups/agents-prod/providers/Microsoft.OperationalInsights/workspaces/agents-logs';

const config = tracehoundConfigSchema.parse({
  backends: [
    {
      name: 'foundry',
      type: 'appinsights',
      appId: 'app-guid',
      resourceId: componentId,
      auth: { type: 'header', name: 'x-api-key', valueEnv: 'AI_KEY' },
    },
    { name: 'logs', type: 'loganalytics', workspaceId: 'ws-guid', resourceId: workspaceResourceId },
    { name: 'gov', type: 'appinsights', appId: 'gov-app', resourceId: componentId, uiUrl: 'https://portal.azure.us' },
    { name: 'bare', type: 'appinsights', appId: 'bare-app' },
  ],
});

let mockAgent: MockAgent;
let backends: Map<string, TraceBackend>;

beforeEach(() => {
  mockAgent = new MockAgent({ enableCallHistory: true });
  mockAgent.disableNetConnect();
  backends = createBackends(config, { dispatcher: mockAgent, environment: { AI_KEY: 'ai-secret' } });
});
afterEach(async () => {
  await mockAgent.close();
});

function backend(name: string): TraceBackend {
  const found = backends.get(name);
  if (found === undefined) throw new Error(`no backend ${name}`);
  return found;
}

/** Splits the portal's `AnalyticsBlade` hash path into its scope and the KQL it will run. */
function readPortalLink(link: string): { origin: string; scope: unknown; query: string; rest: string } {
  const url = new URL(link);
  const match =
    /^#blade\/Microsoft_OperationsManagementSuite_Workspace\/AnalyticsBlade\/initiator\/AnalyticsShareLinkToQuery\/isQueryEditorVisible\/true\/scope\/([^/]+)\/query\/([^/]+)\/(.*)$/.exec(
      url.hash,
    );
  if (match === null) throw new Error(`not a portal query link: ${link}`);
  const [, scope, query, rest] = match;
  return {
    origin: url.origin,
    scope: JSON.parse(decodeURIComponent(scope ?? '')),
    query: gunzipSync(Buffer.from(decodeURIComponent(query ?? ''), 'base64')).toString('utf8'),
    rest: rest ?? '',
  };
}

describe('Azure portal links', () => {
  it('links an operation to a Logs query scoped to the configured App Insights resource', () => {
    const link = backend('foundry').traceUrl(operationId.toUpperCase());
    const parsed = readPortalLink(link ?? '');
    expect(parsed.origin).toBe('https://portal.azure.com');
    expect(parsed.scope).toEqual({ resources: [{ resourceId: componentId }] });
    expect(parsed.query).toContain('union requests, dependencies, traces, exceptions');
    expect(parsed.query).toContain(`operation_Id == "${operationId}"`);
    expect(parsed.rest).toBe('isQueryBase64Compressed/true/timespanInIsoFormat/P30D');
  });

  it('uses the workspace table names for a Log Analytics workspace scope', () => {
    const parsed = readPortalLink(backend('logs').traceUrl(operationId) ?? '');
    expect(parsed.scope).toEqual({ resources: [{ resourceId: workspaceResourceId }] });
    expect(parsed.query).toContain('union AppRequests, AppDependencies, AppTraces, AppExceptions');
    expect(parsed.query).toContain(`OperationId == "${operationId}"`);
  });

  it('uses a configured portal (sovereign clouds) and gives no link without a resource ID or for a non-operation ID', () => {
    expect(readPortalLink(backend('gov').traceUrl(operationId) ?? '').origin).toBe('https://portal.azure.us');
    expect(backend('bare').traceUrl(operationId)).toBeNull();
    expect(backend('foundry').traceUrl('not-an-operation')).toBeNull();
  });

  it('sets the link on a fetched trace', async () => {
    mockAgent
      .get('https://api.applicationinsights.io')
      .intercept({ path: '/v1/apps/app-guid/query', method: 'POST', headers: { 'x-api-key': 'ai-secret' } })
      .reply(200, classic);
    const trace = await backend('foundry').fetchTrace(operationId);
    expect(readPortalLink(trace.traceUrl ?? '').query).toContain(operationId);
  });

  it('rejects a resourceId that is not an Azure resource ID in the configuration', () => {
    const result = tracehoundConfigSchema.safeParse({
      backends: [{ name: 'x', type: 'appinsights', appId: 'a', resourceId: 'foundry-insights' }],
    });
    expect(result.success).toBe(false);
    expect(JSON.stringify(result.error?.issues)).toContain('an Azure resource ID');
  });
});
