import { type JsonValue, jsonObjectsIn } from '../../model/json-value.js';
import type { Span } from '../../model/span.js';
import { type AnalysisContext, outputText } from '../analysis-context.js';
import type { Rule, RuleFinding } from '../rule.js';
import { escapeForPattern } from '../text/escape-pattern.js';
import { contentWords, stem } from '../text/words.js';
import { extractFromJson, extractFromText, normaliseUnit, unitFromField } from '../values/extract-values.js';
import { isTimeUnit, quantitiesInText, unitOfField } from '../values/measure-units.js';
import { yearlessDates } from '../values/written-dates.js';

/** A text's words stemmed, padded with spaces: "returned within 14 days" holds "return within 14 days". */
function stemmedWords(text: string): string {
  return ` ${tokens(text)
    .map((word) => stem(word))
    .join(' ')} `;
}

const functionWord = /^(?:the|a|an|of|at|to|for|in|on|by|is|are|be|from|per|about)$/i;

/**
 * Whether a record states a fact's figures as the fact does: each number with the words either side
 * ("within 14 days" of "return unworn items within 14 days"), or the whole fact when it has no number.
 */
function statesFigures(record: string, fact: string): boolean {
  const words = tokens(fact);
  const recordWords = stemmedWords(record);
  // A figure with the words around it ("within 48 hours"); an article or a preposition before it ("the 56 lb")
  // is how the sentence runs, not part of what it states.
  const phrases = words.flatMap((word, index) => {
    if (!/\d/.test(word)) return [];
    const from = index > 0 && !functionWord.test(words[index - 1] as string) ? index - 1 : index;
    return [words.slice(from, index + 2).join(' ')];
  });
  // A figure of several parts ("5/4" read as "5 4"), stated whole by the record, is the fact's own figure.
  const run = /(?:^| )(\d+(?: \d+)+)(?= |$)/.exec(words.join(' '))?.[1];
  if (run !== undefined && recordWords.includes(` ${run} `)) return true;
  return (phrases.length > 0 ? phrases : [fact]).every((phrase) => recordWords.includes(stemmedWords(phrase)));
}

/** Words that say nothing about what a tool or field is about. */
const genericWords = new Set([
  'get',
  'list',
  'fetch',
  'search',
  'lookup',
  'find',
  'query',
  'data',
  'info',
  'result',
  'value',
  'name',
  'id',
  'tool',
  'call',
  'current',
  'latest',
]);

interface DataValue {
  span: Span;
  field: string;
  text: string;
}

const isoDateStart = /^\d{4}-\d{2}-\d{2}/;
const isoDate = /\d{4}-\d{2}-\d{2}/;
const clockTimeWritten = /\b(?:[01]?\d|2[0-3]):[0-5]\d\b/;
/** A clock time as a fact's tokens write it ("15 00" for 15:00). */
const clockTimeAsTokens = /\b(?:[01]?\d|2[0-3]) [0-5]\d\b/;
const standaloneNumber = /(?<![A-Za-z])\d/;
/** A code written in spaced parts, one of them letters and digits run together: "OU68 KXB", "SY21 0HG". */
const spacedCode = /^(?=.*(?:[A-Z]\d|\d[A-Z]))[A-Z0-9]{2,8}(?: [A-Z0-9]{2,8}){1,2}$/;
/** Fields that hold a person's name. */
const personField =
  /(^|[._])(name|first_?name|last_?name|full_?name|member|player|entrant|customer|client|patient|guest|contact|owner)$/i;
/** Fields that hold the name of an organisation, a person or a place: where another name rivals a name. */
const nameLikeField =
  /(name|company|practice|clinic|vendor|provider|organi[sz]ation|brand|supplier|firm|business|merchant|operator|carrier|bank|insurer|hospital|school|venue|hotel|store|shop|branch|site|location|sender|from|signature)$/i;

/** Whether the fact is written in the instructions as a proper name of two or more capitalised words. */
function isProperName(instructions: string, fact: string): boolean {
  const words = fact.split(' ');
  if (words.length < 2) return false;
  const written = new RegExp(words.map((word) => escapeForPattern(word)).join('[\\s-]+'), 'i').exec(instructions)?.[0];
  return written?.split(/[\s-]+/).every((word) => /^\p{Lu}/u.test(word)) ?? false;
}

const opaqueToken = /^[a-z]{1,5}_(?=[A-Za-z0-9]*\d)(?=[A-Za-z0-9]*[A-Z])[A-Za-z0-9]{6,}$/;
const explanationField =
  /(^|[._])(reason|reasons|message|detail|details|desc|description|remark|remarks|note|notes|comment|comments|summary|explanation)$/i;
const fieldAbbreviations: Record<string, string> = { min: 'minimum', max: 'maximum', qty: 'quantity', amt: 'amount' };

function tokens(text: string): string[] {
  return text.split(/[^A-Za-z0-9]+/).filter((token) => token.length > 0);
}

// Argument and result strings repeat across thousands of spans: each is judged once (bounded, like any memo here).
const factMemoLimit = 8_192;
const knownFacts = new Map<string, boolean>();

/** A string that looks like a fact: a digit and two words or more, or two capitalised words. */
function looksLikeFact(value: string): boolean {
  if (value.length < 4 || value.length > 200) return false;
  let fact = knownFacts.get(value);
  if (fact === undefined) {
    const words = tokens(value);
    const capitalised = words.filter((word) => /^[A-Z]/.test(word)).length;
    fact = /\d/.test(value) ? words.length >= 2 : capitalised >= 2;
    if (knownFacts.size >= factMemoLimit) knownFacts.clear();
    knownFacts.set(value, fact);
  }
  return fact;
}

/** String leaves that look like facts (a digit, or two capitalised words): addresses, names, codes. */
function factLeaves(value: JsonValue, field: string, span: Span, output: DataValue[], depth = 0): void {
  if (depth > 8 || output.length > 200) return;
  if (typeof value === 'string') {
    if (looksLikeFact(value)) output.push({ span, field, text: value });
    return;
  }
  if (Array.isArray(value)) for (const item of value) factLeaves(item, field, span, output, depth + 1);
  else if (value !== null && typeof value === 'object') {
    // Keys rather than entries: no pair array per property, for every call's arguments and every result.
    for (const key of Object.keys(value))
      factLeaves(value[key] as JsonValue, field ? `${field}.${key}` : key, span, output, depth + 1);
  }
}

/** The instructions' words, lowercased and padded with spaces, for `sharedFacts` to search whole runs in. */
function searchableWords(instructions: string): string {
  return ` ${tokens(instructions).join(' ').toLowerCase()} `;
}

/** A code that names a record: a short prefix and digits (`P-118204`, `INC2041`, `FST-2026-004417`). */
function isCode(text: string): boolean {
  return /^[A-Za-z]{1,6}(?:-[A-Za-z0-9]+)*-?\d{3,}$/.test(text.trim());
}

/** Runs of at least three words that both texts share and that hold a digit or a capitalised word. */
const sentenceOpener = /^(?:The|A|An|This|That|These|Those|Your|Our|My|It|We|You|I|If|When|Please)$/;

function sharedFacts(answer: string, instructionText: string): string[] {
  const answerTokens = tokens(answer);
  const facts: string[] = [];
  for (let start = 0; start < answerTokens.length; start += 1) {
    let end = start;
    while (
      end < answerTokens.length &&
      instructionText.includes(
        ` ${answerTokens
          .slice(start, end + 1)
          .join(' ')
          .toLowerCase()} `,
      )
    )
      end += 1;
    const run = answerTokens.slice(start, end);
    // A fact holds a digit or names something in two capitalised words; "create the PO" is wording.
    // An article or a pronoun capitalised at a sentence's start ("The PO number") names nothing.
    const capitalised = run.filter((token) => /^[A-Z]/.test(token) && !sentenceOpener.test(token)).length;
    if (run.length >= 3 && (run.some((token) => /\d/.test(token)) || capitalised >= 2)) {
      facts.push(run.join(' '));
      start = end - 1;
    }
  }
  return facts;
}

function sentenceAround(text: string, fact: string): string {
  const words = tokens(fact).map((word) => word.toLowerCase());
  return (
    text.split(/(?<=[.!?])\s+|\n+/).find((sentence) => words.every((word) => sentence.toLowerCase().includes(word))) ??
    text
  );
}

