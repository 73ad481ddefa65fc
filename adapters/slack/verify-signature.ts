import { createHmac, timingSafeEqual } from 'node:crypto';

/** Slack's own tolerance: a request stamped more than five minutes away from local time is refused. */
export const maxClockSkewSeconds = 300;

export interface SignatureInput {
  signingSecret: string;
  /** `X-Slack-Request-Timestamp`, seconds since the Unix epoch, as sent. */
  timestamp: string | undefined;
  /** `X-Slack-Signature`, `v0=<hex>`. */
  signature: string | undefined;
  /** The raw request body, exactly the bytes received. */
  rawBody: Uint8Array | string;
  /** Seconds since the Unix epoch; injectable so tests can use Slack's published example from 2018. */
  nowSeconds?: number;
}

export type SignatureCheck =
  | { valid: true }
  | { valid: false; reason: 'missing-headers' | 'malformed-timestamp' | 'stale-or-future' | 'mismatch' };

/** `v0=` + hex HMAC-SHA256 of `v0:{timestamp}:{body}` with the signing secret (Slack request signing, version 0). */
export function computeSlackSignature(signingSecret: string, timestamp: string, rawBody: Uint8Array | string): string {
  const hmac = createHmac('sha256', signingSecret);
  hmac.update(`v0:${timestamp}:`);
  hmac.update(rawBody);
  return `v0=${hmac.digest('hex')}`;
}

/**
 * Verifies a request from Slack. Unlike Bolt's own check, which refuses only old timestamps, this
 * refuses timestamps more than five minutes away in either direction (a future-stamped request is
 * as replayable as a stale one).
 */
export function verifySlackSignature(input: SignatureInput): SignatureCheck {
  if (!input.timestamp || !input.signature) return { valid: false, reason: 'missing-headers' };
  if (!/^\d{1,12}$/.test(input.timestamp)) return { valid: false, reason: 'malformed-timestamp' };
  const now = input.nowSeconds ?? Math.floor(Date.now() / 1000);
  if (Math.abs(now - Number(input.timestamp)) > maxClockSkewSeconds) return { valid: false, reason: 'stale-or-future' };
  const expected = Buffer.from(computeSlackSignature(input.signingSecret, input.timestamp, input.rawBody), 'utf8');
  const received = Buffer.from(input.signature, 'utf8');
  // timingSafeEqual needs equal lengths; a length difference reveals nothing about the secret.
  if (expected.length !== received.length || !timingSafeEqual(expected, received)) {
    return { valid: false, reason: 'mismatch' };
  }
  return { valid: true };
}
