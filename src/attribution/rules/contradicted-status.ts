import type { JsonValue } from '../../model/json-value.js';
import type { Span } from '../../model/span.js';
import { type AnalysisContext, outputText } from '../analysis-context.js';
import type { Rule, RuleFinding } from '../rule.js';
import { escapeForPattern } from '../text/escape-pattern.js';

/**
 * Outcomes a record states, each with the words that say the opposite. The record's word is matched
 * as a whole field value (`decision: "rejected"`); the opposite is looked for in the model's prose.
 */
/**
 * "Your glasses are ready for collection", "it is ready to pick up"; not "your label is ready to print": a
 * thing ready for the customer to use is no piece of work finished.
 */
const readyWords =
  /\b(?:is|are) (?:now )?ready\b(?!\s+(?:to\s+(?!collect|pick|be collected)|for\s+(?:download|print|use|review|sign)))|\bready (?:for|to) (?:collect\w*|pick ?up|be collected)\b/i;

/**
 * `acknowledged`, where given, is how a text states the recorded outcome itself: a text that says a check
 * failed, beside "passed", tells the passes of the other checks apart from the failure.
 */
const opposites: readonly { recorded: RegExp; opposite: RegExp; acknowledged?: RegExp }[] = [
  {
    recorded: /^(rejected|denied|declined|refused|dismissed|unsuccessful)$/i,
    opposite:
      /\b(approved|accepted|granted|went through|was successful|succeeded|overturned|in your favou?r|you won)\b/i,
  },
  {
    recorded: /^(approved|accepted|granted)$/i,
    opposite: /\b(rejected|denied|declined|refused|turned down)\b/i,
  },
  {
    recorded: /^(malicious|dangerous|unsafe|compromised|infected|phishing)$/i,
    opposite: /\b(clean|benign|harmless|safe|false[ _]positive|not malicious)\b/i,
  },
  {
    recorded: /^(fail(ed)?|failure|error)$/i,
    opposite: /\b(succeeded|successful(?:ly)?|passed|completed)\b/i,
    acknowledged: /\b(fail(s|ed|ing|ure)?|error|unsuccessful)\b/i,
  },
  {
    recorded: /^(defects?[ _]found|fail(ed)?[ _]inspection|unsatisfactory|condemned|not[ _]passed|dangerous)$/i,
    opposite: /\b(passed|satisfactory|fine to use|safe to use|ok to use|no defects)\b/i,
  },
  {
    recorded: /^(cancell?ed|voided|withdrawn)$/i,
    opposite:
      /\b(on its way|out for delivery|has been dispatched|is being prepared|will arrive|arriving (?:by|at|in)|(?:is |still |are )going ahead|will go ahead|is confirmed)\b/i,
  },
  {
    recorded: /^(ineligible|not[ _]eligible)$/i,
    opposite: /\b(?<!not |in)eligible\b/i,
  },
  {
    recorded: /^(out[ _]of[ _]stock|sold[ _]out|unavailable)$/i,
    opposite: /\b(in stock|(?<!not |un)available)\b/i,
  },
  {
    recorded: /^(unpaid|overdue|outstanding)$/i,
    opposite: /\b(paid in full|fully paid|settled|(?<!un)paid)\b/i,
  },
  {
    // An order on the road, told as still in the kitchen or the warehouse.
    recorded: /^(picked[ _]up|collected|dispatched|shipped|in[ _]transit|out[ _]for[ _]delivery|en[ _]route)$/i,
    opposite:
      /\b(still (?:being )?(?:prepar|pack|cook|made)\w*|(?:has|have)(?: not|n't|n’t) (?:yet )?been (?:picked up|collected|dispatched|shipped)|not yet (?:been )?(?:picked up|collected|dispatched|shipped)|yet to be (?:picked up|collected|dispatched|shipped))/i,
  },
  {
    // Work still under way, told as ready to collect.
    recorded:
      /^(not[ _]ready|in[ _]progress|remake[ _]required|awaiting[ _][a-z_]+|on[ _]hold|back[ _]?ordered|in[ _]production)$/i,
    opposite: readyWords,
  },
  {
    recorded: /^conditional([ _](offer|approval|acceptance|place))?$/i,
    opposite: /\bunconditional(ly)?\b/i,
  },
];

/** A sanction or restriction still in force, and the words that say it ended. */
const inForce = /^(active|in[ _]force|enforced|upheld|stands|pending)$/i;
const ended = /\b(lifted|removed|revoked|rescinded|expired|ended|cleared|reinstated)\b/i;
const restrictionField = /(^|[._])(sanction|suspension|ban|block|hold|restriction|penalty|lock)s?([._]status)?$/i;

/** Fields that hold an outcome: a decision, a verdict, a status. */
const outcomeField =
  /(^|[._])(decision|verdict|status|state|result|outcome|disposition|classification|eligibility|availability|resolution)$/i;

const negation = /\b(not|never|no longer|n't|wasn't|isn't|hasn't|wasn’t|isn’t|hasn’t)\s+(?:\w+\s+){0,2}$/i;

interface RecordedOutcome {
  field: string;
  value: string;
  /** Where a text says the opposite, as written, or null. */
  oppositeIn: (text: string) => string | null;
}

/** Flags whose name is a verdict, and the words that state that verdict. */
const verdictFlags: readonly { key: RegExp; opposite: RegExp }[] = [
  { key: /^(is_)?eligible$/i, opposite: /\b(?<!not |in)eligible\b/i },
  { key: /^(is_)?safe(_to_use)?$/i, opposite: /\b(safe to use|fine to use|ok to use|okay to use)\b/i },
  { key: /^(is_)?(approved|accepted)$/i, opposite: /\b(approved|accepted)\b/i },
  { key: /^(is_)?passed$/i, opposite: /\bpassed\b/i },
  { key: /^(is_)?ready(_for_(collection|pickup|pick_up))?$/i, opposite: readyWords },
  {
    key: /^(is_)?(in_warranty|under_warranty|covered)$/i,
    opposite: /\b(under warranty|in warranty|still covered|is covered)\b/i,
  },
];

/** Words of a flag's path that say nothing about what it flags. */
const flagFiller = new Set(['is', 'has', 'to', 'the', 'of', 'a', 'an', 'for', 'flag', 'flags', 'value', 'status']);
const sentenceNegation =
  /\b(not|no|never|cannot|without|unavailable|isn't|aren't|wasn't|doesn't|don't|isn’t|aren’t|wasn’t|doesn’t|don’t)\b|n't\b|n’t\b/i;

/** A condition in a sentence makes it tell what would happen, not what did ("If they send it, duty falls to €0"). */
const hypothetical = /\b(?:if|unless|once|provided|as\s+soon\s+as|in\s+case|should\s+(?:you|they|we|it|he|she))\b/i;

/**
 * A sentence that asserts what a false flag denies: every word of its path (`step_free_street_to_platform`
 * under `northbound`) in one sentence with no negation ("Harlow Street is step-free to the northbound
 * platform").
 */
function assertedFlag(text: string, words: readonly string[]): string | null {
  for (const sentence of text.split(/(?<=[.!?:;])\s+/)) {
    const lower = sentence.toLowerCase();
    if (!words.every((word) => new RegExp(`(^|[^a-z])${word}([^a-z]|$)`).test(lower))) continue;
    if (!sentenceNegation.test(sentence) && !hypothetical.test(sentence)) return sentence.trim();
  }
  return null;
}

/** A negation just before what it denies: "isn't in a conservation area", "not a listed building". */
const denialBefore = /(?:\b(?:not|no|never|isn['’]t|aren['’]t|wasn['’]t|weren['’]t)|n['’]t)\s+(?:[a-z]+\s+){0,2}$/i;

/** A sentence that denies what a true flag records: its path's words as one phrase, a negation right before it. */
function deniedFlag(text: string, words: readonly string[]): string | null {
  // "isn't in a conservation area" denies `conservation_area`; "no deposit, as the account is deposit-exempt" does not.
  const phrase = new RegExp(`(^|[^a-z])${words.join('[\\s_-]+')}([^a-z]|$)`);
  for (const sentence of text.split(/(?<=[.!?:;])\s+/)) {
    const lower = sentence.toLowerCase();
    const at = lower.search(phrase);
    if (at < 0 || hypothetical.test(sentence)) continue;
    if (denialBefore.test(lower.slice(Math.max(0, at - 30), at + 1).replace(/[^a-z'’\s]$/, ''))) return sentence.trim();
  }
  return null;
}

function outcomesOf(value: JsonValue, field: string, found: RecordedOutcome[], depth = 0): void {
  if (depth > 8 || found.length > 20) return;
  if (typeof value === 'string') {
    const trimmed = value.trim();
    if (trimmed.length > 40) return;
    if (outcomeField.test(field)) {
      for (const pair of opposites)
        if (pair.recorded.test(trimmed))
          found.push({
            field,
            value: trimmed,
            oppositeIn: (text) => (pair.acknowledged?.test(text) ? null : assertedOpposite(text, pair.opposite)),
          });
    }
    if (inForce.test(trimmed) && restrictionField.test(field.replace(/[._](status|state)$/i, '')))
      found.push({ field, value: trimmed, oppositeIn: (text) => assertedOpposite(text, ended) });
    return;
  }
  if (value === true && criticalFlag.test(field.split('.').pop() ?? field)) {
    found.push({ field, value: 'true', oppositeIn: (text) => assertedOpposite(text, deniesCritical) });
    return;
  }
  // `custody_exception: true`, `low_humidity_alarm: true`, `custody_exceptions: 1`: a raised flag, or a count of
  // them, that "no exceptions" denies.
  const flagged =
    value === true ||
    (typeof value === 'number' && Number.isInteger(value) && value > 0) ||
    (Array.isArray(value) && value.length > 0);
  const raised = flagged ? raisedFlag.exec(field.split('.').pop() ?? field)?.[1]?.toLowerCase() : undefined;
  if (raised !== undefined) {
    // An alarm, an alert and a warning are told apart by no one reading an answer.
    const words = /^(?:alarm|alert|warning)$/.test(raised) ? '(?:alarm|alert|warning)' : raised;
    const denial = new RegExp(
      `\\bno\\s+(?:[a-z-]+\\s+){0,2}${words}s?\\b|\\bwithout\\s+(?:any\\s+)?${words}s?\\b`,
      'i',
    );
    const recorded = Array.isArray(value) ? `${value.length} listed` : String(value);
    found.push({ field, value: recorded, oppositeIn: (text) => denial.exec(text)?.[0] ?? null });
    return;
  }
  if (value === true) {
    // A true flag named in two words or more (`conservation_area.in_area`), denied in a sentence that uses them.
    const words = [
      ...new Set(
        field
          .toLowerCase()
          .split(/[._\-\s]+/)
          .filter((word) => word.length > 2 && !flagFiller.has(word)),
      ),
    ];
    if (words.length >= 2) found.push({ field, value: 'true', oppositeIn: (text) => deniedFlag(text, words) });
    return;
  }
  if (value === false) {
    // A flag that names one verdict (`eligible: false`, `safe_to_use: false`) is contradicted by the verdict itself.
    const last = field.split('.').pop() ?? field;
    for (const flag of verdictFlags)
      if (flag.key.test(last)) {
        found.push({ field, value: 'false', oppositeIn: (text) => assertedOpposite(text, flag.opposite) });
        return;
      }
    // A false flag named in three words or more (`step_free_street_to_platform.northbound`): specific enough
    // that a sentence using all of them is about it.
    const words = field
      .toLowerCase()
      .split(/[._\-\s]+/)
      .filter((word) => word.length > 1 && !flagFiller.has(word));
    if (words.length >= 3) found.push({ field, value: 'false', oppositeIn: (text) => assertedFlag(text, words) });
    return;
  }
  if (Array.isArray(value)) {
    for (const item of value.slice(0, 50)) namedItemOutcomes(item, field, found);
    return;
  }
  if (value !== null && typeof value === 'object')
    for (const key of Object.keys(value))
      outcomesOf(value[key] as JsonValue, field ? `${field}.${key}` : key, found, depth + 1);
}

/** A part out of use, and the words that say it is in use: only said of a part the sentence names. */
const outOfUse = {
  recorded: /^(closed|shut|suspended|cancell?ed|out[ _]of[ _]service|inoperative|offline|down|not[ _]running)$/i,
  opposite: /\b(open|running|operating|in service|working|available|operational)\b/i,
};
const itemNameKey =
  /^(name|title|label|section|route|line|unit|asset|item|lift|facility|wall|location|area|zone|room|platform|court|pitch|pool)$/i;
/** "All sections are open except the Bothy descent", "other than": the sentence sets the item apart. */
const exception = /\b(except|apart from|other than|but not|besides|excluding|bar)\b/i;

/**
 * A sentence that names the item and says the opposite of its recorded state, with no negation and
 * without also stating the recorded state or setting the item apart ("all open except the Bothy descent").
 */
function assertedAboutItem(text: string, name: string, recorded: string, opposite: RegExp): string | null {
  const named = new RegExp(`(^|[^a-z0-9])${escapeForPattern(name.toLowerCase())}([^a-z0-9]|$)`);
  const stated = new RegExp(`\\b${escapeForPattern(recorded.toLowerCase().replace(/_/g, ' '))}\\b`, 'i');
  for (const sentence of text.split(/(?<=[.!?;])\s+/)) {
    if (!named.test(sentence.toLowerCase())) continue;
    if (sentenceNegation.test(sentence) || exception.test(sentence) || stated.test(sentence)) continue;
    if (hypothetical.test(sentence)) continue;
    const said = opposite.exec(sentence);
    if (said) return sentence.trim();
  }
  return null;
}

/** Flags raised over something wrong: `custody_exception`, `alarm_active`, `breach`, `has_defects`. */
const raisedFlag =
  /(?:^|_)(exception|alarm|alert|breach|defect|fault|discrepancy|violation|incident|warning)s?(?:_(?:active|raised|open|present|flag))?$/i;

/** A flag that marks a result as critical, and the words that deny any critical result ("no critical values"). */
const criticalFlag = /^(is_)?(critical|panic|urgent|life_threatening)$/i;
const deniesCritical =
  /\b(?:no|none of the|not any)\s+(?:\w+\s+){0,2}(?:critical|panic|urgent)\b|\bnothing\s+(?:\w+\s+){0,2}(?:needs|requires)\s+(?:urgent|immediate)|\bno need (?:to|for) (?:escalat|urgent)/i;

/** Items of a list, each with a name and a state (`sections: [{name: "Bothy descent", status: "closed"}]`). */
function namedItemOutcomes(item: JsonValue, field: string, found: RecordedOutcome[]): void {
  if (item === null || typeof item !== 'object' || Array.isArray(item)) return;
  // A result flagged critical (`{analyte: "Potassium", critical: true}`), told as "no critical values".
  for (const [key, flag] of Object.entries(item))
    if (flag === true && criticalFlag.test(key))
      found.push({
        field: `${field}.${key}`,
        value: 'true',
        oppositeIn: (text) => assertedOpposite(text, deniesCritical),
      });
  const nameKey = Object.keys(item).find((key) => itemNameKey.test(key) && typeof item[key] === 'string');
  const name = nameKey === undefined ? '' : (item[nameKey] as string).trim();
  if (name.length < 4 || name.length > 60) return;
  for (const [key, state] of Object.entries(item)) {
    if (typeof state !== 'string' || !outcomeField.test(key)) continue;
    const trimmed = state.trim();
    // "not flying", "not travelling": the activity itself, said of the item, is the opposite.
    const activity = negatedActivity(trimmed);
    if (activity !== null)
      found.push({
        field: `${field}[${name}].${key}`,
        value: trimmed,
        oppositeIn: (text) => assertedAboutItem(text, name, trimmed, activity),
      });
    for (const pair of [...opposites, outOfUse])
      if (pair.recorded.test(trimmed))
        found.push({
          field: `${field}[${name}].${key}`,
          value: trimmed,
          oppositeIn: (text) => assertedAboutItem(text, name, trimmed, pair.opposite),
        });
  }
}

/** The words that say an item does what its `not …` state denies: "not flying" against "will be flying". */
function negatedActivity(state: string): RegExp | null {
  const word = /^not[ _]([a-z]{4,})$/i.exec(state)?.[1]?.toLowerCase();
  if (word === undefined) return null;
  // "travelling" → travel, "flying" → fly, "attending" → attend.
  const base = word.endsWith('ing') ? word.slice(0, -3).replace(/([^aeiou])\1$/, '$1') : word;
  if (base.length < 3) return null;
  return new RegExp(`\\b${escapeForPattern(base)}(?:s|es|ing|ed)?\\b`, 'i');
}

/** The value at a dotted field path of a result, or undefined when the result has no such field. */
function valueAt(value: JsonValue, field: string): JsonValue | undefined {
  let current: JsonValue | undefined = value;
  for (const key of field.split('.')) {
    if (current === null || current === undefined || typeof current !== 'object' || Array.isArray(current))
      return undefined;
    current = current[key];
  }
  return typeof current === 'string' ? current.trim() : typeof current === 'boolean' ? String(current) : current;
}

/** The first place the text says the opposite, not negated (`was not approved` says no such thing) nor supposed. */
function assertedOpposite(text: string, opposite: RegExp): string | null {
  const pattern = new RegExp(opposite.source, 'gi');
  for (const match of text.matchAll(pattern)) {
    const at = match.index ?? 0;
    const before = text.slice(Math.max(0, at - 40), at);
    if (negation.test(before)) continue;
    const sentenceStart = Math.max(text.lastIndexOf('. ', at), text.lastIndexOf('\n', at), text.lastIndexOf('? ', at));
    if (hypothetical.test(text.slice(sentenceStart + 1, at))) continue;
    return match[0];
  }
  return null;
}

/** Arguments that carry a message to a person: an email's body, a text, a note. */
const messageArgument = /^(body|text|message|content|html|summary|note|notes|comment|description)$/i;

/** The opposite of the outcome in a message the writer's own tool calls carry (an email body it drafted). */
function oppositeInMessagesCalled(writer: Span, outcome: RecordedOutcome): string | null {
  for (const message of writer.outputMessages)
    for (const call of message.toolCalls) {
      const args = call.arguments;
      if (args === null || typeof args !== 'object' || Array.isArray(args)) continue;
      for (const [key, value] of Object.entries(args))
        if (messageArgument.test(key) && typeof value === 'string') {
          const said = outcome.oppositeIn(value);
          if (said !== null) return said;
        }
    }
  return null;
}

/** Whether a call after the writer sent on a message that says the opposite of the outcome. */
function sentOn(context: AnalysisContext, writer: Span, outcome: RecordedOutcome): boolean {
  const after = context.position.get(writer.id) ?? 0;
  return context.spans.some((span) => {
    const args = span.tool?.arguments;
    if (
      (context.position.get(span.id) ?? 0) <= after ||
      args === null ||
      typeof args !== 'object' ||
      Array.isArray(args)
    )
      return false;
    return Object.entries(args ?? {}).some(
      ([key, value]) => messageArgument.test(key) && typeof value === 'string' && outcome.oppositeIn(value) !== null,
    );
  });
}

/**
 * A model that tells the user the opposite of an outcome a tool recorded (the record says the appeal
 * was `rejected` and the suspension `active`; the model says it "went through" and was "lifted"). The
 * model had the record and contradicted it: `model`, at the first model span that wrote it.
 */
export const contradictedStatusRule: Rule = {
  id: 'contradicted-status',
  evaluate(context: AnalysisContext) {
    const answer = context.answer;
    if (!answer) return [];
    const recorded: { span: Span; outcome: RecordedOutcome }[] = [];
    for (const span of context.spans) {
      if (span.role !== 'tool' || span.tool?.result === null || span.tool?.result === undefined) continue;
      if (span.status.code === 'error') continue;
      const found: RecordedOutcome[] = [];
      outcomesOf(span.tool.result, '', found);
      for (const outcome of found) recorded.push({ span, outcome });
    }
    if (recorded.length === 0) return [];
    // The outcome as it stands: a later record of the same field with another value (a retry that
    // passed, an approval after review) settles it.
    const toolSpans = context.spans.filter((span) => span.role === 'tool' && span.tool?.result != null);
    const standing = recorded.filter(({ span, outcome }) =>
      toolSpans.every((other) => {
        if ((context.position.get(other.id) ?? 0) <= (context.position.get(span.id) ?? 0)) return true;
        const result = other.tool?.result ?? null;
        const later = valueAt(result, outcome.field);
        if (later !== undefined) return later === outcome.value;
        // `fee_status: unpaid`, then a payment that came back `status: paid`: the later call changed it.
        return !settledBy(result, outcome);
      }),
    );
    const answerSpan = context.byId.get(answer.spanId);
    for (const { span: source, outcome } of standing) {
      const after = context.position.get(source.id) ?? 0;
      // The model spans after the record, in causal order, then the answer (a root agent starts first).
      const writers = context.spans.filter(
        (span) => span.role === 'llm' && span.id !== answer.spanId && (context.position.get(span.id) ?? 0) > after,
      );
      if (answerSpan) writers.push(answerSpan);
      for (const writer of writers) {
        const said = outcome.oppositeIn(outputText(writer)) ?? oppositeInMessagesCalled(writer, outcome);
        // Only what reached someone: the sentence must be in the answer too, or in a message a later call sent.
        if (said === null) continue;
        if (
          writer.id !== answer.spanId &&
          outcome.oppositeIn(answer.text) === null &&
          !sentOn(context, writer, outcome)
        )
          continue;
        const toolName = source.tool?.name ?? source.name;
        return [
          {
            rule: 'contradicted-status',
            spanId: writer.id,
            layer: 'model',
            severity: 'error',
            message: `${writer.name} says "${said}" where ${toolName} recorded ${outcome.field} = ${outcome.value}`,
            summary: `${writer.name} told the user "${said}", the opposite of what ${toolName} recorded (${outcome.field}: ${outcome.value}).`,
            confidence: 0.7,
            evidence: [
              {
                spanId: writer.id,
                field: 'output',
                expected: `${outcome.field} ${outcome.value}`,
                actual: said,
                source: `span ${toolName} result`,
              },
            ],
            causal: true,
            badValue: null,
          } satisfies RuleFinding,
        ];
      }
    }
    return [];
  },
};

/**
 * A later result that states the outcome's opposite under the same kind of field (`status: "paid"` after
 * `fee_status: "unpaid"`): the run changed what was recorded, and the record no longer stands.
 */
function settledBy(result: JsonValue, outcome: RecordedOutcome): boolean {
  if (result === null || typeof result !== 'object' || Array.isArray(result)) return false;
  const kind = lastWord(outcome.field);
  return Object.entries(result).some(
    ([key, value]) => typeof value === 'string' && lastWord(key) === kind && outcome.oppositeIn(value) !== null,
  );
}

/** The last word of a field path: `collection.fee_status` → `status`. */
function lastWord(field: string): string {
  return field.split(/[._]/).at(-1)?.toLowerCase() ?? field;
}
