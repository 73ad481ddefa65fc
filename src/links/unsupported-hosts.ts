/** UIs we recognise but cannot fetch from yet. */
export function unsupportedUiFor(hostname: string): string | undefined {
  if (/(^|\.)(datadoghq\.com|datadoghq\.eu|ddog-gov\.com)$/.test(hostname)) return 'Datadog';
  if (/(^|\.)honeycomb\.io$/.test(hostname)) return 'Honeycomb';
  return undefined;
}

/**
 * Hosted UIs whose links name a trace the configured API of that type can fetch: the link's host is never
 * contacted, only the configured backend, so accepting these is safe.
 */
export function hostedUiTypeFor(hostname: string): string[] {
  if (hostname === 'smith.langchain.com' || hostname === 'eu.smith.langchain.com') return ['langsmith'];
  if (hostname === 'cloud.langfuse.com' || hostname.endsWith('.cloud.langfuse.com')) return ['langfuse'];
  if (hostname === 'app.phoenix.arize.com') return ['phoenix'];
  if (hostname === 'portal.azure.com' || hostname === 'ai.azure.com' || hostname.endsWith('.ai.azure.com')) {
    return ['appinsights', 'loganalytics'];
  }
  return [];
}

/** Loopback, private, link-local and unspecified addresses, as the URL parser normalises them. */
export function isPrivateHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || host === 'localhost.' || host.endsWith('.localhost') || host.endsWith('.localhost.'))
    return true;
  const ipv4 = /^(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(host);
  if (ipv4) {
    const [first, second] = [Number(ipv4[1]), Number(ipv4[2])];
    return (
      first === 0 ||
      first === 10 ||
      first === 127 ||
      (first === 169 && second === 254) ||
      (first === 172 && second >= 16 && second <= 31) ||
      (first === 192 && second === 168) ||
      (first === 100 && second >= 64 && second <= 127)
    );
  }
  if (host.includes(':')) {
    return (
      host === '::' ||
      host === '::1' ||
      host.startsWith('::ffff:') ||
      host.startsWith('fe80:') ||
      host.startsWith('fc') ||
      host.startsWith('fd')
    );
  }
  return false;
}
