import type { JsonValue } from '../../model/json-value.js';
import type { Span } from '../../model/span.js';
import type { AnalysisContext } from '../analysis-context.js';
import { outputText } from '../analysis-context.js';
import type { Rule, RuleFinding } from '../rule.js';

interface Unit {
  dimension: string;
  /** How many of the dimension's base unit one of this unit is; several where usage differs (1000 or 1024 bytes). */
  sizes: readonly number[];
}

const decimalAndBinary = (power: number) => [1000 ** power, 1024 ** power];

/** Units whose names are unambiguous in instructions; currencies and temperatures are left out on purpose. */
const units: readonly [RegExp, Unit][] = [
  [/^(?:b|bytes?)$/, { dimension: 'data', sizes: [1] }],
  [/^(?:kb|kib|kilobytes?)$/, { dimension: 'data', sizes: decimalAndBinary(1) }],
  [/^(?:mb|mib|megabytes?)$/, { dimension: 'data', sizes: decimalAndBinary(2) }],
  [/^(?:gb|gib|gigabytes?)$/, { dimension: 'data', sizes: decimalAndBinary(3) }],
  [/^(?:tb|tib|terabytes?)$/, { dimension: 'data', sizes: decimalAndBinary(4) }],
  [/^(?:mm|millimet(?:re|er)s?)$/, { dimension: 'length', sizes: [0.001] }],
  [/^(?:cm|centimet(?:re|er)s?)$/, { dimension: 'length', sizes: [0.01] }],
  [/^(?:m|met(?:re|er)s?)$/, { dimension: 'length', sizes: [1] }],
  [/^(?:km|kilomet(?:re|er)s?)$/, { dimension: 'length', sizes: [1000] }],
  [/^(?:in|inch|inches)$/, { dimension: 'length', sizes: [0.0254] }],
  [/^(?:ft|foot|feet)$/, { dimension: 'length', sizes: [0.3048] }],
  [/^(?:yd|yards?)$/, { dimension: 'length', sizes: [0.9144] }],
  [/^(?:mi|miles?)$/, { dimension: 'length', sizes: [1609.344] }],
  [/^(?:nmi|nautical miles?)$/, { dimension: 'length', sizes: [1852] }],
  [/^(?:mg|milligrams?|milligrammes?)$/, { dimension: 'mass', sizes: [0.001] }],
  [/^(?:g|grams?|grammes?)$/, { dimension: 'mass', sizes: [1] }],
  [/^(?:kg|kilos?|kilograms?|kilogrammes?)$/, { dimension: 'mass', sizes: [1000] }],
  [/^(?:t|tonnes?|metric tons?)$/, { dimension: 'mass', sizes: [1_000_000] }],
  [/^(?:lb|lbs)$/, { dimension: 'mass', sizes: [453.592] }],
  [/^(?:oz|ounces?)$/, { dimension: 'mass', sizes: [28.3495] }],
  [/^(?:st|stones?)$/, { dimension: 'mass', sizes: [6350.29] }],
  [/^(?:ml|millilit(?:re|er)s?)$/, { dimension: 'volume', sizes: [0.001] }],
  [/^(?:l|lit(?:re|er)s?)$/, { dimension: 'volume', sizes: [1] }],
  [/^(?:m3|m³|cubic met(?:re|er)s?)$/, { dimension: 'volume', sizes: [1000] }],
  [/^(?:gal|gallons?)$/, { dimension: 'volume', sizes: [3.78541, 4.54609] }],
  [/^(?:s|secs?|seconds?)$/, { dimension: 'time', sizes: [1] }],
  [/^(?:mins?|minutes?)$/, { dimension: 'time', sizes: [60] }],
  [/^(?:h|hrs?|hours?)$/, { dimension: 'time', sizes: [3600] }],
  [/^(?:days?)$/, { dimension: 'time', sizes: [86_400] }],
  [/^(?:weeks?)$/, { dimension: 'time', sizes: [604_800] }],
  [/^(?:wh|watt-?hours?)$/, { dimension: 'energy', sizes: [1] }],
  [/^(?:kwh|kilowatt-?hours?)$/, { dimension: 'energy', sizes: [1000] }],
  [/^(?:mwh|megawatt-?hours?)$/, { dimension: 'energy', sizes: [1_000_000] }],
  [/^(?:w|watts?)$/, { dimension: 'power', sizes: [1] }],
  [/^(?:kw|kilowatts?)$/, { dimension: 'power', sizes: [1000] }],
  [/^(?:mw|megawatts?)$/, { dimension: 'power', sizes: [1_000_000] }],
];

function unitNamed(name: string): Unit | null {
  const key = name.trim().toLowerCase();
  // `MB` and `mb` are megabytes, but `m` is metres and `M`… still metres: case carries no unit here.
  for (const [pattern, unit] of units) if (pattern.test(key)) return unit;
  return null;
}