/** The fact with up to three words before it in the instructions, or its whole sentence when not found verbatim. */
function leadIn(instructions: string, fact: string): string {
  const words = tokens(instructions);
  const factWords = tokens(fact).map((word) => word.toLowerCase());
  for (let start = 0; start + factWords.length <= words.length; start += 1) {
    if (factWords.every((word, offset) => words[start + offset]?.toLowerCase() === word))
      return words.slice(Math.max(0, start - 3), start + factWords.length).join(' ');
  }
  return sentenceAround(instructions, fact);
}

/** The texts that act on a fact: the final answer, and the string arguments of every tool call. */
function consumerTexts(context: AnalysisContext): Array<{ text: string; where: string; field: string | null }> {
  const texts: Array<{ text: string; where: string; field: string | null }> = [];
  // A text is judged once, where it first appears: arguments repeat across many calls.
  const listed = new Set<string>();
  if (context.answer) {
    texts.push({ text: context.answer.text, where: 'the answer', field: null });
    listed.add(context.answer.text);
  }
  const leaves: DataValue[] = [];
  for (const span of context.spans) {
    const args = span.tool?.arguments;
    if (args === null || args === undefined) continue;
    leaves.length = 0;
    factLeaves(args, '', span, leaves);
    for (const leaf of leaves) {
      if (listed.has(leaf.text)) continue;
      listed.add(leaf.text);
      texts.push({ text: leaf.text, where: `${span.name} (${leaf.field})`, field: leaf.field });
    }
  }
  return texts;
}

/**
 * A fact the answer or a tool call took from the system instructions while a tool or retriever
 * returned a different, current value for the same thing: the wrong value first appears in the instructions.
 */
export const instructionConflictRule: Rule = {
  id: 'instruction-conflict',
  evaluate(context: AnalysisContext) {
    const { instructions, instructionsSpanId } = context.goal;
    if (!instructions || !instructionsSpanId) return [];
    const numeric =
      staleToday(context, instructions, instructionsSpanId) ??
      numberConflict(context, instructions, instructionsSpanId) ??
      hardCodedArgument(context, instructions, instructionsSpanId) ??
      waivedRequirement(context, instructions, instructionsSpanId) ??
      restatedFigureConflict(context, instructions, instructionsSpanId) ??
      offsetDateConflict(context, instructions, instructionsSpanId) ??
      supersededName(context, instructions, instructionsSpanId) ??
      reclassifiedName(context, instructions, instructionsSpanId);
    if (numeric) return [numeric];
    const consumers = consumerTexts(context);
    if (consumers.length === 0) return [];
    let data: DataValue[] | null = null;
    let documents: string | null = null;
    const instructionText = searchableWords(instructions);
    const instructionTokens = new Set(instructions.match(/\d+(?:\.\d+)?/g) ?? []);
    for (const consumer of consumers) {
      const facts = sharedFacts(consumer.text, instructionText);
      if (facts.length === 0) continue;
      data ??= dataValues(context);
      const consumerLower = consumer.text.toLowerCase();
      for (const fact of facts) {
        // Instructions that quote the policy a retriever returned ("within 14 days of the reschedule notice")
        // state what the documents state: no record's other field rivals it.
        documents ??= context.spans
          .flatMap((span) => (span.retrieval?.documents ?? []).map((document) => document.content))
          .join('\n');
        if (documents !== '' && statesFigures(documents, fact)) continue;
        // An enum constant the instructions define (`CHILD_SEAT_TODDLER`) names an option; it states no fact.
        if (instructions.includes(fact.split(' ').join('_')) && /^[A-Z0-9]+(?: [A-Z0-9]+)+$/.test(fact)) continue;
        // What the fact is about: its own words and the few before it ("ship from the warehouse at …"), not
        // every word of its sentence ("if a task is overdue, raise a P1 work order" is not about task codes).
        const topic = new Set(contentWords(leadIn(instructions, fact)).filter((word) => !genericWords.has(word)));
        // A figure stands alone ("48 hours", "12 L"); a digit inside a word (`O2`, `EAN32`) names a thing.
        const factHasDigit = standaloneNumber.test(fact);
        // Facts are runs of tokens: `BA-2024-117` in the instructions is "BA 2024 117" here.
        const factHasCode = instructions
          .split(/\s+/)
          .map((word) => word.replace(/^\W+|\W+$/g, ''))
          .some((word) => isCode(word) && ` ${fact} `.includes(` ${tokens(word).join(' ')} `));
        // "up to 48 hours" is a duration, `expires: 2026-03-06` a date: different kinds of fact.
        const factHasDate = factHasDigit && extractFromText(fact).some((value) => value.type === 'date');
        // "To 30 September" names a day of the year: only a record's date rivals it, not a year ("2025-26").
        const factIsDay = factHasDigit && yearlessDates(fact).length > 0;
        // Every word capitalised and no figure: the name of a practice, a firm, a place.
        const factIsName = !factHasDigit && isProperName(instructions, fact);
        // The kinds of value the fact writes ("0114 496 0732" is a phone number).
        const factKinds = new Set(extractFromText(fact).map((value) => value.type));
        // "Bridge Street shop": the capitalised words that name what the fact is about.
        const factNames = (fact.match(/\b[A-Z][a-z]+\b/g) ?? []).map((word) => word.toLowerCase());
        // "45-minute written part" is a span of time: only a record of the same kind of measure rivals it.
        const factDimensions = new Set(quantitiesInText(fact).map((quantity) => quantity.unit.dimension));
        // An argument (`account`) that carries the fact rivals only a record of the same thing, not `order_id`.
        const consumerWords =
          consumer.field === null ? null : contentWords(consumer.field).filter((word) => !genericWords.has(word));
        const conflict = data.find((value) => {
          if (consumerLower.includes(value.text.toLowerCase())) return false;
          if (
            factDimensions.size > 0 &&
            !quantitiesInText(value.text).some((quantity) => factDimensions.has(quantity.unit.dimension))
          )
            return false;
          if (
            consumerWords !== null &&
            consumerWords.length > 0 &&
            !contentWords(value.field).some((word) => consumerWords.includes(word))
          )
            return false;
          // A phone number, an address or a link in the instructions is rivalled only by another of its kind.
          for (const kind of ['phone', 'email', 'url'] as const)
            if (factKinds.has(kind) && !extractFromText(value.text).some((found) => found.type === kind)) return false;
          // `shop: "Bridge Street, Warrington"` names the place "Bridge Street shop" names: the same, told more fully.
          if (factNames.length >= 2 && factNames.every((name) => new RegExp(`\\b${name}\\b`, 'i').test(value.text)))
            return false;
          // A record that states the fact itself agrees with the instructions, whatever else it says.
          if (statesFigures(value.text, fact)) return false;
          // `premium_1day` is "Premium 1 day" written as a code: the same thing, not a rival.
          const code = value.text.toLowerCase().replace(/[^a-z0-9]/g, '');
          if (
            code.length >= 4 &&
            /[a-z]/.test(code) &&
            fact
              .toLowerCase()
              .replace(/[^a-z0-9]/g, '')
              .includes(code)
          )
            return false;
          // Digits on one side only (`okhttp3` against "for Contoso Field"), or a figure against a name with a
          // digit in it ("12 L steel" against "is O2 clean"): different kinds of fact.
          if (/\d/.test(value.text) !== /\d/.test(fact)) return false;
          if (standaloneNumber.test(value.text) !== factHasDigit) return false;
          if (factHasDigit && isoDateStart.test(value.text) !== factHasDate) return false;
          if (factIsDay && !isoDate.test(value.text) && yearlessDates(value.text).length === 0) return false;
          // A window of clock times (`window: "14:30-17:00"`) rivals only a fact told in clock times, not "up to 150".
          if (clockTimeWritten.test(value.text) && !clockTimeAsTokens.test(fact)) return false;
          // A reason or a note explains an outcome; it rivals the instructions only when it names their figure
          // ("widened the window from ±3 to ±7 days" against instructions that say ±3).
          if (
            explanationField.test(value.field) &&
            !(value.text.match(/\d+(?:\.\d+)?/g) ?? []).some((number) => instructionTokens.has(number))
          )
            return false;
          // A record's code (`P-118204`) is no rival to a fact in words ("child under 16").
          if (isCode(value.text) && !factHasCode) return false;
          // …nor a code in spaced parts (`reg: "OU68 KXB"`), letters and digits run together.
          if (spacedCode.test(value.text.trim()) && !factHasCode) return false;
          // `engineer_team: "YD-East"`: a team or region code rivals no phrase of the instructions.
          if (!factHasCode && /^[A-Z]{2,5}[-_][A-Z][a-z]+$/.test(value.text.trim())) return false;
          // Nor is an opaque token (`ch_3Qx81bH2`, `re_77QaX02b`): a generated key states no fact in words.
          if (!factHasCode && opaqueToken.test(value.text)) return false;
          // A status constant (`NOT_A_CHILD_UNDER_16`) reports an outcome, and here one that restates the fact.
          if (/^[A-Z0-9]+(?:_[A-Z0-9]+)+$/.test(value.text)) return false;
          // A proper name in the instructions ("Fellside Equine Vets") rivals only another name, not a horse's breed.
          if (factIsName && !nameLikeField.test(value.field)) return false;
          // A person's name (`entrant_name: "James Patel"`) rivals only a fact about a person.
          if (personField.test(value.field) && !contentWords(value.field).some((word) => topic.has(word))) return false;
          // A measured field (`height_cm`) rivals only a fact about what it measures, not one about its tool.
          if (
            unitOfField(value.field) !== null &&
            !contentWords(value.field).some((word) => topic.has(word) && !isUnitWord(word))
          )
            return false;
          const about = contentWords(`${value.span.tool?.name ?? value.span.name} ${value.field}`).filter(
            (word) => !genericWords.has(word),
          );
          return about.some((word) => topic.has(word)) || contentWords(value.field).some((word) => topic.has(word));
        });
        if (!conflict) continue;
        return [
          {
            rule: 'instruction-conflict',
            spanId: instructionsSpanId,
            layer: 'instruction',
            severity: 'error',
            message: `${consumer.where} repeats "${fact}" from the system instructions, but ${conflict.span.name} returned ${conflict.field} "${conflict.text}"`,
            summary: `The system instructions state "${fact}", which ${conflict.span.name} contradicts ("${conflict.text}"); ${consumer.where} followed the instructions.`,
            confidence: 0.75,
            evidence: [
              {
                spanId: instructionsSpanId,
                field: 'system_instructions',
                expected: conflict.text,
                actual: fact,
                source: `${conflict.span.name} result`,
              },
            ],
            causal: true,
            badValue: fact.toLowerCase(),
          } satisfies RuleFinding,
        ];
      }
    }
    return [];
  },
};

