import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { MockAgent } from 'undici';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createBackends, type TraceBackend } from '../../../src/backends/index.js';
import { tracehoundConfigSchema } from '../../../src/config/index.js';

const formatFixtures = path.resolve(fileURLToPath(new URL('../../..', import.meta.url)), 'test/fixtures/formats');
const classic = readFileSync(path.join(formatFixtures, 'appinsights-classic.json'), 'utf8');
const workspace = readFileSync(path.join(formatFixtures, 'appinsights-workspace.json'), 'utf8');
const classicId = '0af7651916cd43dd8448eb211c80319c';
const workspaceId = '4bf92f3577b34da6a3ce929d0e0e4736';

const config = tracehoundConfigSchema.parse({
  backends: [
    {
      name: 'foundry',
      type: 'appinsights',
      appId: 'app-guid',
      auth: { type: 'entra', tenantIdEnv: 'AZ_TENANT', clientIdEnv: 'AZ_CLIENT', clientSecretEnv: 'AZ_SECRET' },
    },
    {
      name: 'logs',
      type: 'loganalytics',
      workspaceId: 'ws-guid',
      auth: { type: 'header', name: 'x-api-key', valueEnv: 'LA_KEY' },
    },
  ],
});

let mockAgent: MockAgent;
let backends: Map<string, TraceBackend>;

beforeEach(() => {
  mockAgent = new MockAgent({ enableCallHistory: true });
  mockAgent.disableNetConnect();
  backends = createBackends(config, {
    dispatcher: mockAgent,
    environment: { AZ_TENANT: 'tenant-guid', AZ_CLIENT: 'client-guid', AZ_SECRET: 'entra-secret', LA_KEY: 'la-secret' },
  });
});
afterEach(async () => {
  await mockAgent.close();
});

function backend(name: string): TraceBackend {
  const found = backends.get(name);
  if (found === undefined) throw new Error(`no backend ${name}`);
  return found;
}

describe('Application Insights', () => {
  it('gets one Entra token, caches it, and runs the union query over the operation', async () => {
    let tokenForm: URLSearchParams | undefined;
    mockAgent
      .get('https://login.microsoftonline.com')
      .intercept({
        path: '/tenant-guid/oauth2/v2.0/token',
        method: 'POST',
        body: (body) => {
          tokenForm = new URLSearchParams(body);
          return true;
        },
      })
      .reply(
        200,
        JSON.stringify({ token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599, access_token: 'eyJ0.token' }),
      );
    const queries: string[] = [];
    mockAgent
      .get('https://api.applicationinsights.io')
      .intercept({
        path: '/v1/apps/app-guid/query',
        method: 'POST',
        headers: { authorization: 'Bearer eyJ0.token' },
        body: (body) => {
          queries.push((JSON.parse(body) as { query: string }).query);
          return true;
        },
      })
      .reply(200, classic)
      .times(2);
    const trace = await backend('foundry').fetchTrace(classicId.toUpperCase());
    await backend('foundry').fetchTrace(classicId);
    expect(trace.spans.length).toBeGreaterThan(0);
    expect(tokenForm?.get('grant_type')).toBe('client_credentials');
    expect(tokenForm?.get('scope')).toBe('https://api.applicationinsights.io/.default');
    expect(queries[0]).toContain(`operation_Id == "${classicId}"`);
    expect(queries[0]).toContain('union withsource=tbl requests, dependencies, traces, exceptions');
    const tokenCalls = mockAgent.getCallHistory()?.filterCalls({ origin: 'https://login.microsoftonline.com' });
    expect(tokenCalls).toHaveLength(1);
  });

  it('refuses an ID that is not an operation ID before any request (no KQL injection)', async () => {
    await expect(backend('foundry').fetchTrace('" or 1==1 //')).rejects.toMatchObject({ code: 'trace_not_found' });
    expect(mockAgent.getCallHistory()?.calls()).toHaveLength(0);
  });
});

describe('Log Analytics', () => {
  it('queries the workspace tables with the API key', async () => {
    let query = '';
    mockAgent
      .get('https://api.loganalytics.io')
      .intercept({
        path: '/v1/workspaces/ws-guid/query',
        method: 'POST',
        headers: { 'x-api-key': 'la-secret' },
        body: (body) => {
          query = (JSON.parse(body) as { query: string }).query;
          return true;
        },
      })
      .reply(200, workspace);
    const trace = await backend('logs').fetchTrace(workspaceId);
    expect(trace.spans.length).toBeGreaterThan(0);
    expect(query).toContain(`OperationId == "${workspaceId}"`);
  });

  it('lists failed operations', async () => {
    mockAgent
      .get('https://api.loganalytics.io')
      .intercept({ path: '/v1/workspaces/ws-guid/query', method: 'POST' })
      .reply(
        200,
        JSON.stringify({
          tables: [
            {
              name: 'PrimaryResult',
              columns: [{ name: 'OperationId', type: 'string' }],
              rows: [[workspaceId.toUpperCase()], [classicId]],
            },
          ],
        }),
      );
    const identifiers = await backend('logs').searchFailedTraces?.({ start: 0, end: 3_600_000 }, 10);
    expect(identifiers).toEqual([workspaceId, classicId]);
  });
});
