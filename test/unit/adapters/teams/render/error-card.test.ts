import { describe, expect, it } from 'vitest';
import { errorReplyText, renderErrorCard } from '../../../../../adapters/teams/render/error-card.js';
import { errorCodes, TracehoundError } from '../../../../../src/errors/index.js';

describe('errorReplyText for backend failures', () => {
  const backendCodes = errorCodes.filter((code) => code.startsWith('backend_') || code === 'trace_not_found');

  it('gives each backend failure its own advice', () => {
    const texts = backendCodes.map((code) => errorReplyText(code));
    expect(new Set(texts).size).toBe(backendCodes.length);
  });

  it.each([
    ['backend_unavailable', /down or erroring.*Check its health/],
    ['backend_bad_response', /could not be read: it was cut short, too large/],
    ['backend_failed', /refused the request or redirected it.*configured URL/],
  ] as const)('%s says what happened and what to do', (code, expected) => {
    expect(errorReplyText(code)).toMatch(expected);
  });

  it('keeps a backend error’s own message (which may echo a credential) out of the card', () => {
    const secret = 'lsv2_pt_0123456789abcdef';
    for (const code of backendCodes) {
      const card = renderErrorCard(new TracehoundError(code, `langsmith: HTTP 401 (${secret})`), { subject: 'a link' });
      const text = JSON.stringify(card);
      expect(text).not.toContain(secret);
      expect(text).toContain(errorReplyText(code).slice(0, 40));
    }
  });
});
