import { describe, expect, it } from 'vitest';
import type { TeamsFileReference } from '../../../../adapters/teams/activity.js';
import { downloadTeamsFile, isMicrosoftFileHost } from '../../../../adapters/teams/download-file.js';
import { TracehoundError } from '../../../../src/errors/index.js';

const file = (downloadUrl: string, fileType: string | null = 'json'): TeamsFileReference => ({
  name: 'trace.json',
  downloadUrl,
  fileType,
});

/** A fetch that answers from a list of responses and records each request; no network. */
function scriptedFetch(responses: Response[]) {
  const requests: { url: string; init: RequestInit | undefined }[] = [];
  const fetch: typeof globalThis.fetch = async (input, init) => {
    requests.push({ url: String(input), init });
    const next = responses.shift();
    if (!next) throw new Error('no more scripted responses');
    return next;
  };
  return { fetch, requests };
}

async function failure(promise: Promise<unknown>): Promise<TracehoundError> {
  try {
    await promise;
  } catch (error) {
    if (TracehoundError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('isMicrosoftFileHost', () => {
  it.each([
    ['contoso-my.sharepoint.com', true],
    ['contoso.sharepoint.com', true],
    ['CONTOSO-MY.SHAREPOINT.COM', true],
    ['contoso-my.sharepoint-df.com', true],
    ['agency.sharepoint.us', true],
    ['agency.sharepoint-mil.us', true],
    ['contoso.sharepoint.cn', true],
    ['sharepoint.com', false],
    ['evilsharepoint.com', false],
    ['sharepoint.com.evil.example', false],
    ['1drv.ms', false],
    ['files.slack.com', false],
  ])('%s → %s', (host, expected) => {
    expect(isMicrosoftFileHost(host)).toBe(expected);
  });
});

describe('downloadTeamsFile', () => {
  const url = 'https://contoso-my.sharepoint.com/personal/dana/_layouts/15/download.aspx?UniqueId=1&tempauth=x';

  it('fetches without credentials or automatic redirects and returns the bytes', async () => {
    const { fetch, requests } = scriptedFetch([new Response('{"resourceSpans":[]}', { status: 200 })]);
    const bytes = await downloadTeamsFile(file(url), { maxBytes: 1_000, fetch });
    expect(new TextDecoder().decode(bytes)).toBe('{"resourceSpans":[]}');
    expect(requests).toHaveLength(1);
    expect(requests[0]?.init?.redirect).toBe('manual');
    expect(requests[0]?.init?.headers).toBeUndefined();
  });

  it('follows a redirect on the same host only', async () => {
    const { fetch, requests } = scriptedFetch([
      new Response(null, { status: 302, headers: { location: '/personal/dana/file.json?tempauth=y' } }),
      new Response('{}', { status: 200 }),
    ]);
    await downloadTeamsFile(file(url), { maxBytes: 1_000, fetch });
    expect(requests.map((request) => request.url)).toEqual([
      url,
      'https://contoso-my.sharepoint.com/personal/dana/file.json?tempauth=y',
    ]);
  });

  it('refuses a redirect to another Microsoft host, and to any other host, without requesting it', async () => {
    for (const location of ['https://fabrikam.sharepoint.com/x', 'https://169.254.169.254/latest/meta-data']) {
      const { fetch, requests } = scriptedFetch([new Response(null, { status: 302, headers: { location } })]);
      const error = await failure(downloadTeamsFile(file(url), { maxBytes: 1_000, fetch }));
      expect(error.code).toBe('input_unreadable');
      expect(requests).toHaveLength(1);
    }
  });

  it('refuses links with credentials, ports, http or other hosts before any request', async () => {
    for (const bad of [
      'https://user:pass@contoso-my.sharepoint.com/x',
      'https://contoso-my.sharepoint.com:8443/x',
      'http://contoso-my.sharepoint.com/x',
      'https://localhost/x',
      'not a url',
    ]) {
      const { fetch, requests } = scriptedFetch([]);
      await failure(downloadTeamsFile(file(bad), { maxBytes: 1_000, fetch }));
      expect(requests).toEqual([]);
    }
  });

  it('says the file is too large, from the declared length or while reading', async () => {
    const declared = scriptedFetch([
      new Response('x'.repeat(10), { status: 200, headers: { 'content-length': '5000' } }),
    ]);
    expect((await failure(downloadTeamsFile(file(url), { maxBytes: 1_000, fetch: declared.fetch }))).code).toBe(
      'input_too_large',
    );
    const streamed = scriptedFetch([new Response('x'.repeat(5_000), { status: 200 })]);
    const error = await failure(downloadTeamsFile(file(url), { maxBytes: 1_000, fetch: streamed.fetch }));
    expect(error.code).toBe('input_too_large');
    expect(error.message).toContain('attachment trace.json');
  });

  it('treats a sign-in page or an error status as a failed download', async () => {
    const page = scriptedFetch([new Response('<!DOCTYPE html><html>Sign in</html>', { status: 200 })]);
    expect((await failure(downloadTeamsFile(file(url), { maxBytes: 1_000, fetch: page.fetch }))).message).toContain(
      'web page',
    );
    const expired = scriptedFetch([new Response('', { status: 401 })]);
    expect((await failure(downloadTeamsFile(file(url), { maxBytes: 1_000, fetch: expired.fetch }))).message).toContain(
      'HTTP 401',
    );
  });

  it('refuses file types that are not trace exports without downloading', async () => {
    const { fetch, requests } = scriptedFetch([]);
    const error = await failure(downloadTeamsFile(file(url, 'docx'), { maxBytes: 1_000, fetch }));
    expect(error.message).toContain('a .docx file is not a trace export');
    expect(requests).toEqual([]);
  });
});
