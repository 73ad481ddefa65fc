import type { Report } from './report.js';

export interface RedactionOptions {
  /** Also mask personal data: emails (keeping the domain, so a drift stays visible) and phone numbers. */
  personalData: boolean;
}

interface SecretPattern {
  pattern: RegExp;
  replace: (match: string, ...groups: string[]) => string;
}

const masked = '[REDACTED]';

/** Secrets that must never reach a chat channel or a log. Ordered: specific providers before generic shapes. */
const secretPatterns: readonly SecretPattern[] = [
  // PEM private keys (whole block)
  {
    pattern: /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z ]*PRIVATE KEY-----/g,
    replace: () => `[REDACTED PRIVATE KEY]`,
  },
  // JWTs
  { pattern: /\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\b/g, replace: () => masked },
  // Provider keys and tokens
  { pattern: /\bsk-ant-[A-Za-z0-9_-]{16,}/g, replace: () => masked },
  { pattern: /\bsk-(?:proj-|live-|test-)?[A-Za-z0-9_-]{20,}/g, replace: () => masked },
  { pattern: /\b[sp]k-lf-[A-Za-z0-9-]{8,}/g, replace: () => masked },
  { pattern: /\b(?:sk|rk|pk)_(?:live|test)_[A-Za-z0-9]{16,}/g, replace: () => masked },
  { pattern: /\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/g, replace: () => masked },
  { pattern: /\bgh[pousr]_[A-Za-z0-9]{30,}\b/g, replace: () => masked },
  { pattern: /\bgithub_pat_[A-Za-z0-9_]{40,}\b/g, replace: () => masked },
  { pattern: /\bglpat-[A-Za-z0-9_-]{20,}\b/g, replace: () => masked },
  { pattern: /\bxox[abposr]-[A-Za-z0-9-]{10,}/g, replace: () => masked },
  { pattern: /\bxapp-[A-Za-z0-9-]{10,}/g, replace: () => masked },
  { pattern: /\bAIza[A-Za-z0-9_-]{35}\b/g, replace: () => masked },
  { pattern: /\bhf_[A-Za-z0-9]{30,}\b/g, replace: () => masked },
  { pattern: /\bnpm_[A-Za-z0-9]{36}\b/g, replace: () => masked },
  // Authorization headers and bearer/basic credentials
  { pattern: /\b(Bearer|Basic|Token)\s+[A-Za-z0-9._~+/=-]{8,}/gi, replace: (_match, scheme) => `${scheme} ${masked}` },
  // Credentials in URLs and connection strings: scheme://user:password@host
  {
    pattern: /\b([a-z][a-z0-9+.-]*:\/\/)([^\s:/@]+):([^\s@/]+)@/gi,
    replace: (_match, scheme, user) => `${scheme}${user}:${masked}@`,
  },
  // key=value secrets in query strings, connection strings, env dumps, JSON
  {
    pattern:
      /\b((?:api[_-]?key|apikey|access[_-]?token|refresh[_-]?token|auth[_-]?token|client[_-]?secret|secret[_-]?key|secret|password|passwd|pwd|token|sig|signature|AccountKey|SharedAccessKey)["']?\s*[:=]\s*["']?)([^\s"'&;,}]{4,})/gi,
    replace: (_match, prefix) => `${prefix}${masked}`,
  },
];

const cardPattern = /\b(?:\d[ -]?){13,19}\b/g;

function passesLuhn(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let index = digits.length - 1; index >= 0; index -= 1) {
    let digit = Number(digits[index]);
    if (double) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
    double = !double;
  }
  return sum % 10 === 0;
}

const emailPattern = /\b([A-Za-z0-9._%+-])([A-Za-z0-9._%+-]*)@([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)\b/g;
const phonePattern = /(?<![\w])(\+?\d{1,3}[ .-]?)?\(?\d{2,4}\)?[ .-]\d{3,4}[ .-]\d{3,4}\b/g;

/** Masks secrets always, and personal data when asked, in one string. */
export function redactText(text: string, options: RedactionOptions): string {
  let result = text;
  for (const { pattern, replace } of secretPatterns)
    result = result.replace(pattern, replace as (substring: string, ...args: string[]) => string);
  result = result.replace(cardPattern, (match) => {
    const digits = match.replace(/\D/g, '');
    return digits.length >= 13 && digits.length <= 19 && passesLuhn(digits) ? '[REDACTED CARD]' : match;
  });
  if (options.personalData) {
    result = result.replace(
      emailPattern,
      (_match, first: string, _rest: string, domain: string) => `${first}***@${domain}`,
    );
    result = result.replace(phonePattern, (match) =>
      match.replace(/\D/g, '').length >= 7 ? `${'*'.repeat(Math.max(0, match.length - 2))}${match.slice(-2)}` : match,
    );
  }
  return result;
}

function redactValue<T>(value: T, options: RedactionOptions): T {
  if (typeof value === 'string') return redactText(value, options) as T;
  if (Array.isArray(value)) return value.map((item) => redactValue(item, options)) as T;
  if (value !== null && typeof value === 'object') {
    const result: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) result[key] = redactValue(item, options);
    return result as T;
  }
  return value;
}

/**
 * One redaction pass over a whole report, applied by every adapter to everything it posts. Span IDs,
 * layers and rule names carry no secrets and are kept as they are so links back to the trace work.
 */
export function redactReport(report: Report, options: RedactionOptions): Report {
  const redacted = redactValue(report, options);
  return {
    ...redacted,
    traceId: report.traceId,
    format: report.format,
    traceUrl: report.traceUrl === null ? null : redactText(report.traceUrl, { personalData: false }),
    verdict: report.verdict,
  };
}