const unitWord = '([A-Za-z³3]{1,12}(?:[ -](?:hours?|miles?|tons?|met(?:re|er)s?))?)';
const number = String.raw`(\d[\d,]*(?:\.\d+)?)`;

/**
 * How instructions state a conversion, each read as "one `from` is `factor` `to`":
 * `1 GB = 100 MB`, `divide MB by 100 to get GB`, `MB ÷ 100 = GB`, `multiply kg by 2 to get lb`, `there are 100 MB in a GB`.
 */
const statements: readonly { pattern: RegExp; read: (match: RegExpExecArray) => Statement | null }[] = [
  {
    // 1 GB = 100 MB, 1 mile is 1.2 km
    pattern: new RegExp(String.raw`\b1\s*${unitWord}\s*(?:=|is|equals|makes)\s*${number}\s*${unitWord}\b`, 'gi'),
    read: (match) => statement(match[1], match[3], match[2]),
  },
  {
    // there are 100 MB in a GB, 100 MB per GB
    pattern: new RegExp(
      String.raw`\b${number}\s*${unitWord}\s*(?:in (?:a|an|one|each|every)|per|to (?:a|an|one|the))\s+${unitWord}\b`,
      'gi',
    ),
    read: (match) => statement(match[3], match[2], match[1]),
  },
];

/** Unit names too common as words (`in`, `m`, `st`) to count unless a figure stands before them. */
const ambiguousUnitNames = new Set(['b', 'in', 'm', 't', 's', 'h', 'g', 'l', 'w', 'mi', 'st', 'yd', 'gal']);

const operation = new RegExp(
  String.raw`\b(divid|multipl)(?:e|es|ed|ing|y|ies|ied|ying)\b([^.;:]*?)\bby\s+${number}|(÷|\/|×|\*)\s*${number}`,
  'i',
);

/**
 * A sentence that converts by an operation, in any order: "to report it in GB, divide the MB figure by 100",
 * "multiply kg by 2 for lb", "MB ÷ 100 = GB". The unit beside the operation is the one converted from.
 */
function operationStatement(sentence: string): Statement | null {
  const found = operation.exec(sentence);
  if (!found) return null;
  const dividing = found[1] ? /^divid/i.test(found[1]) : found[4] === '÷' || found[4] === '/';
  const factorText = found[3] ?? found[5];
  const mentioned: { name: string; unit: Unit; at: number }[] = [];
  for (const token of sentence.matchAll(/[A-Za-z][A-Za-z³3-]*/g)) {
    const unit = unitNamed(token[0]);
    if (!unit || (ambiguousUnitNames.has(token[0].toLowerCase()) && !/\d\s*$/.test(sentence.slice(0, token.index))))
      continue;
    if (mentioned.some((item) => item.unit === unit)) continue;
    mentioned.push({ name: token[0], unit, at: token.index });
  }
  if (mentioned.length !== 2) return null;
  const [first, second] = mentioned as [(typeof mentioned)[number], (typeof mentioned)[number]];
  if (first.unit.dimension !== second.unit.dimension) return null;
  // The unit inside "divide the MB figure by", or written just before "÷ 100", is converted from.
  const operandText = found[1] ? (found[2] ?? '') : sentence.slice(0, found.index);
  const operandStart = found[1] ? found.index + found[1].length : 0;
  const inside = (item: (typeof mentioned)[number]) =>
    found[1] ? item.at >= operandStart && item.at < operandStart + operandText.length + 8 : item.at < found.index;
  const fromCandidates = mentioned.filter(inside);
  const from = fromCandidates.length === 1 ? fromCandidates[0] : found[1] ? undefined : fromCandidates.at(-1);
  const to = mentioned.find((item) => item !== from);
  if (!from || !to) return null;
  // Dividing a figure in `from` by N gives `to`: one `to` is N `from`. Multiplying: one `from` is N `to`.
  return dividing ? statement(to.name, from.name, factorText) : statement(from.name, to.name, factorText);
}

/** One `from` is `factor` `to`, as the instructions state it. */
interface Statement {
  from: string;
  to: string;
  factor: number;
  fromUnit: Unit;
  toUnit: Unit;
}

function statement(from: string | undefined, to: string | undefined, factorText: string | undefined): Statement | null {
  if (!from || !to || !factorText) return null;
  const fromUnit = unitNamed(from);
  const toUnit = unitNamed(to);
  const factor = Number(factorText.replace(/,/g, ''));
  if (!fromUnit || !toUnit || fromUnit === toUnit || fromUnit.dimension !== toUnit.dimension) return null;
  if (!Number.isFinite(factor) || factor <= 0) return null;
  return { from: from.trim(), to: to.trim(), factor, fromUnit, toUnit };
}

/** Every true factor from one unit to another: one per convention (decimal or binary bytes, US or imperial gallons). */
function trueFactors(from: Unit, to: Unit): number[] {
  if (from.sizes.length === to.sizes.length)
    return from.sizes.map((fromSize, index) => fromSize / (to.sizes[index] as number));
  return from.sizes.flatMap((fromSize) => to.sizes.map((toSize) => fromSize / toSize));
}

