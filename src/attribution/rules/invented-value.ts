import type { Span } from '../../model/span.js';
import type { Layer } from '../../report/report.js';
import { spanOfCheck } from '../analysis-context.js';
import type { ConstructedIn, ValueCheck, ValueSource } from '../provenance.js';
import type { Rule, RuleFinding } from '../rule.js';
import { type ExtractedValue, isPlaceholderValue } from '../values/extract-values.js';

const layerFor: Record<ConstructedIn, Layer> = {
  'tool-call': 'tool-args',
  'tool-args': 'tool-args',
  'retrieval-query': 'retrieval',
  plan: 'plan',
  'model-text': 'model',
  answer: 'model',
};

/** Arguments that pick where a call acts: a region, a cluster, an environment, an account. */
const scopeField =
  /(^|[._])(region|zone|cluster|env|environment|namespace|datacenter|dc|site|account|project|workspace|kube_?context|location|tenant|stage)$/i;

/** The parts of a code: `prod-eu-2` → prod, eu, 2. */
const unitCode = /^(?:sq[_-]?)?(?:ft|m|km|cm|mm|in|yd|mi|dm)[23²³]$/i;

function partsOf(text: string): string[] {
  return text.toLowerCase().split(/[-_.:/]+/);
}

/**
 * A scope argument with no source whose code differs in one part from one the request or an earlier
 * record names (`prod-us-2` where the alerts say `prod-eu-2`; `eu-west-1` for `eu-central-1`): a sibling
 * picked in place of the one meant.
 */
function siblingOf(value: ExtractedValue, codes: () => readonly ValueSource[]): ValueSource | null {
  if (value.type !== 'identifier' || value.field === null || !scopeField.test(value.field)) return null;
  const parts = partsOf(value.raw);
  if (parts.length < 2) return null;
  for (const source of codes()) {
    const other = partsOf(source.value.raw);
    if (other.length !== parts.length) continue;
    let differing = 0;
    for (let index = 0; index < parts.length; index += 1) if (parts[index] !== other[index]) differing += 1;
    // `us-east-1` against `us-east-1b`: the region a zone (one letter more) lies in, not a sibling of it.
    const within = source.value.raw.toLowerCase().startsWith(value.raw.toLowerCase());
    if (within && /^[a-z]$/i.test(source.value.raw.slice(value.raw.length))) continue;
    if (differing === 1 && /[a-z]/.test(parts.join(''))) return source;
  }
  return null;
}

function isUpstreamGap(gap: string): boolean {
  return gap === 'tool-result' || gap === 'retrieval-documents';
}

/**
 * A value with no source at all. A reserved or placeholder value (`customer@example.com`) is an error
 * wherever it is constructed; any other unsourced identifier or email is only a warning, and only
 * when everything upstream was captured (otherwise its source may simply not be recorded).
 */
export const inventedValueRule: Rule = {
  id: 'invented-value',
  evaluate(context) {
    const findings: RuleFinding[] = [];
    const reported = new Set<string>();
    // Codes of several parts the request and the records gave, gathered once and only when a scope value needs them.
    let gathered: ValueSource[] | null = null;
    const codes = (): readonly ValueSource[] => {
      if (gathered === null) {
        gathered = [];
        for (const source of context.provenance.firstSource.values()) {
          if (source.value.type !== 'identifier' || source.kind === 'constructed') continue;
          if (!/[-_.:/]/.test(source.value.raw)) continue;
          gathered.push(source);
          if (gathered.length >= 5_000) break;
        }
      }
      return gathered;
    };
    // Whether anything upstream of a position went uncaptured is a question of the earliest such span:
    // found once, not per value.
    let firstGap = Number.POSITIVE_INFINITY;
    let firstMissingResult = Number.POSITIVE_INFINITY;
    // With every ID once in the list, a span's position is its index, and the first span found is the earliest.
    const uniqueIds = context.position.size === context.spans.length;
    for (let index = 0; index < context.spans.length; index += 1) {
      const span = context.spans[index] as Span;
      if (span.notCaptured.some(isUpstreamGap))
        firstGap = Math.min(firstGap, uniqueIds ? index : (context.position.get(span.id) ?? Number.POSITIVE_INFINITY));
      if (span.role === 'tool' && span.tool?.result === null)
        firstMissingResult = Math.min(firstMissingResult, uniqueIds ? index : (context.position.get(span.id) ?? 0));
    }
    // Indexed: a large trace has a hundred thousand checks, and an iterator step each is garbage.
    const checks = context.provenance.checks;
    for (let index = 0; index < checks.length; index += 1) {
      const check = checks[index] as ValueCheck;
      if (check.status !== 'unsourced' || reported.has(check.value.key)) continue;
      const span = spanOfCheck(context, check);
      if (!span) continue;
      const placeholder = isPlaceholderValue(check.value);
      const typed =
        check.value.type === 'email' ||
        check.value.type === 'identifier' ||
        check.value.type === 'url' ||
        check.value.type === 'phone';
      if (!placeholder && !typed) continue;
      // `ft2`, `m3`, `km2`: a unit code is vocabulary a tool takes, not a record's value.
      if (check.value.type === 'identifier' && unitCode.test(check.value.raw)) continue;
      const position = context.position.get(span.id) ?? 0;
      const upstreamGap = firstGap < position;
      const toolResultMissing = firstMissingResult < position;
      if (!placeholder && (upstreamGap || toolResultMissing)) continue;
      // An unsourced value the model states as an answer is a model finding; as a tool argument, tool-args.
      if (!placeholder && (check.constructedIn === 'answer' || check.constructedIn === 'model-text')) continue;
      reported.add(check.value.key);
      const field = check.value.field ? `args.${check.value.field}` : 'output';
      const sibling = placeholder ? null : siblingOf(check.value, codes);
      if (sibling) {
        findings.push({
          rule: 'invented-value',
          spanId: span.id,
          layer: layerFor[check.constructedIn],
          severity: 'error',
          message: `${span.name} used ${check.value.raw} where the ${sibling.label} has ${sibling.value.raw}, one part apart`,
          summary: `${check.value.raw} in ${field} has no source; the ${sibling.label} names ${sibling.value.raw}, which differs in one part (a sibling ${check.value.field?.split('.').pop() ?? 'value'}).`,
          confidence: 0.8,
          evidence: [
            { spanId: span.id, field, expected: sibling.value.raw, actual: check.value.raw, source: sibling.label },
          ],
          causal: true,
          badValue: check.value.key,
        });
        continue;
      }
      findings.push({
        rule: 'invented-value',
        spanId: span.id,
        layer: layerFor[check.constructedIn],
        severity: placeholder ? 'error' : 'warning',
        message: placeholder
          ? `${span.name} used ${check.value.raw}, a reserved placeholder that no upstream span produced`
          : `${span.name} used ${check.value.raw}, which no upstream span produced`,
        summary: placeholder
          ? `${check.value.raw} in ${field} is a placeholder value that no upstream span produced (invented).`
          : `${check.value.raw} in ${field} has no source upstream (invented?).`,
        confidence: placeholder ? 0.8 : 0.45,
        evidence: [{ spanId: span.id, field, expected: null, actual: check.value.raw, source: 'no upstream span' }],
        causal: true,
        badValue: check.value.key,
      });
    }
    return findings;
  },
};
