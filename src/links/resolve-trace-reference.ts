import type { BackendConfig, TracehoundConfig } from '../config/index.js';
import { TracehoundError } from '../errors/index.js';
import { parseGrafanaLink } from './grafana-link.js';
import { parseJaegerLink } from './jaeger-link.js';
import { parseLangfuseLink } from './langfuse-link.js';
import { parseLangsmithLink } from './langsmith-link.js';
import { parsePhoenixLink } from './phoenix-link.js';
import type { LinkMatch, ResolvedReference } from './resolved-reference.js';
import {
  decodeRepeatedly,
  isBareTraceId,
  normalizeTraceId,
  scanForOperationId,
  scanForTraceId,
} from './trace-id-patterns.js';
import { hostedUiTypeFor, isPrivateHost, unsupportedUiFor } from './unsupported-hosts.js';
import { parseZipkinLink } from './zipkin-link.js';

export const maximumReferenceLength = 4096;

function refuse(message: string): never {
  throw new TracehoundError('link_refused', message);
}

function originOf(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  try {
    return new URL(text).origin;
  } catch {
    return undefined;
  }
}

function parseForType(type: BackendConfig['type'], url: URL): LinkMatch | undefined {
  switch (type) {
    case 'jaeger':
      return parseJaegerLink(url);
    case 'tempo':
    case 'grafana-tempo':
      return parseGrafanaLink(url);
    case 'zipkin':
      return parseZipkinLink(url);
    case 'langfuse':
      return parseLangfuseLink(url);
    case 'phoenix':
      return parsePhoenixLink(url);
    case 'langsmith':
      return parseLangsmithLink(url);
    case 'appinsights':
    case 'loganalytics':
    case 'local':
      return undefined;
  }
}

/**
 * Turns pasted text into a link on a configured backend or a bare trace ID. Makes no request: a link to a
 * host that is not configured (matched on scheme, host and port of `url` or `uiUrl`) is refused here.
 */
export function resolveTraceReference(text: string, config: TracehoundConfig): ResolvedReference {
  if (text.length > maximumReferenceLength) refuse(`the reference is longer than ${maximumReferenceLength} characters`);
  const trimmed = text.trim();
  if (isBareTraceId(trimmed)) return { kind: 'id', traceId: normalizeTraceId(trimmed) };
  // Backslashes and control characters are read differently by different URL parsers: refuse, never guess.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what we refuse
  if (/[\\\s\u0000-\u001f\u007f]/.test(trimmed)) refuse('the link contains backslashes, spaces or control characters');
  if (!/^https?:\/\//i.test(trimmed)) refuse('only http(s) links and trace IDs are accepted');
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    refuse('the link is not a valid URL');
  }
  if (url.username !== '' || url.password !== '') refuse('links with a user name or password are refused');
  const unsupported = unsupportedUiFor(url.hostname);
  if (unsupported !== undefined) {
    throw new TracehoundError('link_unsupported', `${unsupported} links are not supported yet`);
  }

  let candidates = config.backends.filter(
    (backend) => originOf(backend.url) === url.origin || originOf(backend.uiUrl) === url.origin,
  );
  if (candidates.length === 0 && url.protocol === 'https:') {
    const types = hostedUiTypeFor(url.hostname);
    candidates = config.backends.filter((backend) => types.includes(backend.type) && backend.uiUrl === undefined);
  }
  if (candidates.length === 0) {
    refuse(
      isPrivateHost(url.hostname)
        ? `${url.hostname} is a private or loopback address that is not a configured backend`
        : `${url.host} is not a configured backend`,
    );
  }

  const decoded = decodeRepeatedly(url.href);
  for (const backend of candidates) {
    const match = parseForType(backend.type, url);
    if (match === undefined) continue;
    // Several Grafana data sources may share one Grafana: the link's data source picks among them.
    const chosen =
      match.datasourceUid === undefined
        ? backend
        : (candidates.find((candidate) => candidate.datasourceUid === match.datasourceUid) ?? backend);
    return { kind: 'link', backendName: chosen.name, ...match };
  }
  // No UI pattern matched (Azure portal, Foundry, unknown routes): scan the decoded link for an ID.
  const first = candidates[0];
  const rest = decoded.replace(/^https?:\/\/[^/]+/i, '');
  const azure = first !== undefined && (first.type === 'appinsights' || first.type === 'loganalytics');
  const scanned = azure ? scanForOperationId(rest) : scanForTraceId(rest);
  if (scanned !== undefined && first !== undefined) return { kind: 'link', backendName: first.name, traceId: scanned };
  throw new TracehoundError(
    'link_unsupported',
    azure
      ? `no operation ID found in the link to ${url.host}: paste the operation ID (32 hex digits) from the transaction details`
      : `no trace ID found in the link to ${url.host}`,
  );
}
