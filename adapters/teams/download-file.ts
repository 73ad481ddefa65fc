import { InputError } from '../../src/errors/index.js';
import { readFileResponse } from '../../src/formats/read-file-response.js';
import type { TeamsFileReference } from './activity.js';

/**
 * Where Teams keeps files sent to a bot: the sender's OneDrive for Business, which lives on SharePoint
 * Online (`contoso-my.sharepoint.com`), also in the sovereign clouds (GCC High `sharepoint.us`, DoD
 * `sharepoint-mil.us`, 21Vianet `sharepoint.cn`) and Microsoft's own dogfood ring (`sharepoint-df.com`).
 * Only sub-domains match: the bare suffix is never a tenant. Short links (`1drv.ms`) only redirect, so
 * they are not download hosts.
 */
export const microsoftFileHostSuffixes: readonly string[] = [
  '.sharepoint.com',
  '.sharepoint-df.com',
  '.sharepoint.us',
  '.sharepoint-mil.us',
  '.sharepoint.cn',
];

export function isMicrosoftFileHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/\.$/, '');
  return microsoftFileHostSuffixes.some((suffix) => host.endsWith(suffix) && host.length > suffix.length);
}

/** File types a trace export comes in; anything else (a screenshot, a PDF) is refused before downloading. */
export const traceFileTypes: ReadonlySet<string> = new Set([
  'json',
  'jsonl',
  'ndjson',
  'txt',
  'log',
  'gz',
  'gzip',
  'pb',
  'bin',
  'protobuf',
]);

export interface TeamsDownloadOptions {
  maxBytes: number;
  fetch: typeof globalThis.fetch;
  signal?: AbortSignal;
}

const maxRedirects = 3;

function refuse(file: TeamsFileReference, message: string, expected: string, tooLarge = false): InputError {
  return new InputError(
    message,
    { source: `attachment ${file.name}`, expected },
    tooLarge ? { code: 'input_too_large' } : {},
  );
}

function checkedUrl(file: TeamsFileReference, text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw refuse(file, 'the download link is not a URL', 'a SharePoint/OneDrive download link');
  }
  if (url.protocol !== 'https:' || !isMicrosoftFileHost(url.hostname) || url.username || url.password || url.port) {
    throw refuse(
      file,
      `the file is not on a Microsoft file host (${url.hostname})`,
      'an https download link on SharePoint/OneDrive for Business',
    );
  }
  return url;
}

/**
 * Downloads a personal-chat attachment from its pre-authenticated `downloadUrl`: https on a Microsoft
 * file host only, no bot token sent (the URL carries its own short-lived authorization), redirects
 * followed only on the same host, and never more than `maxBytes` read. gzip stays as it is: the core
 * reader unzips it.
 */
export async function downloadTeamsFile(file: TeamsFileReference, options: TeamsDownloadOptions): Promise<Uint8Array> {
  if (file.fileType !== null && !traceFileTypes.has(file.fileType)) {
    throw refuse(
      file,
      `a .${file.fileType} file is not a trace export`,
      'a JSON, JSON Lines, text or gzip export of the trace',
    );
  }
  let url = checkedUrl(file, file.downloadUrl);
  const originalHost = url.hostname;
  let response: Response | null = null;
  for (let hop = 0; hop <= maxRedirects; hop += 1) {
    response = await options.fetch(url, {
      redirect: 'manual',
      ...(options.signal ? { signal: options.signal } : {}),
    });
    if (response.status < 300 || response.status >= 400) break;
    const location = response.headers.get('location');
    await response.body?.cancel();
    if (!location || hop === maxRedirects) {
      throw refuse(file, 'the download kept redirecting', 'the file itself');
    }
    const next = checkedUrl(file, new URL(location, url).toString());
    if (next.hostname !== originalHost) {
      throw refuse(file, `the download redirected to another host (${next.hostname})`, 'the file on the same host');
    }
    url = next;
  }
  if (response === null || response.status !== 200) {
    await response?.body?.cancel();
    throw refuse(
      file,
      `the file host answered the download with HTTP ${response?.status ?? 'no response'}`,
      'HTTP 200 with the file (send it again: download links expire after a while)',
    );
  }
  const declared = Number(response.headers.get('content-length') ?? Number.NaN);
  if (Number.isFinite(declared) && declared > options.maxBytes) {
    await response.body?.cancel();
    throw refuse(
      file,
      `the file is ${declared} bytes, over the ${options.maxBytes}-byte limit`,
      'a smaller export',
      true,
    );
  }
  const body = await readFileResponse(response, options.maxBytes);
  if (body.kind === 'too-large')
    throw refuse(file, `the file is over the ${body.limit}-byte limit`, 'a smaller export', true);
  if (body.kind === 'web-page')
    throw refuse(file, 'the file host sent a web page instead of the file', 'the file itself');
  return body.bytes;
}
