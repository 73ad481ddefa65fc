import { InputError } from '../../src/errors/index.js';

/** Slack's own file hosts; a file URL anywhere else is refused, whatever the event says. */
export const slackFileHosts: ReadonlySet<string> = new Set([
  'files.slack.com',
  'files-origin.slack.com',
  'files-edu.slack.com',
  'files.slack-gov.com',
]);

export interface SlackFileReference {
  name: string;
  url: string;
  /** Size Slack reports, when it does; checked before downloading. */
  size: number | null;
}

export interface DownloadOptions {
  botToken: string;
  maxBytes: number;
  signal?: AbortSignal;
  fetch?: typeof globalThis.fetch;
}

function refuse(file: SlackFileReference, message: string, expected: string, tooLarge = false): InputError {
  return new InputError(
    message,
    { source: `attachment ${file.name}`, expected },
    tooLarge ? { code: 'input_too_large' } : {},
  );
}

/**
 * Downloads an attached trace file from `url_private_download` with the bot token, only from Slack's
 * file hosts, without following redirects, and without reading more than `maxBytes`. gzip files come
 * back as they are (the core unzips them). An HTML page instead of the file (Slack's sign-in page,
 * when the token lacks `files:read`) is a failed download.
 */
export async function downloadSlackFile(file: SlackFileReference, options: DownloadOptions): Promise<Uint8Array> {
  let url: URL;
  try {
    url = new URL(file.url);
  } catch {
    throw refuse(file, 'the file link is not a URL', 'a files.slack.com download link');
  }
  if (url.protocol !== 'https:' || !slackFileHosts.has(url.hostname) || url.username || url.password || url.port) {
    throw refuse(file, `the file is not on Slack's file host (${url.hostname})`, 'a files.slack.com download link');
  }
  if (file.size !== null && file.size > options.maxBytes) {
    throw refuse(
      file,
      `the file is ${file.size} bytes, over the ${options.maxBytes}-byte limit`,
      'a smaller export',
      true,
    );
  }
  const fetchFunction = options.fetch ?? globalThis.fetch;
  const response = await fetchFunction(url, {
    headers: { authorization: `Bearer ${options.botToken}` },
    redirect: 'manual',
    ...(options.signal ? { signal: options.signal } : {}),
  });
  if (response.status !== 200) {
    await response.body?.cancel();
    throw refuse(
      file,
      `Slack answered the download with HTTP ${response.status}`,
      'HTTP 200 with the file (the app needs the files:read scope)',
    );
  }
  const contentType = response.headers.get('content-type') ?? '';
  if (contentType.includes('text/html')) {
    await response.body?.cancel();
    throw refuse(
      file,
      'Slack sent a web page instead of the file',
      'the file itself (the app needs the files:read scope)',
    );
  }
  const chunks: Uint8Array[] = [];
  let total = 0;
  if (response.body) {
    const reader = response.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > options.maxBytes) {
        await reader.cancel();
        throw refuse(file, `the file is over the ${options.maxBytes}-byte limit`, 'a smaller export', true);
      }
      chunks.push(value);
    }
  }
  const bytes = Buffer.concat(chunks);
  // A sign-in page served without an HTML content type still starts like one.
  const head = bytes.subarray(0, 256).toString('utf8').trimStart().toLowerCase();
  if (head.startsWith('<!doctype html') || head.startsWith('<html')) {
    throw refuse(
      file,
      'Slack sent a web page instead of the file',
      'the file itself (the app needs the files:read scope)',
    );
  }
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
