import { InputError } from '../../src/errors/index.js';
import { readFileResponse } from '../../src/formats/read-file-response.js';

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
  const body = await readFileResponse(response, options.maxBytes);
  if (body.kind === 'too-large')
    throw refuse(file, `the file is over the ${body.limit}-byte limit`, 'a smaller export', true);
  if (body.kind === 'web-page')
    throw refuse(
      file,
      'Slack sent a web page instead of the file',
      'the file itself (the app needs the files:read scope)',
    );
  return body.bytes;
}