function near(left: number, right: number, tolerance = 0.02): boolean {
  return Math.abs(left - right) <= Math.max(Math.abs(left), Math.abs(right)) * tolerance;
}

const figure = /(?<![\w.])-?\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\w])|(?<![\w.,])-?\d+(?:\.\d+)?(?![\w])/g;

function figuresIn(text: string): number[] {
  return [...text.matchAll(figure)].map((match) => Number(match[0].replace(/,/g, ''))).filter(Number.isFinite);
}

function textOfValue(value: JsonValue | null | undefined): string {
  if (value === null || value === undefined) return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** The first later figure that is an earlier one converted with the stated factor, and not with a true one. */
function convertedWithStatedFactor(
  context: AnalysisContext,
  stated: Statement,
): { source: number; converted: number; span: Span } | null {
  const wrongRatio = stated.factor;
  const rightRatios = trueFactors(stated.fromUnit, stated.toUnit);
  const seen = new Set<number>(figuresIn(context.goal.request ?? '').filter((value) => value !== 0));
  const answerSpan = context.answer ? context.byId.get(context.answer.spanId) : undefined;
  // The final answer is read last: a root agent span records it, yet it comes after every tool.
  const inOrder = [...context.spans.filter((span) => span !== answerSpan), ...(answerSpan ? [answerSpan] : [])];
  for (const span of inOrder) {
    const written =
      span === answerSpan && context.answer
        ? context.answer.text
        : `${outputText(span)} ${textOfValue(span.tool?.arguments)}`;
    const values = figuresIn(written);
    for (const value of values) {
      if (value === 0 || seen.has(value)) continue;
      for (const source of seen) {
        // Small counts (2 items, 3 nights) match too many products by chance.
        if (Number.isInteger(source) && Math.abs(source) < 10) continue;
        const converted = source * wrongRatio;
        const inverse = source / wrongRatio;
        if (!near(value, converted) && !near(value, inverse)) continue;
        // The same figure from a true factor is a correct conversion that happens to match.
        if (rightRatios.some((ratio) => near(value, source * ratio) || near(value, source / ratio))) continue;
        return { source, converted: value, span };
      }
    }
    for (const value of figuresIn(textOfValue(span.tool?.result))) if (value !== 0) seen.add(value);
    for (const value of values) if (value !== 0) seen.add(value);
  }
  return null;
}

function formatFactor(value: number): string {
  return Number.parseFloat(value.toPrecision(4)).toString();
}

/**
 * The instructions state a conversion between units with the wrong factor ("divide MB by 100 to get
 * GB"), and a later span wrote a figure that is an earlier one converted with exactly that factor.
 */
export const wrongConversionFactorRule: Rule = {
  id: 'wrong-conversion-factor',
  evaluate(context) {
    const { instructions, instructionsSpanId } = context.goal;
    if (!instructions || !instructionsSpanId || !/\d/.test(instructions)) return [];
    const candidates: { text: string; stated: Statement }[] = [];
    for (const { pattern, read } of statements)
      for (const match of instructions.matchAll(pattern)) {
        const stated = read(match);
        if (stated) candidates.push({ text: match[0].trim(), stated });
      }
    for (const sentence of instructions.split(/(?<=[.;!?])\s+|\n+/)) {
      const stated = operationStatement(sentence);
      if (stated) candidates.push({ text: sentence.trim(), stated });
    }
    for (const { text, stated } of candidates) {
      const right = trueFactors(stated.fromUnit, stated.toUnit);
      if (right.some((factor) => near(factor, stated.factor))) continue;
      const used = convertedWithStatedFactor(context, stated);
      if (!used) continue;
      const truth = right.map(formatFactor).join(' or ');
      const finding: RuleFinding = {
        rule: 'wrong-conversion-factor',
        spanId: instructionsSpanId,
        layer: 'instruction',
        severity: 'error',
        message: `the system instructions convert with the wrong factor ("${text}": one ${stated.from} is ${truth} ${stated.to}, not ${formatFactor(stated.factor)}); ${used.span.name} wrote ${used.converted} from ${used.source}`,
        summary: `The system instructions state a wrong conversion ("${text}"; one ${stated.from} is ${truth} ${stated.to}), and ${used.span.name} applied it faithfully, turning ${used.source} into ${used.converted}.`,
        confidence: 0.75,
        evidence: [
          {
            spanId: instructionsSpanId,
            field: 'system_instructions',
            expected: `1 ${stated.from} = ${truth} ${stated.to}`,
            actual: `1 ${stated.from} = ${formatFactor(stated.factor)} ${stated.to}`,
            source: 'unit definitions',
          },
        ],
        causal: true,
        badValue: String(used.converted),
      };
      return [finding];
    }
    return [];
  },
};
