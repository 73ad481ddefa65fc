import type { JsonValue } from '../json-value.js';
import { num } from './values.js';

/** The HTTP response status: current, deprecated and RPC-bridged attribute names. */
export function readHttpStatus(attributes: Record<string, JsonValue>): number | null {
  const status =
    num(attributes['http.response.status_code']) ??
    num(attributes['http.status_code']) ??
    num(attributes['rpc.http.status_code']);
  return status !== null && Number.isInteger(status) && status >= 100 && status <= 599 ? status : null;
}
