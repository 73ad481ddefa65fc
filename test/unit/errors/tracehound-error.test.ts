import { describe, expect, it } from 'vitest';
import { errorCodes, exitStatusFor, TracehoundError } from '../../../src/errors/index.js';

describe('exitStatusFor', () => {
  it.each([
    ['input_unreadable', 2],
    ['link_refused', 2],
    ['access_denied', 2],
    ['config_invalid', 2],
    ['trace_not_found', 3],
    ['backend_failed', 4],
    ['backend_unavailable', 4],
    ['backend_bad_response', 4],
    ['backend_timeout', 4],
    ['backend_auth', 4],
    ['backend_rate_limited', 4],
    ['internal', 1],
  ] as const)('%s exits with %i', (code, status) => {
    expect(exitStatusFor(code)).toBe(status);
  });

  it('has a status for every code, and every backend_ code means "a backend failed" (4)', () => {
    for (const code of errorCodes) {
      expect([1, 2, 3, 4]).toContain(exitStatusFor(code));
      if (code.startsWith('backend_')) expect(exitStatusFor(code)).toBe(4);
    }
  });
});

describe('TracehoundError', () => {
  it('is recognised across module copies by its brand, and keeps code and details', () => {
    const error = new TracehoundError('backend_bad_response', 'jaeger: cut short', {
      details: { backend: 'jaeger', reason: 'truncated' },
    });
    expect(TracehoundError.isInstance(error)).toBe(true);
    expect(TracehoundError.isInstance(new Error('plain'))).toBe(false);
    expect(error.code).toBe('backend_bad_response');
    expect(error.details).toEqual({ backend: 'jaeger', reason: 'truncated' });
  });
});