function dataValues(context: AnalysisContext): DataValue[] {
  const data: DataValue[] = [];
  for (const span of context.spans) {
    if (span.tool?.result !== null && span.tool?.result !== undefined) factLeaves(span.tool.result, '', span, data);
    for (const document of span.retrieval?.documents ?? []) factLeaves(document.content, 'content', span, data);
  }
  return data;
}

interface InstructionNumber {
  value: number;
  raw: string;
  /** The content words of the figure's sentence. */
  words: Set<string>;
  /** The content words of its clause alone (the sentence cut at ";" and ":"). */
  clause: Set<string>;
  unit: string | null;
  /** Whether the figure is a constant of a formula the sentence writes ("x 52 / 12"). */
  inFormula: boolean;
}

const taxQualifier =
  /\b(?:ex|excl\.?|excluding|exclusive\s+of|inc\.?|incl\.?|including|inclusive\s+of|plus|before|after)\s+(?:vat|tax|gst)\b|\+\s*(?:vat|tax|gst)\b/gi;
/** A tool the instructions name ("get_voucher_value returns it"): its words say which call, not what a figure is. */
const toolName =
  /\b(?:get|list|find|search|check|fetch|lookup|look_up|create|book|place|update|send|cancel|add|set|calculate|compute|quote)_\w+/gi;

/** The words before a figure that make it a precision: "round to ", "rounded up to the nearest £". */
const roundingPrecision =
  /\b(?:round(?:ed|ing)?(?:\s+(?:up|down|off))?(?:\s+to)?(?:\s+the\s+(?:nearest|next))?|to\s+the\s+nearest)\s*[$€£]?\s*$/i;

/** Numbers of the instructions with the words of their sentence: "above 44 in a week" → 44, {hour, week, …}. */
function instructionNumbers(instructions: string): InstructionNumber[] {
  const numbers: InstructionNumber[] = [];
  for (const sentence of instructions.split(/(?<=[.!?])\s+|\n+/)) {
    // "over GBP 500 ex VAT": the tax the figure leaves out or adds is not what the figure is about.
    const words = new Set(contentWords(sentence.replace(taxQualifier, ' ').replace(toolName, ' ')));
    // A minus sign belongs to the number (`-20 °C`); a hyphen after a digit is a range (`10-20`) and does not.
    // Not a clock time ("09:30-11:00"): its hours and minutes are no figures of a rule.
    // A figure with thousands groups ("£1,000") is one figure.
    for (const match of sentence.matchAll(
      /(?<![\w.:,-])(-?\d{1,3}(?:,\d{3})+(?:\.\d+)?|-?\d+(?:\.\d+)?)(?![\w-]*\d|:\d|,\d)(?:\s?°?\s?([A-Za-z%]+))?/g,
    )) {
      const value = Number((match[1] as string).replace(/,/g, ''));
      // One of a list of options ("5, 7, 9, 12, 16 kW units") is a choice, not a threshold a record restates.
      const at = match.index ?? 0;
      const listed =
        /\d\s*(?:,|or|and)\s*$/.test(sentence.slice(Math.max(0, at - 8), at)) &&
        /^\s*(?:,|or|and)\s*\d/.test(sentence.slice(at + match[0].length, at + match[0].length + 8));
      const inList =
        listed ||
        /^\d+(?:\.\d+)?\s*,\s*\d+(?:\.\d+)?\s*,/.test(sentence.slice(at)) ||
        /\d\s*,\s*\d+\s*,\s*$/.test(sentence.slice(Math.max(0, at - 12), at));
      if (inList) continue;
      // "round to 1 mm", "to the nearest 0.5 cm": a precision to work to, not a figure a record restates.
      if (roundingPrecision.test(sentence.slice(Math.max(0, at - 40), at))) continue;
      // "1 GB = 1024 MB" defines a unit: a conversion the run applies, not a figure a record could restate.
      if (
        /=\s*[$€£]?\s*$/.test(sentence.slice(Math.max(0, at - 4), at)) ||
        /^\s*=/.test(sentence.slice(at + match[0].length, at + match[0].length + 4))
      )
        continue;
      // `in` after a number is a preposition far more often than inches.
      // `0.5 mg/mL` is a concentration, not an amount in milligrams.
      const rate = /^\s*(?:\/|per\b)/.test(sentence.slice(at + match[0].length, at + match[0].length + 6));
      // "£150" carries its currency before the figure.
      const symbol = /[£$€]\s?$/.exec(sentence.slice(Math.max(0, at - 2), at))?.[0].trim();
      const unit = rate
        ? null
        : symbol
          ? normaliseUnit(symbol)
          : match[2] && match[2].toLowerCase() !== 'in'
            ? normaliseUnit(match[2])
            : null;
      const raw = symbol ? `${symbol}${match[1] as string}` : unit ? match[0].trim() : (match[1] as string);
      // The clause holding the figure ("Cheetah Run from 10 years" of a list of rules split by ";").
      const clauseStart = Math.max(sentence.lastIndexOf(';', at), sentence.lastIndexOf(':', at)) + 1;
      const clauseEnd = sentence.indexOf(';', at);
      const clause = new Set(contentWords(sentence.slice(clauseStart, clauseEnd < 0 ? sentence.length : clauseEnd)));
      // "day rate x days per week x 52 / 12": a constant of a formula, not a figure a record restates.
      // An operand is a figure, a field name (`current_stage + 1`) or a bracket; "£180 + VAT" adds a tax, not a term.
      const end = at + (match[1] as string).length;
      const inFormula =
        /(?:\d|\b[a-z]+_[a-z_]+|\))\s*[x×*/+]\s*$/i.test(sentence.slice(Math.max(0, at - 30), at)) ||
        /^\s*[x×*/+]\s*(?:\d|[a-z]+_[a-z_]+\b|\()/i.test(sentence.slice(end, end + 30));
      if (Number.isFinite(value) && value !== 0) numbers.push({ value, raw, words, clause, unit, inFormula });
    }
  }
  return numbers;
}

