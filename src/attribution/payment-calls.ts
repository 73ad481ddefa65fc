import type { Span } from '../model/span.js';
import { describeSpanError } from './span-errors.js';
import { actionWords } from './text/actions.js';

const paymentActions = new Set([...actionWords('pay'), ...actionWords('charge')]);
const paymentKey = /(^|_)(payment|payment_?(token|method|source|card)|card_?(token|id)|pay_?with|pm)(_|$)/i;

/** Whether an action word is paying or charging. */
export function isPaymentAction(action: string): boolean {
  return paymentActions.has(action);
}

/**
 * A call that succeeded and carried a payment method (`payment_token`, `payment_method`): "pay with the
 * card on file" was done by it, whatever the tool is called (`renew_pass`, `place_order`).
 */
export function paidByCall(spans: readonly Span[]): boolean {
  return spans.some((span) => {
    const args = span.tool?.arguments;
    if (!args || typeof args !== 'object' || Array.isArray(args)) return false;
    if (span.status.code === 'error' || describeSpanError(span) !== null) return false;
    return Object.keys(args).some((key) => paymentKey.test(key));
  });
}
