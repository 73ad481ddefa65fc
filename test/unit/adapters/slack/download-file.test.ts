import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { downloadSlackFile } from '../../../../adapters/slack/download-file.js';
import { TracehoundError } from '../../../../src/errors/index.js';

const options = { botToken: 'xoxb-test', maxBytes: 1000 };

async function failure(promise: Promise<unknown>): Promise<TracehoundError> {
  try {
    await promise;
  } catch (error) {
    if (TracehoundError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected the download to fail');
}

describe('downloadSlackFile', () => {
  beforeEach(() => {
    nock.disableNetConnect();
  });
  afterEach(() => {
    nock.cleanAll();
    nock.enableNetConnect();
  });

  it('downloads from files.slack.com with the bot token, bytes unchanged', async () => {
    const scope = nock('https://files.slack.com', { reqheaders: { authorization: 'Bearer xoxb-test' } })
      .get('/files-pri/T1-F1/download/t.json')
      .reply(200, '{"resourceSpans":[]}', { 'content-type': 'application/json' });
    const bytes = await downloadSlackFile(
      { name: 't.json', url: 'https://files.slack.com/files-pri/T1-F1/download/t.json', size: 20 },
      options,
    );
    expect(Buffer.from(bytes).toString('utf8')).toBe('{"resourceSpans":[]}');
    expect(scope.isDone()).toBe(true);
  });

  it('refuses hosts other than Slack’s file hosts without sending the token anywhere', async () => {
    const error = await failure(
      downloadSlackFile({ name: 'x.json', url: 'https://files.slack.com.evil.example/x.json', size: 1 }, options),
    );
    expect(error.code).toBe('input_unreadable');
    expect(error.message).toContain("not on Slack's file host (files.slack.com.evil.example)");
    const plain = await failure(
      downloadSlackFile({ name: 'x.json', url: 'http://files.slack.com/x.json', size: 1 }, options),
    );
    expect(plain.message).toContain("not on Slack's file host");
  });

  it('refuses a file over the cap, by its declared size and while streaming', async () => {
    const declared = await failure(
      downloadSlackFile({ name: 'big.json', url: 'https://files.slack.com/big.json', size: 5000 }, options),
    );
    expect(declared.code).toBe('input_too_large');
    nock('https://files.slack.com').get('/liar.json').reply(200, 'x'.repeat(5000));
    const streamed = await failure(
      downloadSlackFile({ name: 'liar.json', url: 'https://files.slack.com/liar.json', size: 10 }, options),
    );
    expect(streamed.code).toBe('input_too_large');
    expect(streamed.message).toContain('attachment liar.json');
  });

  it('does not follow redirects and treats an HTML page as a failed download', async () => {
    nock('https://files.slack.com').get('/moved.json').reply(302, '', { location: 'https://slack.com/signin' });
    const moved = await failure(
      downloadSlackFile({ name: 'moved.json', url: 'https://files.slack.com/moved.json', size: 1 }, options),
    );
    expect(moved.message).toContain('HTTP 302');
    nock('https://files.slack.com')
      .get('/page.json')
      .reply(200, '\n<html><body>Sign in</body></html>', { 'content-type': 'application/octet-stream' });
    const page = await failure(
      downloadSlackFile({ name: 'page.json', url: 'https://files.slack.com/page.json', size: 1 }, options),
    );
    expect(page.message).toContain('web page instead of the file');
  });
});