/**
 * A threshold the instructions state that a tool's record of the same rule states differently
 * ("overtime above 44 hours a week" against `weekly_threshold_hours: 40`), when the run never used the
 * tool's figure: the agent followed the instructions' stale number.
 */
/** String leaves of a JSON value by their own key (`on_call.user_id` is filed under `user_id`). */
function leavesByKey(value: JsonValue, into: Map<string, string[]>, depth = 0): void {
  if (depth > 6 || value === null || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    for (const item of value) leavesByKey(item, into, depth + 1);
    return;
  }
  for (const key of Object.keys(value)) {
    const item = value[key] as JsonValue;
    if (typeof item === 'string') {
      const list = into.get(key);
      if (list) list.push(item);
      else into.set(key, [item]);
    } else leavesByKey(item, into, depth + 1);
  }
}

const noArguments: { [key: string]: JsonValue } = {};

/** A tool span's arguments when they are an object; an empty object otherwise. */
function argumentObject(span: Span): { [key: string]: JsonValue } {
  const args = span.tool?.arguments;
  return args && typeof args === 'object' && !Array.isArray(args) ? args : noArguments;
}

/**
 * A call argument the instructions hard-code (`user_id: PD7Q2LM`, named there as the on-call) where an
 * earlier result gave the same key another value (`on_call.user_id: PDX4K9R`): the instructions are out
 * of date, and the run followed them over the live record.
 */
function hardCodedArgument(
  context: AnalysisContext,
  instructions: string,
  instructionsSpanId: string,
): RuleFinding | null {
  const request = context.goal.request ?? '';
  // The instructions' text first: most values are not in it, and then neither pattern need run.
  const hardCoded = (value: JsonValue | undefined): value is string =>
    typeof value === 'string' &&
    value.length >= 4 &&
    instructions.includes(value) &&
    (isCode(value) || /^[A-Z0-9]{6,}$/.test(value)) &&
    !request.includes(value);
  // Most runs pass no argument the instructions hard-code: the run's distinct argument strings prove it before
  // every result of the run is indexed by key.
  if (!anyArgumentString(context, hardCoded)) return null;
  const seen = new Map<string, string[]>();
  for (const span of context.spans) {
    const args = argumentObject(span);
    for (const key of Object.keys(args)) {
      const value = args[key];
      if (!hardCoded(value)) continue;
      const live = (seen.get(key) ?? []).find((other) => other !== value && !instructions.includes(other));
      if (live === undefined) continue;
      return {
        rule: 'instruction-conflict',
        spanId: instructionsSpanId,
        layer: 'instruction',
        severity: 'error',
        message: `${span.name} called ${span.tool?.name ?? span.name} with ${key} ${value} from the system instructions, but an earlier result gave ${key} ${live}`,
        summary: `The system instructions hard-code ${key} ${value}, which the live data contradicts (${live}); the run followed the instructions.`,
        confidence: 0.72,
        evidence: [
          {
            spanId: instructionsSpanId,
            field: 'system_instructions',
            expected: live,
            actual: value,
            source: `earlier result (${key})`,
          },
        ],
        causal: true,
        badValue: value.toLowerCase(),
      };
    }
    if (span.tool?.result !== null && span.tool?.result !== undefined) leavesByKey(span.tool.result, seen);
  }
  return null;
}

/** Words of a field that say it holds a span of time or a moment (`notice_weeks`, `lead_time`, `min_age`). */
const timeFieldWord =
  /(second|minute|hour|day|week|month|year|notice|period|duration|time|deadline|lead|age|term|stay|night|window|before|after|until|expir|valid|retain|retention)/i;

/** Fields that report an amount counted or measured so far, and fields that state a rule. */
const measuredSoFar =
  /(^|[._])(previous|current|actual|used|so_?far|elapsed|logged|remaining|recorded|measured)([._]|$)/i;
const ruleField = /(max|min|limit|cap|threshold|allow|rule|policy|required|target)/i;

function numberConflict(
  context: AnalysisContext,
  instructions: string,
  instructionsSpanId: string,
): RuleFinding | null {
  const stated = instructionNumbers(instructions);
  if (stated.length === 0) return null;
  const used = context.spans
    .map(
      (span) =>
        `${span.tool ? JSON.stringify(span.tool.arguments) : ''} ${span.role === 'llm' || span.role === 'agent' ? span.outputMessages.map((message) => message.text).join(' ') : ''}`,
    )
    .join(' ');
  for (const span of context.spans) {
    const result = span.tool?.result;
    if (result === null || result === undefined || typeof result !== 'object' || Array.isArray(result)) continue;
    const names = recordNameWords(result);
    for (const { field, value } of numericFields(result)) {
      if (value === 0) continue;
      // `previous_7d_duty_h: 48.5` is what was done so far, not a rule: it cannot contradict a limit of 60.
      if (measuredSoFar.test(field) && !ruleField.test(field)) continue;
      // `min_guests` is about the minimum number of guests: abbreviations read as the words they stand for.
      const topic = new Set(
        contentWords(field)
          .filter((word) => !genericWords.has(word))
          .map((word) => fieldAbbreviations[word] ?? word),
      );
      if (topic.size < 2) continue;
      // The word of the field that names its unit (`mph` in `max_wind_mph`) says how it is measured, not what.
      const measuredIn = unitOfField(field) === null ? null : (contentWords(field).at(-1) ?? null);
      // The same fact: two or more of the field's words in the sentence, and a number of the same magnitude.
      const candidates = stated.filter((number) => {
        // "moves up to current_stage + 1": a formula's constant is no figure a record could restate.
        if (number.inFormula) return false;
        // "VAT at 20%" against `extra_certified_copy_gbp: 12.5`: figures in different units are different facts.
        const fieldUnit = unitFromField(field);
        if (number.unit !== null && fieldUnit !== null && number.unit !== fieldUnit) return false;
        // "due 4 weeks before the wedding" is a span of time: a count (`wedding_cake_slots_left: 2`) is another fact.
        if (
          number.unit !== null &&
          isTimeUnit(number.unit) &&
          unitFromField(field) === null &&
          !timeFieldWord.test(field)
        )
          return false;
        let shared = 0;
        let sharedBesidesUnit = 0;
        for (const word of topic)
          if (number.words.has(word)) {
            shared += 1;
            if (word !== measuredIn) sharedBesidesUnit += 1;
          }
        const ratio = number.value / value;
        // "the 2026 annual charge" names a year, not the charge: a year only answers a year field.
        const year = Number.isInteger(number.value) && number.value >= 1900 && number.value <= 2100;
        if (year && !/year/i.test(field)) return false;
        // Or one shared word and the same unit (`-20 °C` against `storage_temp_c: -80`).
        const sameUnit = number.unit !== null && number.unit === unitFromField(field);
        // …of a like size, unless the field states a rule: "1 kg bags" restates no `green_stock_kg: 146`, while
        // "72 hours" rivals `max_duration_hours: 4`.
        // Sharing only the unit ("2 ft clear" and `height_ft: 14`), the figures must be closer still.
        const likeSize =
          ruleField.test(field) || (sharedBesidesUnit > 0 ? ratio > 1 / 10 && ratio < 10 : ratio > 1 / 3 && ratio < 3);
        if ((shared >= 2 && ratio > 1 / 3 && ratio < 3) || (sameUnit && shared >= 1 && likeSize)) return true;
        // Or the clause names the record ("Cheetah Run from 10 years" for `name: Cheetah Run Experience`) and
        // says what the field is: one of its words, or years for an age.
        const namesRecord = [...number.clause].some((word) => names.has(word) && !topic.has(word));
        const saysWhat =
          [...number.clause].some((word) => topic.has(word) && word !== measuredIn) ||
          (topic.has('age') && (number.unit === 'y' || [...number.clause].some((word) => /^age[ds]?$/.test(word))));
        // …in the field's own unit (years for an age, pounds for a price), and not a formula's constant.
        const unitAgrees =
          number.unit === null ? unitFromField(field) === null : sameUnit || (number.unit === 'y' && topic.has('age'));
        return namesRecord && saysWhat && unitAgrees && ratio > 1 / 3 && ratio < 3;
      });
      if (candidates.length === 0 || candidates.some((number) => number.value === value)) continue;
      if (writesNumber(used, value)) continue;
      // "at least 24 hours' notice" against `notice_hours: 100`: a bound the record's figure meets, not a rival figure.
      if (
        !ruleField.test(field) &&
        !thresholdField.test(field) &&
        candidates.some((number) => boundMetBy(instructions, number.raw, value, number.value))
      )
        continue;
      const number = candidates[0] as (typeof candidates)[number];
      return {
        rule: 'instruction-conflict',
        spanId: instructionsSpanId,
        layer: 'instruction',
        severity: 'error',
        message: `the system instructions say ${number.raw}, but ${span.name} returned ${field} = ${value}, and the run never used it`,
        summary: `The system instructions state ${number.raw} where ${span.name} gives ${field} = ${value}; the agent followed the instructions' figure.`,
        confidence: 0.7,
        evidence: [
          {
            spanId: instructionsSpanId,
            field: 'system_instructions',
            expected: String(value),
            actual: number.raw,
            source: `${span.name} result (${field})`,
          },
        ],
        causal: true,
        badValue: number.raw,
      };
    }
  }
  return null;
}

