import { describe, expect, it } from 'vitest';
import { computeSlackSignature, verifySlackSignature } from '../../../../adapters/slack/verify-signature.js';

// Slack's published example (docs.slack.dev/authentication/verifying-requests-from-slack).
const slackExample = {
  signingSecret: '8f742231b10e8888abcd99yyyzzz85a5',
  timestamp: '1531420618',
  body: 'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c',
  signature: 'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503',
};

describe('Slack request signatures', () => {
  it("computes Slack's published example signature", () => {
    expect(computeSlackSignature(slackExample.signingSecret, slackExample.timestamp, slackExample.body)).toBe(
      slackExample.signature,
    );
  });

  it("accepts Slack's published example at its own time", () => {
    const check = verifySlackSignature({ ...slackExample, rawBody: slackExample.body, nowSeconds: 1531420618 + 10 });
    expect(check).toEqual({ valid: true });
  });

  it('refuses the example once one byte of the body changes', () => {
    const check = verifySlackSignature({
      ...slackExample,
      rawBody: slackExample.body.replace('text=', 'text=x'),
      nowSeconds: 1531420618,
    });
    expect(check).toEqual({ valid: false, reason: 'mismatch' });
  });

  it('refuses timestamps more than five minutes old or in the future, and accepts them within', () => {
    const at = (now: number) => verifySlackSignature({ ...slackExample, rawBody: slackExample.body, nowSeconds: now });
    expect(at(1531420618 + 301)).toEqual({ valid: false, reason: 'stale-or-future' });
    expect(at(1531420618 - 301)).toEqual({ valid: false, reason: 'stale-or-future' });
    expect(at(1531420618 + 300)).toEqual({ valid: true });
    expect(at(1531420618 - 300)).toEqual({ valid: true });
  });

  it('refuses missing headers, malformed timestamps and signatures of another length', () => {
    const base = { signingSecret: slackExample.signingSecret, rawBody: slackExample.body, nowSeconds: 1531420618 };
    expect(verifySlackSignature({ ...base, timestamp: undefined, signature: slackExample.signature }).valid).toBe(
      false,
    );
    expect(verifySlackSignature({ ...base, timestamp: '15314x0618', signature: slackExample.signature })).toEqual({
      valid: false,
      reason: 'malformed-timestamp',
    });
    expect(verifySlackSignature({ ...base, timestamp: slackExample.timestamp, signature: 'v0=abc' })).toEqual({
      valid: false,
      reason: 'mismatch',
    });
  });
});
