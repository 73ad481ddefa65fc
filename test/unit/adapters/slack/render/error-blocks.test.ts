import { describe, expect, it } from 'vitest';
import { renderErrorBlocks } from '../../../../../adapters/slack/render/error-blocks.js';
import { type ErrorCode, errorCodes, TracehoundError } from '../../../../../src/errors/index.js';

const secret = 'sk-lf-2b7c9d0e1f';

function replyFor(error: unknown): { text: string; body: string } {
  const rendered = renderErrorBlocks(error, 'http://jaeger:16686/trace/4bf92f3577b34da6a3ce929d0e0e4736');
  const body = (rendered.blocks as Array<{ text?: { text?: string } }>)
    .map((block) => block.text?.text ?? '')
    .join('\n');
  return { text: rendered.text, body };
}

const backendCodes: ErrorCode[] = [
  'trace_not_found',
  'backend_auth',
  'backend_rate_limited',
  'backend_timeout',
  'backend_unavailable',
  'backend_bad_response',
  'backend_failed',
];

describe('renderErrorBlocks for backend failures', () => {
  it('gives each backend failure its own title', () => {
    const titles = backendCodes.map((code) => replyFor(new TracehoundError(code, `${code} happened`)).text);
    expect(new Set(titles).size).toBe(backendCodes.length);
  });

  it.each([
    ['backend_unavailable', /down or erroring/, /Check the backend’s health.*attach the exported trace file/],
    [
      'backend_bad_response',
      /answer could not be read/,
      /cut short or not in the shape.*attach the exported trace file/,
    ],
    ['backend_failed', /refused the request/, /redirects are not followed.*configured `url`/],
    ['backend_timeout', /slow to answer/, /Try again in a minute/],
    ['backend_auth', /could not sign in/, /check the backend’s token or password/],
  ] as const)('%s says what happened and what to do', (code, title, advice) => {
    const reply = replyFor(new TracehoundError(code, `jaeger: something (${secret})`));
    expect(reply.text).toMatch(title);
    expect(reply.body).toMatch(advice);
  });

  it('tells a too-large answer apart from a broken one', () => {
    const tooLarge = replyFor(new TracehoundError('backend_bad_response', 'x', { details: { reason: 'too_large' } }));
    const truncated = replyFor(new TracehoundError('backend_bad_response', 'x', { details: { reason: 'truncated' } }));
    expect(tooLarge.body).toMatch(/larger than tracehound’s response limit/);
    expect(truncated.body).not.toMatch(/larger than/);
  });

  it('says how long a rate-limited backend asked to wait, when it said', () => {
    const asked = replyFor(new TracehoundError('backend_rate_limited', 'x', { details: { retryAfterSeconds: 120 } }));
    expect(asked.body).toMatch(/It asked to wait 120 s/);
    expect(replyFor(new TracehoundError('backend_rate_limited', 'x')).body).toMatch(/Try again in a few minutes/);
  });

  it('never shows a backend error’s own message, which may name what the backend echoed', () => {
    for (const code of errorCodes.filter((candidate) => candidate.startsWith('backend_'))) {
      const reply = replyFor(new TracehoundError(code, `jaeger: HTTP 401 for /api/traces (token ${secret})`));
      expect(`${reply.text}\n${reply.body}`).not.toContain(secret);
    }
  });
});