const lowerBoundBefore =
  /\b(?:at\s+least|minimum(?:\s+of)?|min\.?|no\s+less\s+than|not\s+less\s+than|more\s+than|over|above|upwards\s+of)\s*$/i;
const upperBoundBefore =
  /\b(?:at\s+most|maximum(?:\s+of)?|max\.?|no\s+more\s+than|not\s+more\s+than|up\s+to|within|under|below|less\s+than)\s*$/i;

/** Fields that state a rule of their own (`statutory_walking_distance_miles`, `trigger_cm`): rivals, not readings. */
const thresholdField =
  /(statutory|trigger|window|cut_?off|standard|allowance|entitlement|notice_period|(?:^|_)(?:over|under|above|below)(?:_|$))/i;

/**
 * Whether the instructions write the figure as one bound ("at least 24 hours' notice") that the record's
 * value meets. A figure that splits two cases ("more than 72 hours … within 72 hours") is a threshold either
 * side of which a record may fall.
 */
function boundMetBy(instructions: string, raw: string, recorded: number, bound: number): boolean {
  let lower = false;
  let upper = false;
  for (let at = instructions.indexOf(raw); at !== -1; at = instructions.indexOf(raw, at + 1)) {
    const before = instructions.slice(Math.max(0, at - 24), at);
    lower ||= lowerBoundBefore.test(before);
    upper ||= upperBoundBefore.test(before);
  }
  if (lower === upper) return false;
  return lower ? recorded >= bound : recorded <= bound;
}

/** The content words of a record's own short texts (its name, its code): what an instruction names it by. */
function recordNameWords(record: { [key: string]: JsonValue }): Set<string> {
  const words = new Set<string>();
  for (const value of Object.values(record))
    if (typeof value === 'string' && value.length <= 40 && !/^\d/.test(value))
      for (const word of contentWords(value.replace(/[-_]/g, ' '))) words.add(word);
  return words;
}

/**
 * Numeric fields of a record object, nested ones by their own key (`plan.refill_too_soon_pct` is filed
 * under `refill_too_soon_pct`); lists are skipped, since a row of many records states no single rule.
 */
function numericFields(value: JsonValue, depth = 0, parent = ''): Array<{ field: string; value: number }> {
  const fields: Array<{ field: string; value: number }> = [];
  if (depth > 3 || value === null || typeof value !== 'object' || Array.isArray(value)) return fields;
  for (const [key, item] of Object.entries(value)) {
    // Rows keyed by number (`rental_pct_by_play_week: {1: 45, 2: 40}`) are a table, as a list is.
    if (/^\d+\+?$/.test(key)) continue;
    // A key of one word (`GUT` under `conversion_factors.COD`) says what it is only with its parents.
    const field = parent !== '' && contentWords(key).length < 2 ? `${parent}.${key}` : key;
    if (typeof item === 'number') fields.push({ field, value: item });
    else fields.push(...numericFields(item, depth + 1, field));
  }
  return fields;
}

/**
 * Whether a text writes the number: `20` or `20.00`, `25000` or `25,000`, but not the 20 of `£20,876.80`, `2026` or `1.20`
 * (a thousands group or a decimal is part of another number).
 */
function writesNumber(text: string, value: number): boolean {
  // As a record writes it (`25000`) or grouped in thousands as people do (`25,000`).
  return [String(value), value.toLocaleString('en-US', { maximumFractionDigits: 10 })].some((form) =>
    new RegExp(`(?<![\\d.]|\\d,)${form.replace(/\./g, '\\.')}(?:\\.0+)?(?![\\d]|[.,]\\d)`).test(text),
  );
}

const dayMs = 24 * 60 * 60 * 1000;

/**
 * Instructions that pin "today" to a date the run did not happen on ("Today's date is 2026-10-25" in a
 * run on 2026-11-25), when a tool call used a date worked out from it: every relative period is shifted.
 */
