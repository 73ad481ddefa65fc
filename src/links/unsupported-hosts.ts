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

function isPrivateIpv4(first: number, second: number): boolean {
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

/** The eight 16-bit groups of an IPv6 address as the URL parser prints it (`::` expanded); undefined if not one. */
function ipv6Groups(host: string): number[] | undefined {
  const halves = host.split('::');
  if (halves.length > 2) return undefined;
  const parse = (part: string | undefined): number[] =>
    part === undefined || part === '' ? [] : part.split(':').map((group) => Number.parseInt(group, 16));
  const head = parse(halves[0]);
  const tail = parse(halves[1]);
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined;
  const groups = [...head, ...Array<number>(halves.length === 1 ? 0 : missing).fill(0), ...tail];
  return groups.every((group) => Number.isInteger(group) && group >= 0 && group <= 0xffff) ? groups : undefined;
}

/** Loopback, private (RFC 1918, ULA), link-local, CGNAT and unspecified addresses, as the URL parser normalises them. */
export function isPrivateHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || host === 'localhost.' || host.endsWith('.localhost') || host.endsWith('.localhost.'))
    return true;
  const ipv4 = /^(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(host);
  if (ipv4) return isPrivateIpv4(Number(ipv4[1]), Number(ipv4[2]));
  if (!host.includes(':')) return false;
  const groups = ipv6Groups(host);
  if (groups === undefined) return true;
  const [first = 0, , , , , sixth = 0, seventh = 0] = groups;
  const leadingZeros = groups.findIndex((group) => group !== 0);
  // ::, ::1 and the IPv4-compatible ::a.b.c.d: nothing public is spelt this way.
  if (leadingZeros === -1 || leadingZeros >= 6) return true;
  // IPv4-mapped (::ffff:a.b.c.d) and its SIIT variant (::ffff:0:a.b.c.d) reach an IPv4 host directly.
  if (leadingZeros === 5 && sixth === 0xffff) return true;
  if (leadingZeros === 4 && groups[4] === 0xffff && sixth === 0) return true;
  // NAT64 (64:ff9b::/96) in front of a private IPv4 address.
  if (first === 0x64 && groups[1] === 0xff9b && groups.slice(2, 6).every((group) => group === 0)) {
    return isPrivateIpv4(seventh >> 8, seventh & 0xff);
  }
  // fc00::/7 unique local, fe80::/10 link-local, fec0::/10 (deprecated) site-local.
  return (first & 0xfe00) === 0xfc00 || (first & 0xffc0) === 0xfe80 || (first & 0xffc0) === 0xfec0;
}