function staleToday(context: AnalysisContext, instructions: string, instructionsSpanId: string): RuleFinding | null {
  const stated =
    /\b(?:today(?:'s date)? is|the (?:current )?date is|current date:?|today:)\s*(\d{4}-\d{2}-\d{2})/i.exec(
      instructions,
    );
  const runStart = context.spans[0]?.startTime ?? null;
  if (!stated?.[1] || runStart === null) return null;
  const today = Date.parse(`${stated[1]}T00:00:00Z`);
  if (!Number.isFinite(today) || Math.abs(runStart - today) < 2 * dayMs) return null;
  // A date in some call's arguments within a month before the pinned day: computed from it.
  const used = context.spans.find((span) =>
    [...JSON.stringify(span.tool?.arguments ?? null).matchAll(/\d{4}-\d{2}-\d{2}/g)].some((match) => {
      const day = Date.parse(`${match[0]}T00:00:00Z`);
      return day <= today && today - day <= 31 * dayMs;
    }),
  );
  if (!used) return null;
  const runDay = new Date(runStart).toISOString().slice(0, 10);
  return {
    rule: 'instruction-conflict',
    spanId: instructionsSpanId,
    layer: 'instruction',
    severity: 'error',
    message: `the system instructions say today is ${stated[1]}, but the run happened on ${runDay}; ${used.name} used dates worked out from it`,
    summary: `The system instructions pin today's date to ${stated[1]} in a run on ${runDay}, so ${used.name} queried a period worked out from the wrong day.`,
    confidence: 0.75,
    evidence: [
      {
        spanId: instructionsSpanId,
        field: 'system_instructions',
        expected: runDay,
        actual: stated[1],
        source: 'span start time',
      },
    ],
    causal: true,
    badValue: stated[1],
  };
}

/** "No waiting period or gas test is needed", "a site survey is not required": what the instructions waive. */
const waiverPatterns = [
  /\bno ((?:[a-z-]+ ){0,3}?[a-z-]+)(?: or ((?:[a-z-]+ ){0,3}?[a-z-]+))? (?:is |are )?(?:needed|required|necessary)\b/gi,
  /\b((?:[a-z-]+ ){0,2}?[a-z-]+) (?:is|are) not (?:needed|required|necessary)\b/gi,
];
const requirementKey = /(^|[._])(requires?|required|requirements?|prerequisites?|must|conditions?)([._]|$)/i;
const requirementAmountKey = /(^|[._])(min|minimum|required)([._]|$)/i;

function waivedPhrases(instructions: string): string[] {
  const phrases: string[] = [];
  for (const pattern of waiverPatterns)
    for (const match of instructions.matchAll(pattern))
      for (const phrase of [match[1], match[2]]) if (phrase) phrases.push(phrase);
  return phrases;
}

/** Where a record requires what a phrase names: a listed requirement, or a minimum amount of it. */
function requiredIn(value: JsonValue, phraseWords: readonly string[], field = '', depth = 0): string | null {
  if (depth > 6 || value === null) return null;
  const covers = (text: string): boolean => {
    const words = new Set(contentWords(text));
    return phraseWords.every((word) => words.has(word));
  };
  if (typeof value === 'string') return requirementKey.test(field) && covers(value) ? `${field} "${value}"` : null;
  if (typeof value === 'number')
    return value > 0 && requirementAmountKey.test(field) && covers(field) ? `${field} = ${value}` : null;
  if (Array.isArray(value)) {
    for (const item of value) {
      const found = requiredIn(item, phraseWords, field, depth + 1);
      if (found) return found;
    }
    return null;
  }
  if (typeof value === 'object')
    for (const [key, item] of Object.entries(value)) {
      const found = requiredIn(item, phraseWords, field ? `${field}.${key}` : key, depth + 1);
      if (found) return found;
    }
  return null;
}

/**
 * The instructions waive a step ("no waiting period or gas test is needed") that a record the run read
 * requires (`min_reentry_wait_min: 30`, `reentry_requires: ["gas_test_clear"]`), and the run acted after
 * reading it: the unsafe rule first appears in the instructions.
 */
function waivedRequirement(
  context: AnalysisContext,
  instructions: string,
  instructionsSpanId: string,
): RuleFinding | null {
  const phrases = waivedPhrases(instructions);
  if (phrases.length === 0) return null;
  for (const span of context.spans) {
    const result = span.tool?.result;
    if (result === null || result === undefined || typeof result !== 'object') continue;
    for (const phrase of phrases) {
      // The words that name the step (`waiting period` → wait): a trailing generic noun is dropped.
      const words = contentWords(phrase).filter((word) => !['period', 'step', 'check'].includes(word));
      if (words.length === 0) continue;
      const required = requiredIn(result, words);
      if (!required) continue;
      const position = context.position.get(span.id) ?? 0;
      const actedAfter = context.spans.some(
        (later) =>
          (context.position.get(later.id) ?? 0) > position && later.role === 'tool' && later.status.code !== 'error',
      );
      if (!actedAfter) continue;
      return {
        rule: 'instruction-conflict',
        spanId: instructionsSpanId,
        layer: 'instruction',
        severity: 'error',
        message: `the system instructions say no ${phrase} is needed, but ${span.name} returned ${required}`,
        summary: `The system instructions waive the ${phrase} that ${span.name} says is required (${required}); the run followed the instructions.`,
        confidence: 0.7,
        evidence: [
          {
            spanId: instructionsSpanId,
            field: 'system_instructions',
            expected: required,
            actual: `no ${phrase} needed`,
            source: `${span.name} result`,
          },
        ],
        causal: true,
        badValue: null,
      };
    }
  }
  return null;
}

/** String leaves holding a digit, with their field paths, whatever their length: a text message or a policy note. */
function stringsWithDigits(value: JsonValue, field: string, into: Array<{ field: string; text: string }>, depth = 0) {
  if (depth > 8 || into.length > 500) return;
  if (typeof value === 'string') {
    if (/\d/.test(value) && value.length <= 20_000) into.push({ field, text: value });
  } else if (Array.isArray(value)) for (const item of value) stringsWithDigits(item, field, into, depth + 1);
  else if (value !== null && typeof value === 'object')
    for (const [key, item] of Object.entries(value))
      stringsWithDigits(item, field ? `${field}.${key}` : key, into, depth + 1);
}

/** The answer and every string argument of a call. */
function writtenTexts(context: AnalysisContext): Array<{ text: string; where: string }> {
  const texts: Array<{ text: string; where: string }> = [];
  if (context.answer) texts.push({ text: context.answer.text, where: 'the answer' });
  for (const span of context.spans) {
    const leaves: Array<{ field: string; text: string }> = [];
    if (span.tool?.arguments !== null && span.tool?.arguments !== undefined)
      stringsWithDigits(span.tool.arguments, '', leaves);
    for (const leaf of leaves) texts.push({ text: leaf.text, where: `${span.name} (${leaf.field})` });
  }
  return texts;
}

/**
 * What a model wrote beside the calls it made ("more than 72 hours, so still free. Cancelling now."), with
 * where in the run it acted: the reasoning a call was made on.
 */
function reasoningBeforeCalls(context: AnalysisContext): Array<{ text: string; where: string; actedAt: number }> {
  const texts: Array<{ text: string; where: string; actedAt: number }> = [];
  for (const span of context.spans) {
    if (span.role !== 'llm' || span.id === context.answer?.spanId) continue;
    if (!span.outputMessages.some((message) => message.toolCalls.length > 0)) continue;
    const text = outputText(span);
    if (/\d/.test(text)) texts.push({ text, where: span.name, actedAt: context.position.get(span.id) ?? 0 });
  }
  return texts;
}

/** Every string a tool returned or a retriever found. */
function recordTexts(context: AnalysisContext): DataValue[] {
  const texts: DataValue[] = [];
  for (const span of context.spans) {
    const leaves: Array<{ field: string; text: string }> = [];
    if (span.tool?.result !== null && span.tool?.result !== undefined) stringsWithDigits(span.tool.result, '', leaves);
    for (const document of span.retrieval?.documents ?? []) stringsWithDigits(document.content, 'content', leaves);
    for (const leaf of leaves) texts.push({ span, field: leaf.field, text: leaf.text });
  }
  return texts;
}

/** A figure with a unit in a clause of text ("no food for 2 hours before admission"), with the clause's words. */
interface ClauseFigure {
  value: number;
  unit: string;
  raw: string;
  words: Set<string>;
}

/** Whether a stemmed word names a unit ("hour", "day", "minut"): a unit says what kind of figure, not what about. */
function isUnitWord(word: string): boolean {
  return [word, `${word}s`, `${word}es`, `${word}e`].some((written) => normaliseUnit(written) !== null);
}

/** Figures with a unit in each clause of a text; "a 120-day period" reads as "120 days". */
function clauseFigures(text: string): ClauseFigure[] {
  const figures: ClauseFigure[] = [];
  for (const clause of text.split(/(?<=[.!?;])\s+|\n+/)) {
    const spelled = clause.replace(/\b(\d+)-(minute|hour|day|week|month|year)\b/gi, '$1 $2s');
    const values = extractFromText(spelled).flatMap((value) => {
      if (value.type !== 'number' || value.number === null) return [];
      const unit = value.unit ?? pricePerUnitCurrency(spelled, value.raw);
      return unit === null ? [] : [{ number: value.number, unit, raw: value.raw }];
    });
    if (values.length === 0) continue;
    const words = new Set(contentWords(spelled).filter((word) => !isUnitWord(word)));
    for (const value of values) figures.push({ value: value.number, unit: value.unit, raw: value.raw, words });
  }
  return figures;
}

/**
 * The currency of a price per unit written after its figure ("29.54 GBP/LPA", "4.10 EUR per kg"), which
 * the value reader leaves without a unit: it compares with "GBP 28.50 per litre" as a price in pounds.
 */
function pricePerUnitCurrency(text: string, raw: string): string | null {
  const at = text.indexOf(raw);
  if (at < 0) return null;
  const currency = /^\s?(GBP|EUR|USD|CHF|AUD|CAD)\s?(?:\/|per\b)/i.exec(
    text.slice(at + raw.length, at + raw.length + 12),
  );
  return currency ? (currency[1] as string).toLowerCase() : null;
}

/** Seconds in each unit of time the value reader writes; months and years only approximately. */
const secondsIn: Readonly<Record<string, number>> = { min: 60, h: 3600, d: 86_400, w: 604_800 };
const calendarSeconds: Readonly<Record<string, number>> = { month: 2_629_800, y: 31_557_600 };

function sameDimension(left: ClauseFigure, right: ClauseFigure): boolean {
  const isTime = (unit: string) => unit in secondsIn || unit in calendarSeconds;
  return left.unit === right.unit || (isTime(left.unit) && isTime(right.unit));
}

function sameAmount(left: ClauseFigure, right: ClauseFigure): boolean {
  if (left.unit === right.unit) return left.value === right.value;
  const leftSeconds = secondsIn[left.unit];
  const rightSeconds = secondsIn[right.unit];
  if (leftSeconds !== undefined && rightSeconds !== undefined)
    return left.value * leftSeconds === right.value * rightSeconds;
  // "12 months" and "1 year" are one span; "6 months" and "182 days" are near enough to be one too.
  if (left.unit in calendarSeconds && right.unit in calendarSeconds)
    return left.value * (left.unit === 'y' ? 12 : 1) === right.value * (right.unit === 'y' ? 12 : 1);
  const leftSpan = left.value * (leftSeconds ?? calendarSeconds[left.unit] ?? Number.NaN);
  const rightSpan = right.value * (rightSeconds ?? calendarSeconds[right.unit] ?? Number.NaN);
  return Math.abs(leftSpan - rightSpan) <= 0.04 * Math.max(leftSpan, rightSpan);
}

function sharedWordCount(words: ReadonlySet<string>, subject: ReadonlySet<string>): number {
  let shared = 0;
  for (const word of words) if (subject.has(word)) shared += 1;
  return shared;
}

/**
 * A figure the instructions state ("import VAT is 17.5%", "at most 90 days in any 120-day period") that a
 * call or the answer repeats, while a record or document the run read states the same subject with another
 * figure of the same unit ("up to 90 days in any 180-day period"), and nothing the run wrote used that figure.
 * The subject is matched by words: the record's clause shares two or more with the instruction's clause or
 * with the clause that repeated the figure ("within GBP 25,000 auto-approval limit" / "approval limit GBP 10,000").
 */
function restatedFigureConflict(
  context: AnalysisContext,
  instructions: string,
  instructionsSpanId: string,
): RuleFinding | null {
  const stated = clauseFigures(instructions);
  if (stated.length === 0) return null;
  const consumers = [
    ...writtenTexts(context).map((consumer) => ({ ...consumer, actedAt: null })),
    ...reasoningBeforeCalls(context),
  ].map((consumer) => ({ ...consumer, figures: clauseFigures(consumer.text) }));
  const records = recordTexts(context).flatMap((value) =>
    clauseFigures(value.text).map((figure) => ({ ...figure, source: value })),
  );
  if (records.length === 0) return null;
  for (const figure of stated) {
    for (const consumer of consumers) {
      const repeated = consumer.figures.find((other) => other.unit === figure.unit && other.value === figure.value);
      if (!repeated) continue;
      const subject = new Set([...figure.words, ...repeated.words]);
      // "72 hours" against "7 days": spans of time compare in any of their units.
      const sameSubject = records.filter(
        (record) => sameDimension(record, figure) && sharedWordCount(record.words, subject) >= 2,
      );
      // A record that states the instructions' own figure for the subject agrees with them ("48 hours", "2 days").
      if (sameSubject.some((record) => sameAmount(record, figure))) continue;
      // A rival some step went by is not what went wrong; one an answer only mentions beside the instructions'
      // figure ("the ledger shows 29.54; I used 28.50") was set aside for the instructions.
      // Reasoning that acted on the instructions' figure did its damage then: only what came before it counts.
      const usedInstead = (record: ClauseFigure): boolean =>
        consumers.some(
          (other) =>
            (consumer.actedAt === null || (other.actedAt !== null && other.actedAt <= consumer.actedAt)) &&
            other.figures.some((mine) => mine.unit === record.unit && mine.value === record.value) &&
            !other.figures.some((mine) => mine.unit === figure.unit && mine.value === figure.value),
        );
      const rival = sameSubject.find((record) => !usedInstead(record));
      if (!rival) continue;
      return {
        rule: 'instruction-conflict',
        spanId: instructionsSpanId,
        layer: 'instruction',
        severity: 'error',
        message: `${consumer.where} repeats ${figure.raw} from the system instructions, but ${rival.source.span.name} states ${rival.raw} for the same thing (${rival.source.field})`,
        summary: `The system instructions state ${figure.raw}, which ${rival.source.span.name} contradicts (${rival.raw}); ${consumer.where} followed the instructions.`,
        confidence: 0.7,
        evidence: [
          {
            spanId: instructionsSpanId,
            field: 'system_instructions',
            expected: rival.raw,
            actual: figure.raw,
            source: `${rival.source.span.name} (${rival.source.field})`,
          },
        ],
        causal: true,
        badValue: figure.raw,
      };
    }
  }
  return null;
}

const offsetPattern = /\b(\d{1,3})\s*(day|week)s?\s+(before|after|prior to|ahead of)\b/gi;

function shiftDay(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * dayMs).toISOString().slice(0, 10);
}

/**
 * A deadline the instructions set as an offset ("final numbers 14 days before the wedding") that the run
 * applied to a record's date (the wedding on 2026-09-12, so 29 August), where a record states that deadline
 * as another date (`final_numbers_due: 2026-08-22`) that nothing the run wrote used: the rule is stale.
 */
function offsetDateConflict(
  context: AnalysisContext,
  instructions: string,
  instructionsSpanId: string,
): RuleFinding | null {
  const offsets: Array<{ days: number; raw: string; words: Set<string> }> = [];
  for (const clause of instructions.split(/(?<=[.!?;])\s+|\n+/))
    for (const match of clause.matchAll(offsetPattern)) {
      const size = Number(match[1]) * ((match[2] as string).toLowerCase() === 'week' ? 7 : 1);
      // What the offset counts from ("14 days before the catalogue closes") names the anchor, not the
      // deadline: a record's `catalogue_closes` is that anchor, no rival of the deadline.
      const subject = clause.slice(0, match.index);
      const words = new Set(contentWords(subject).filter((word) => !isUnitWord(word)));
      offsets.push({ days: /after/i.test(match[3] as string) ? size : -size, raw: match[0], words });
    }
  if (offsets.length === 0) return null;
  const recordDates = context.spans.flatMap((span) =>
    span.tool?.result === null || span.tool?.result === undefined
      ? []
      : extractFromJson(span.tool.result)
          .filter((value) => value.type === 'date' && value.field !== null)
          .map((value) => ({ span, day: value.key.slice(0, 10), field: value.field as string })),
  );
  if (recordDates.length < 2) return null;
  const written = writtenTexts(context).map((consumer) => ({
    ...consumer,
    days: extractFromText(consumer.text)
      .filter((value) => value.type === 'date')
      .map((value) => value.key.slice(0, 10)),
  }));
  const writtenDays = new Set(written.flatMap((consumer) => consumer.days));
  for (const offset of offsets) {
    const sameDeadline = recordDates.filter((record) => {
      let shared = 0;
      // Distinct words: `sales.sale_id` names sales once, not twice.
      for (const word of new Set(contentWords(record.field))) if (offset.words.has(word)) shared += 1;
      return shared >= 2;
    });
    if (sameDeadline.length === 0) continue;
    for (const consumer of written) {
      // A date the run wrote that is a record's date moved by the instructions' offset: the rule was applied.
      const applied = consumer.days.find((day) =>
        recordDates.some((anchor) => shiftDay(anchor.day, offset.days) === day),
      );
      if (applied === undefined) continue;
      if (sameDeadline.some((record) => record.day === applied)) continue;
      // The date the offset counts from (the lease end) is the anchor, not a rival deadline.
      const anchor = shiftDay(applied, -offset.days);
      const rival = sameDeadline.find((record) => record.day !== anchor && !writtenDays.has(record.day));
      if (!rival) continue;
      return {
        rule: 'instruction-conflict',
        spanId: instructionsSpanId,
        layer: 'instruction',
        severity: 'error',
        message: `${consumer.where} gives ${applied}, the system instructions' "${offset.raw}", but ${rival.span.name} states ${rival.field} ${rival.day}`,
        summary: `The system instructions set the deadline as "${offset.raw}", which ${rival.span.name} contradicts (${rival.field} ${rival.day}); ${consumer.where} followed the instructions.`,
        confidence: 0.7,
        evidence: [
          {
            spanId: instructionsSpanId,
            field: 'system_instructions',
            expected: rival.day,
            actual: applied,
            source: `${rival.span.name} result (${rival.field})`,
          },
        ],
        causal: true,
        badValue: applied,
      };
    }
  }
  return null;
}

/** A name a call can be made with: one token such as `prod-us`, `CostCenter` or `eu_west_2`, not a sentence. */
const nameToken = /^[A-Za-z][A-Za-z0-9]*(?:[-_.:][A-Za-z0-9]+)*$/;

function hasWholeToken(text: string, token: string): boolean {
  // Called for every string argument of a run: most are not in the text at all, which needs no pattern.
  if (!text.includes(token)) return false;
  const escaped = token.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(?<![\\w-])${escaped}(?![\\w-])`).test(text);
}

/**
 * Whether the instructions name a value as a whole token (and `also` holds) while the request does not, judged
 * once per value: a large trace repeats the same few argument values across thousands of calls.
 */
function instructionNameTest(
  instructions: string,
  request: string,
  also: (value: string) => boolean,
): (value: string) => boolean {
  const known = new Map<string, boolean>();
  return (value) => {
    let named = known.get(value);
    if (named === undefined) {
      named =
        also(value) && nameToken.test(value) && hasWholeToken(instructions, value) && !hasWholeToken(request, value);
      known.set(value, named);
    }
    return named;
  };
}

/** The content words of the instructions' sentences that name a value: what the instructions say it is. */
function wordsAroundName(sentences: readonly string[], value: string): Set<string> {
  return new Set(
    sentences.filter((sentence) => hasWholeToken(sentence, value)).flatMap((sentence) => contentWords(sentence)),
  );
}

/**
 * A call argument that names what the instructions name (`stage: prod-us`, a tag key `CostCenter`), where a
 * record read before the call names the same slot otherwise (`gateway_stage: prod-eu`, `allocation_tag_key:
 * cost-center`) and no call used the record's name. The two names must be known alternatives: the
 * instructions or one record mention both ("prod-eu was retired, use prod-us"; "renamed from CostCenter to
 * cost-center"), so a record's current value is never mistaken for a rival of a value the run sets.
 */
function supersededName(
  context: AnalysisContext,
  instructions: string,
  instructionsSpanId: string,
): RuleFinding | null {
  const request = context.goal.request ?? '';
  const sentences = instructions.split(/(?<=[.!?;])\s+|\n+/);
  const argumentNames = new Set<string>();
  // Only calls whose value the instructions name (and the request does not) are kept.
  const namedByInstructions = instructionNameTest(instructions, request, (value) => value.length <= 60);
  // Most runs have no such call: found among the run's distinct argument strings, before any call's leaves are
  // built by key.
  if (!anyArgumentString(context, namedByInstructions)) return null;
  const calls: Array<{ span: Span; key: string; value: string; position: number }> = [];
  for (const span of context.spans) {
    const args = span.tool?.arguments;
    if (args === null || args === undefined) continue;
    const leaves = new Map<string, string[]>();
    leavesByKey(args, leaves);
    for (const [key, values] of leaves)
      for (const value of values) {
        argumentNames.add(value);
        if (namedByInstructions(value)) calls.push({ span, key, value, position: context.position.get(span.id) ?? 0 });
      }
  }
  for (const call of calls) {
    const slot = contentWords(call.key).at(-1);
    if (slot === undefined) continue;
    const sentenceWords = wordsAroundName(sentences, call.value);
    for (const span of context.spans) {
      const result = span.tool?.result;
      if (result === null || result === undefined || (context.position.get(span.id) ?? 0) >= call.position) continue;
      const byKey = new Map<string, string[]>();
      leavesByKey(result, byKey);
      const texts = [...byKey.values()].flat();
      for (const [field, values] of byKey) {
        const fieldWords = contentWords(field);
        if (!fieldWords.includes(slot) || fieldWords.filter((word) => sentenceWords.has(word)).length < 2) continue;
        const rival = values.find(
          (value) =>
            value !== call.value &&
            nameToken.test(value) &&
            !argumentNames.has(value) &&
            // Known alternatives: named together in the instructions, or in one record text.
            (hasWholeToken(instructions, value) ||
              texts.some((text) => hasWholeToken(text, value) && hasWholeToken(text, call.value))),
        );
        if (rival === undefined) continue;
        return {
          rule: 'instruction-conflict',
          spanId: instructionsSpanId,
          layer: 'instruction',
          severity: 'error',
          message: `${call.span.name} used ${call.key} ${call.value} as the system instructions say, but ${span.name} gives ${field} ${rival}`,
          summary: `The system instructions name ${call.value} where ${span.name} gives ${field} ${rival}; ${call.span.name} followed the instructions.`,
          confidence: 0.7,
          evidence: [
            {
              spanId: instructionsSpanId,
              field: 'system_instructions',
              expected: rival,
              actual: call.value,
              source: `${span.name} result (${field})`,
            },
          ],
          causal: true,
          badValue: call.value.toLowerCase(),
        };
      }
    }
  }
  return null;
}

/**
 * Every distinct string the run's tool calls were given, as `stringValues` reads them (which holds every
 * string the other argument walks read), gathered once per analysis: three tests ask whether any argument
 * could matter, and a large trace repeats the same few values in every call.
 */
const argumentStringsByContext = new WeakMap<AnalysisContext, ReadonlySet<string>>();

function argumentStrings(context: AnalysisContext): ReadonlySet<string> {
  let strings = argumentStringsByContext.get(context);
  if (strings === undefined) {
    const found = new Set<string>();
    const values: string[] = [];
    for (const span of context.spans) {
      const args = span.tool?.arguments;
      if (args === null || args === undefined) continue;
      values.length = 0;
      stringValues(args, values);
      for (const value of values) found.add(value);
    }
    strings = found;
    argumentStringsByContext.set(context, strings);
  }
  return strings;
}

function anyArgumentString(context: AnalysisContext, test: (value: string) => boolean): boolean {
  for (const value of argumentStrings(context)) if (test(value)) return true;
  return false;
}

/** Every string value inside a JSON value, list items included (`seats: ["A1", "A2"]`), added to `into`. */
function stringValues(value: JsonValue, into: string[], depth = 0): void {
  if (typeof value === 'string') into.push(value);
  else if (depth > 8 || value === null || typeof value !== 'object') return;
  else if (Array.isArray(value)) for (const item of value) stringValues(item, into, depth + 1);
  else for (const key of Object.keys(value)) stringValues(value[key] as JsonValue, into, depth + 1);
}

const hasDigit = /\d/;

/** A kind a record gives a row (`wheelchair_space`, `standard`, `side room`): words, no digits. */
const kindValue = /^[A-Za-z][A-Za-z _-]{1,39}$/;

/**
 * A name the instructions give a kind ("wheelchair spaces are seats A1 and A2") that a call used, where the
 * record the run read gives that row another kind (`{seat: A1, type: standard}`) and gives the instructions'
 * kind to other rows (`{seat: M14, type: wheelchair_space}`) that no call used: the instructions are stale.
 */
function reclassifiedName(
  context: AnalysisContext,
  instructions: string,
  instructionsSpanId: string,
): RuleFinding | null {
  const request = context.goal.request ?? '';
  const sentences = instructions.split(/(?<=[.!?;])\s+|\n+/);
  // As in supersededName: only calls whose value (with a digit) the instructions name are kept.
  const namedByInstructions = instructionNameTest(instructions, request, (value) => hasDigit.test(value));
  if (!anyArgumentString(context, namedByInstructions)) return null;
  const used = argumentStrings(context);
  const calls: Array<{ span: Span; value: string; position: number }> = [];
  const values: string[] = [];
  for (const span of context.spans) {
    const args = span.tool?.arguments;
    if (args === null || args === undefined) continue;
    values.length = 0;
    stringValues(args, values);
    for (const value of values)
      if (namedByInstructions(value)) calls.push({ span, value, position: context.position.get(span.id) ?? 0 });
  }
  for (const call of calls) {
    const stated = wordsAroundName(sentences, call.value);
    for (const span of context.spans) {
      const result = span.tool?.result;
      if (result === null || result === undefined || (context.position.get(span.id) ?? 0) >= call.position) continue;
      const rows = jsonObjectsIn(result);
      for (const row of rows) {
        if (!Object.values(row).includes(call.value)) continue;
        for (const [key, kind] of Object.entries(row)) {
          if (typeof kind !== 'string' || !kindValue.test(kind)) continue;
          if (contentWords(kind).some((word) => stated.has(word))) continue;
          // Another row of the same record with the kind the instructions give, whose name no call used.
          const other = rows.find((candidate) => {
            const otherKind = candidate[key];
            if (candidate === row || typeof otherKind !== 'string' || !kindValue.test(otherKind)) return false;
            const words = contentWords(otherKind);
            if (words.length === 0 || !words.every((word) => stated.has(word))) return false;
            return !Object.values(candidate).some((item) => typeof item === 'string' && used.has(item));
          });
          if (!other) continue;
          return {
            rule: 'instruction-conflict',
            spanId: instructionsSpanId,
            layer: 'instruction',
            severity: 'error',
            message: `${call.span.name} used ${call.value} as the system instructions describe it, but ${span.name} gives its ${key} as ${kind} (${String(other[key])} is another row)`,
            summary: `The system instructions describe ${call.value} as ${String(other[key])}, but ${span.name} records its ${key} as ${kind}; ${call.span.name} followed the instructions.`,
            confidence: 0.7,
            evidence: [
              {
                spanId: instructionsSpanId,
                field: 'system_instructions',
                expected: `${key} ${kind}`,
                actual: `${call.value} as ${String(other[key])}`,
                source: `${span.name} result`,
              },
            ],
            causal: true,
            badValue: call.value.toLowerCase(),
          };
        }
      }
    }
  }
  return null;
}
