import type { Span } from '../../model/span.js';
import { requestAndPlan, stepName } from '../analysis-context.js';
import { isPaymentAction, paidByCall } from '../payment-calls.js';
import type { Rule, RuleFinding } from '../rule.js';
import { describeSpanError } from '../span-errors.js';
import {
  actionVerbsOf,
  actionWords,
  canonicalWord,
  compositeActions,
  contradictingActions,
  isKnownAction,
} from '../text/actions.js';
import {
  asksToBeTold,
  goalClauses,
  namedWork,
  objectWords,
  opensObject,
  requestedAction,
} from '../text/goal-clauses.js';
import { contentWords, isRefusalOrFailureReport } from '../text/words.js';
import { extractFromText } from '../values/extract-values.js';

/**
 * Compares the plan with the goal: a clause of the request that asks for an action no planned step
 * and no tool call covers, or a planned action that contradicts the request. Applies only to runs
 * that record a plan.
 */
/** A request for a price of work: "Quote to fell and remove …", "price up replacing the boiler", "estimate for …". */
const asksForQuote =
  /^(?:please\s+)?(?:(?:can|could)\s+(?:you|i|we)\s+(?:get\s+|have\s+)?(?:an?\s+)?)?(?:quote|price(?:\s+up)?|estimate|cost)\s+(?:me\s+|us\s+)?(?:to|for)\b/i;
const createAction = [...actionWords('create')][0] as string;
const updateAction = [...actionWords('update')][0] as string;

/** A planned update of a thing the clause names (`update_leave_request` for "… on leave request LR-9921"). */
function updatesNamedObject(clause: string, steps: readonly string[]): boolean {
  const named = new Set(contentWords(clause).filter((word) => !/\d/.test(word)));
  return steps.some((step) => {
    const words = actionWords(step);
    if (!words.has(updateAction)) return false;
    let shared = 0;
    for (const word of words) if (word !== updateAction && named.has(word)) shared += 1;
    return shared >= 1;
  });
}

const checkAction = [...actionWords('check')][0] as string;
const sendAction = [...actionWords('send')][0] as string;

/** The words after "to" and "for" in a clause ("to the landlord for approval"), all named by one step. */
function namesRecipientAndPurpose(clause: string, steps: readonly string[]): boolean {
  const named = [...clause.matchAll(/\b(?:to|for)\s+(?:the\s+|a\s+|an\s+|my\s+|our\s+|their\s+)?([a-z]+)/gi)]
    .map((match) => contentWords(match[1] ?? '')[0])
    .filter((word): word is string => word !== undefined);
  if (named.length < 2) return false;
  return steps.some((step) => {
    const words = new Set(contentWords(step));
    return named.every((word) => words.has(word));
  });
}
const lookupAction = [...actionWords('get')][0] as string;

/** A step that looks up something the clause names (`get_team_member` for "her team permission"). */
function readsSameThing(clause: string, steps: readonly string[]): boolean {
  const object = new Set(objectWords(clause));
  if (object.size === 0) return false;
  return steps.some((step) => {
    // The step's own name, not its arguments: `find_pet(name=Biscuit)` reads the pet, not its vaccinations.
    const name = stepName(step);
    if (!actionWords(name).has(lookupAction)) return false;
    return contentWords(name).some((word) => object.has(word));
  });
}

/**
 * A check done by looking it up: "Fact-check: did Tomas Reyne say …" when a search that succeeded was given
 * the clause's own subject (`query: "Tomas Reyne breakwater"`).
 */
function checkedByLookup(clause: string, spans: readonly Span[]): boolean {
  const object = new Set(objectWords(clause));
  if (object.size === 0) return false;
  const needed = Math.min(2, object.size);
  return spans.some((span) => {
    const tool = span.tool;
    if (!tool || span.status.code === 'error' || !actionWords(tool.name).has(lookupAction)) return false;
    let shared = 0;
    // "Bravecto chew" is the `Bravecto chewable` the call asked about: a word may be the start of the argument's.
    for (const word of new Set(contentWords(JSON.stringify(tool.arguments ?? null))))
      if (object.has(word) || [...object].some((part) => part.length >= 4 && word.startsWith(part))) shared += 1;
    return shared >= needed;
  });
}

/** Whether the run's successful lookups, together, were given two or more of the clause's object words. */
function lookedUpSubject(clause: string, spans: readonly Span[]): boolean {
  const asked = clause.replace(/^\s*(?:please|kindly)\s+/i, '');
  // What the clause acts on, or what that is of or for ("the catchment map for Ferndale Park Academy").
  // Every such name counts: "of Loxicom … for my dog Hector" names the drug and the pet.
  const owner = [...asked.matchAll(/\b(?:for|of)\s+(?:the\s+|my\s+|our\s+)?(?:[a-z]+\s+)?((?:[A-Z][\w'’-]*\s*){1,4})/g)]
    .map((match) => match[1] ?? '')
    .join(' ');
  const object = new Set(objectWords(asked));
  const ownerWords = contentWords(owner);
  if (object.size === 0 && ownerWords.length === 0) return false;
  const found = new Set<string>();
  for (const span of spans) {
    const tool = span.tool;
    if (!tool || span.status.code === 'error' || !actionWords(tool.name).has(lookupAction)) continue;
    for (const word of contentWords(JSON.stringify(tool.arguments ?? null)))
      if (object.has(word) || ownerWords.includes(word)) found.add(word);
  }
  if (found.size >= Math.min(2, object.size + ownerWords.length)) return true;
  // "the error-budget report for the ledger-export batch SLO": the names the clause writes in lower case,
  // looked up by the same words (`query: "ledger-export"`).
  const named = new Set(
    asked
      .split(/\s+/)
      .filter((token) => /^[a-z0-9]+(?:-[a-z0-9]+)+$/i.test(token))
      .map((token) => token.toLowerCase()),
  );
  return (
    named.size > 0 &&
    spans.some(
      (span) =>
        span.tool !== null &&
        span.status.code !== 'error' &&
        actionWords(span.tool.name).has(lookupAction) &&
        [...named].some((name) =>
          JSON.stringify(span.tool?.arguments ?? null)
            .toLowerCase()
            .includes(name),
        ),
    )
  );
}

/** Codes and addresses a clause names (`WED-ASHWORTH`, `SO-1182`, an email): what a call doing it must carry. */
function namedCodes(clause: string): string[] {
  return clause
    .split(/[\s,;()'"]+/)
    .map((token) => token.replace(/[.:]+$/, ''))
    .filter(
      (token) =>
        (/^[A-Z0-9][A-Z0-9_-]{3,}$/.test(token) && /[A-Z]/.test(token) && /[-_\d]/.test(token)) ||
        /^[^\s@]+@[^\s@]+\.[a-z]{2,}$/i.test(token),
    );
}

/** One call that succeeded carried every code the clause names. */
function doneByCall(clause: string, spans: readonly Span[]): boolean {
  const codes = namedCodes(clause).map((code) => code.toLowerCase());
  if (codes.length === 0) return false;
  return spans.some((span) => {
    if (!span.tool || span.status.code === 'error' || describeSpanError(span) !== null) return false;
    const carried = JSON.stringify(span.tool.arguments ?? null).toLowerCase();
    return codes.every((code) => carried.includes(code));
  });
}

/**
 * "Everyone needs skate hire" when a call that worked carried `skate_hire: 32`: an argument whose name is two
 * or more of the clause's own words, set to something, took the clause up.
 */
function carriedAsArgument(clause: string, spans: readonly Span[]): boolean {
  const clauseWords = new Set(contentWords(clause));
  return spans.some((span) => {
    const carried = span.tool?.arguments;
    if (!carried || typeof carried !== 'object' || Array.isArray(carried)) return false;
    if (span.status.code === 'error' || describeSpanError(span) !== null) return false;
    return Object.entries(carried).some(([key, value]) => {
      if (value === null || value === false || value === 0 || value === '') return false;
      const keyWords = contentWords(key);
      return keyWords.length >= 2 && keyWords.every((word) => clauseWords.has(word));
    });
  });
}

/** "Backlog alert on …": a noun, then no article or pronoun, opens it; an imperative ("Take a snapshot") has one. */
function readsAsSubjectLine(clause: string): boolean {
  const second = clause.trim().split(/\s+/)[1]?.toLowerCase() ?? '';
  return second !== '' && !opensObject(second);
}

/** A dotted, dashed or underscored resource name the clause writes (`email.outbound`, `mailer-consumer`), carried by a call that worked. */
function carriesResourceName(clause: string, spans: readonly Span[]): boolean {
  const names = (clause.match(/\b[a-z][a-z0-9]*(?:[._-][a-z0-9]+)+\b/g) ?? []).filter((name) => name.length >= 5);
  if (names.length === 0) return false;
  return spans.some((span) => {
    if (!span.tool || describeSpanError(span) !== null) return false;
    const carried = JSON.stringify(span.tool.arguments ?? null);
    return names.some((name) => carried.includes(`"${name}"`));
  });
}

/** The clause names a record by its code (`LM-2026-031`, `INV-88`), and a step names the same code. */
function namesSameRecord(clause: string, steps: readonly string[]): boolean {
  const codes = extractFromText(clause).filter((value) => value.type === 'identifier');
  if (codes.length === 0) return false;
  const stepCodes = new Set(steps.flatMap((step) => extractFromText(step).map((value) => value.key)));
  return codes.every((code) => stepCodes.has(code.key));
}

/** One step names every word of what the clause acts on (at most its first two). */
function coversObject(clause: string, steps: readonly string[]): boolean {
  const object = objectWords(clause).slice(0, 2);
  if (object.length === 0) return false;
  return steps.some((step) => {
    const words = new Set(contentWords(step));
    return object.every((word) => words.has(word));
  });
}

/**
 * Clauses that ask for an outcome without a verb the rules know: "make sure the kitchen knows about the
 * allergy", "only those whose donors consented", "with the accounts and our safeguarding policy attached".
 */
const asksForOutcome =
  /^(?:make\s+sure|ensure|be\s+sure|remember\s+to|don'?t\s+forget|only\s+(?:those|the\s+ones|ones|where|for\s+those))\b|\b(?:attached|included|enclosed|cc'?d|copied\s+in)\s*$/i;
/** The participle of "… attached": it says how the item goes along, it is not what the item is. */
const outcomeParticiple = /^(?:attach|includ|enclos|cop|cc)/;

/** What the run sent: plan steps, tool names and the values of the arguments the calls carried. */
function sentWords(steps: readonly string[], spans: readonly Span[]): Set<string> {
  const words = new Set<string>();
  const add = (text: string): void => {
    for (const word of contentWords(text)) words.add(word);
  };
  const addValues = (value: unknown): void => {
    if (typeof value === 'string') add(value);
    else if (Array.isArray(value)) for (const item of value) addValues(item);
    else if (value !== null && typeof value === 'object') for (const item of Object.values(value)) addValues(item);
  };
  for (const step of steps) add(step);
  for (const span of spans) {
    if (span.tool) {
      add(span.tool.name);
      addValues(span.tool.arguments);
    }
    for (const message of span.outputMessages)
      for (const call of message.toolCalls) {
        add(call.name);
        addValues(call.arguments);
      }
  }
  return words;
}

/** "… and the response letter": a second thing joined to the first by "and", with no verb of its own. */
// Not "three and a half hours", "two and a quarter": a fraction of a number, not a second thing.
const joinedObject =
  /\band\s+(?!(?:a\s+)?(?:half|quarter)\b)((?:the|a|an|my|our|your|his|her|their|its)\s+[^,.;:!?]+?)(?=\s*(?:[,.;:!?]|\band\b|\bthen\b|$))/gi;

/** Content words that name a thing (four letters or more, no digits, not a verb the rules know). */
function thingWords(text: string): string[] {
  return contentWords(text).filter(
    (word) => word.length >= 4 && !/\d/.test(word) && !isKnownAction(canonicalWord(word)),
  );
}

/**
 * Things a request asks one verb to act on ("upload the revised manuscript and the response letter"), where
 * the run made a single call with that verb, naming the first thing, while nothing the run sent names the
 * second: the second was left out of the work. One call may well carry both (an attachment list), so a call
 * that names neither proves nothing, and a second call with the verb may have done the second.
 */
function objectsLeftOut(
  request: string,
  steps: readonly string[],
  spans: readonly Span[],
): { clause: string; action: string; call: string; words: string[] }[] {
  const left: { clause: string; action: string; call: string; words: string[] }[] = [];
  const sent = sentWords(steps, spans);
  for (const written of request.split(/(?<=[.!?])\s+|[;\n]+/)) {
    // "Let her owner and the jockey agent know" asks to notify both.
    const sentence = written.replace(/\blet\s+((?:both\s+)?[^.;!?]{1,120}?)\s+know\b/gi, 'notify $1');
    for (const match of sentence.matchAll(joinedObject)) {
      // The thing itself, without where it goes ("the certificate to tenancy T-5521").
      const second = (match[1] ?? '').split(/\s+(?:to|for|from|in|on|at|into|onto|with|by|via)\s+/i)[0] ?? '';
      if (actionVerbsOf(second).length > 0) continue;
      // The phrase before "and", back past a name set off by commas ("notify her owner, Mrs Ashdown, and …").
      const segments = sentence.slice(0, match.index).split(/[,;:]/);
      let before = segments.at(-1) ?? '';
      for (let back = 2; back <= 3 && back <= segments.length; back += 1) {
        if (
          before
            .trim()
            .split(/\s+/)
            .some((word) => actionVerbsOf(word).length > 0)
        )
          break;
        before = segments.slice(-back).join(' ');
      }
      const words = before.trim().split(/\s+/);
      // The verb nearest before the first thing, as written (not a participle such as "revised").
      let verbAt = -1;
      for (let index = words.length - 1; index >= 0; index -= 1) {
        const word = words[index] ?? '';
        if (!/(?:ed|ing)$/i.test(word) && actionVerbsOf(word).length > 0) {
          verbAt = index;
          break;
        }
      }
      // Without a verb the rules know, the imperative that opens the clause ("Attach the lease …").
      if (
        verbAt === -1 &&
        words.length > 1 &&
        /^[A-Za-z]+$/.test(words[0] ?? '') &&
        !/(?:ed|ing)$/i.test(words[0] ?? '')
      )
        verbAt = 0;
      const action =
        verbAt === -1 ? undefined : (actionVerbsOf(words[verbAt] ?? '')[0] ?? [...actionWords(words[verbAt] ?? '')][0]);
      if (action === undefined) continue;
      const firstWords = thingWords(words.slice(verbAt + 1).join(' '));
      // A name set off after it ("the jockey agent, Phil Keane,") is the same thing: a message to him does it.
      const appositive = /^\s*,\s*((?:[A-Z][\w'’-]+\s?){1,3})(?=,|$)/.exec(
        sentence.slice((match.index ?? 0) + match[0].length),
      );
      const secondWords = [...thingWords(second), ...thingWords(appositive?.[1] ?? '')];
      if (firstWords.length === 0 || secondWords.length === 0) continue;
      const toolCalls = spans
        .filter((span) => span.tool && actionWords(span.tool.name).has(action))
        .map((span) => `${span.tool?.name ?? ''}(${JSON.stringify(span.tool?.arguments ?? null)})`);
      const calls = toolCalls.length > 0 ? toolCalls : steps.filter((step) => actionWords(stepName(step)).has(action));
      if (calls.length !== 1) continue;
      // The call's words, and its planned step's ("send_sms(customer)" names whom the call was for).
      const plannedStep = steps.find((step) => actionWords(stepName(step)).has(action)) ?? '';
      const callWords = new Set(contentWords(`${calls[0] ?? ''} ${plannedStep}`));
      if (!firstWords.some((word) => callWords.has(word))) continue;
      if (secondWords.some((word) => sent.has(word) || callWords.has(word))) continue;
      left.push({ clause: `${words[verbAt]} ${second}`, action, call: stepName(calls[0] ?? ''), words: secondWords });
    }
  }
  return left;
}

/**
 * "Check the compartment for nesting-bird restrictions": reading the compartment checks it only if something
 * the run read or sent speaks of what it was to be checked for.
 */
function purposeUnread(clause: string, steps: readonly string[], spans: readonly Span[]): boolean {
  const purpose = /\bfor\s+(.+)$/i.exec(clause)?.[1];
  if (purpose === undefined) return false;
  const wanted = thingWords(purpose.replace(/(\w)-(\w)/g, '$1 $2'));
  if (wanted.length === 0) return false;
  const read = new Set(
    contentWords(
      [
        ...steps,
        ...spans.flatMap((span) =>
          span.tool
            ? [span.tool.name, JSON.stringify(span.tool.arguments ?? null), JSON.stringify(span.tool.result ?? null)]
            : [],
        ),
      ].join(' '),
    ),
  );
  return !wanted.some((word) => read.has(word));
}

/** Verbs that set something on other work rather than do work of their own. */
const applyingActions = new Set(['apply', 'use', 'include'].flatMap((verb) => [...actionWords(verb)]));
const qualifyingWords = new Set(contentWords('existing current usual same new old original remaining whole full'));
const putTowards = /^\s*put\b.*\b(?:towards?|against)\b/i;

/**
 * The thing to apply is named by a step, or carried in a successful call's arguments: "apply the group rate"
 * is done by `get_group_terms` and a booking sent with `discount_code: "GROUP15"`.
 */
function appliedByCall(clause: string, steps: readonly string[], spans: readonly Span[]): boolean {
  // "my existing deposit": the thing, not the word that says which.
  const head = objectWords(clause).find((word) => !qualifyingWords.has(word));
  if (head === undefined || head.length < 4) return false;
  const named = (text: string): boolean => contentWords(text.replace(/\d+/g, ' ')).includes(head);
  if (steps.some(named)) return true;
  return spans.some(
    (span) =>
      span.tool !== null &&
      span.status.code !== 'error' &&
      (named(span.tool.name) || named(JSON.stringify(span.tool.arguments ?? null))),
  );
}

/** Words that take an item out of the work: "refund 1243, not 1234", "everything except INV-7". */
const excluding = /\b(?:not|except|excluding|exclude|but|instead|rather|other|apart|without|skip|leave)\b/i;

/**
 * Items the request lists together ("Top Field (SK4821-7730) and Brook Meadow (SK4821-8104)", "the W-2 and the
 * 1099-INT"), where a planned step or a call works on one and nothing the run sent names the other: the plan
 * dropped an item. Codes only: they are what a call on an item must carry.
 */
function itemLeftOut(
  request: string,
  steps: readonly string[],
  spans: readonly Span[],
): { item: string; done: string } | null {
  const sent = [
    ...steps,
    ...spans.flatMap((span) => [
      span.tool ? JSON.stringify(span.tool.arguments ?? null) : '',
      ...span.outputMessages.flatMap((message) => message.toolCalls.map((call) => JSON.stringify(call.arguments))),
    ]),
  ]
    .join('\n')
    .toLowerCase();
  for (const sentence of request.split(/(?<=[.!?])\s+|[;\n]+/)) {
    // Codes as systems write them, capitals and digits (`SK4821-8104`, `1099-INT`): "14-day" is a length.
    const codes = extractFromText(sentence).filter(
      (value) =>
        value.type === 'identifier' &&
        /^[A-Z0-9][A-Z0-9_\-/.]{2,}$/.test(value.raw) &&
        /[A-Z]/.test(value.raw) &&
        /\d/.test(value.raw),
    );
    for (const missing of codes) {
      if (sent.includes(missing.raw.toLowerCase())) continue;
      const missingAt = sentence.indexOf(missing.raw);
      for (const done of codes) {
        if (done === missing || !sent.includes(done.raw.toLowerCase())) continue;
        const doneAt = sentence.indexOf(done.raw);
        const between = sentence.slice(Math.min(doneAt, missingAt) + 1, Math.max(doneAt, missingAt));
        // Listed together: joined by "and" or a comma, close by, and nothing between them takes one out.
        if (between.length > 80 || !/\band\b|,|&/.test(between) || excluding.test(between)) continue;
        if (excluding.test(sentence.slice(Math.max(0, missingAt - 20), missingAt))) continue;
        return { item: missing.raw, done: done.raw };
      }
    }
  }
  return null;
}

/** A clause of the request that no step covers, with the plan's steps as the evidence. */
function gapFinding(
  planSpanId: string,
  clause: string,
  steps: readonly string[],
  message: string,
  claimed: boolean,
  confidence: number,
): RuleFinding {
  return {
    rule: 'plan-gap',
    spanId: planSpanId,
    layer: 'plan',
    severity: 'error',
    message,
    summary: `The plan has no step for "${clause}", which the request asks for${claimed ? '; the answer claims it anyway' : ''}.`,
    confidence,
    evidence: [
      { spanId: planSpanId, field: 'plan.steps', expected: clause, actual: steps.join(', '), source: 'user request' },
    ],
    causal: true,
    badValue: null,
  };
}

/**
 * `send_confirmation`, "issue refund notification": after a verb of sending, a noun made from a verb is
 * what the step sends. Sending a confirmation checks nothing: the noun is left out of the step's actions.
 */
function nominalObjectsLeftOut(step: string): string {
  const words = step.split(/[\s_.-]+|(?<=[a-z])(?=[A-Z])/).filter((word) => word.length > 0);
  if (words.length < 2 || !sendingVerb.test(words[0] as string)) return step;
  return words.filter((word, index) => index === 0 || !/[a-z](?:ation|ion|ment)s?$/i.test(word)).join(' ');
}

const sendingVerb = /^(?:send|email|mail|notify|text|sms|post|issue|deliver)$/i;
/** A clause that asks for a verification, which a message sent does not do. */
const asksToVerify = /^(?:check|verify|validate|ensure|make sure)\b/i;

export const planGapRule: Rule = {
  id: 'plan-gap',
  evaluate(context) {
    const compared = requestAndPlan(context);
    if (!compared) return [];
    const { request, planSpan, steps } = compared;
    const covered = new Set<string>();
    const stepWords = new Set<string>();
    // Actions a step names only as the thing it sends (`send_confirmation`): they cover "confirm by email",
    // not "check the certificate is still valid".
    const coveredAsVerb = new Set<string>();
    const cover = (text: string): void => {
      for (const word of actionWords(text)) covered.add(word);
      for (const word of actionWords(nominalObjectsLeftOut(text))) coveredAsVerb.add(word);
      for (const word of contentWords(text)) stepWords.add(word);
    };
    for (const step of steps) cover(step);
    for (const span of context.spans) {
      if (span.tool) cover(span.tool.name);
      for (const message of span.outputMessages) for (const call of message.toolCalls) cover(call.name);
    }
    const findings: RuleFinding[] = [];
    const answerText = context.answer?.text ?? '';
    const answerWords = actionWords(answerText);
    // An answer that reports the work failed or was not done claims nothing.
    const answerReportsFailure = answerText !== '' && isRefusalOrFailureReport(answerText);
    // "What will her salary and monthly pay be?" is split at "and": neither half asks for work.
    const questions = request.split(/(?<=[.!?])\s+/).filter(asksToBeTold);
    // "Quote to fell and remove the cedar": the work after "quote to" is what the quote is for, not work to do.
    const quoted = request.split(/(?<=[.!?])\s+/).filter((sentence) => asksForQuote.test(sentence.trim()));
    // "Reorder the Apoquel" in a run that looked the prescription up, found it expired and said it cannot: an
    // honest refusal after lookups of what the clause names changed nothing, whatever the plan lacked. A run that acted (released the
    // seats it was to move) and then reported failure is still judged.
    const onlyLookedUp = context.spans.every((span) => {
      if (!span.tool) return true;
      const actions = actionWords(span.tool.name);
      // Checking (`check_catchment`) reads as looking up does: neither changes anything.
      return actions.has(lookupAction) || actions.has(checkAction);
    });
    const honestRefusal = answerReportsFailure && onlyLookedUp;
    goalClauses(request).forEach((clause, index) => {
      if (honestRefusal && lookedUpSubject(clause, context.spans)) return;
      if (questions.some((question) => question.includes(clause))) return;
      if (index > 0 && quoted.some((sentence) => sentence.includes(clause))) return;
      const action = requestedAction(clause, index === 0);
      if (!action) return;
      // The action itself must be planned: sharing only an object ("orders-db") is not covering it.
      if (covered.has(action) && (coveredAsVerb.has(action) || !asksToVerify.test(clause.trim()))) return;
      // "Run the KYC refresh": the work is named by its object, and a `kyc_check` step names it too.
      if (namedWork(clause).some((word) => stepWords.has(word))) return;
      // "Hold 14 rooms under group code WED-ASHWORTH" when a call carried WED-ASHWORTH: that call did the clause.
      if (doneByCall(clause, context.spans)) return;
      // A setting carried by a call does the work it names, but checks nothing.
      if (action !== checkAction && carriedAsArgument(clause, context.spans)) return;
      // "Citing memo LM-2026-031" when a step searches for LM-2026-031: the step works on what the clause names.
      if (namesSameRecord(clause, steps)) return;
      // A verb the rules do not know ("Build the pick list"): a step that names all of what it acts on covers it.
      if (!isKnownAction(action) && coversObject(clause, steps)) return;
      // …and so does a call that carried the resource it names: "Backlog alert on email.outbound" opens a
      // request as its subject line, and the call that read `queue: email.outbound` took it up.
      if (!isKnownAction(action) && readsAsSubjectLine(clause) && carriesResourceName(clause, context.spans)) return;
      // "Rotate the key" is done as a create and a revoke.
      const parts = compositeActions.get(action);
      if (parts?.every((alternatives) => alternatives.some((word) => covered.has(canonicalWord(word))))) return;
      // "Confirm her team permission is Editor": a step that reads that thing (`get_team_member`) checks it.
      if (
        action === checkAction &&
        (readsSameThing(clause, steps) || checkedByLookup(clause, context.spans)) &&
        !purposeUnread(clause, steps, context.spans)
      )
        return;
      // "Send it to the landlord for approval": a step that names whom and what for (`request_landlord_approval`) sends it.
      if (action === sendAction && namesRecipientAndPurpose(clause, steps)) return;
      // "Pay with the card on file": a successful call that carried the payment method did the paying.
      if (isPaymentAction(action) && paidByCall(context.spans)) return;
      // "Add them as approver on leave request LR-9921": adding to something that exists is updating it.
      if (action === createAction && updatesNamedObject(clause, steps)) return;
      // "Apply the group rate", "use the voucher": a setting that rides on another call (`discount_code: GROUP15`).
      // "Put my existing deposit towards it" applies the deposit as "apply" would.
      if ((applyingActions.has(action) || putTowards.test(clause)) && appliedByCall(clause, steps, context.spans))
        return;
      const words = actionWords(clause);
      const claimed = !answerReportsFailure && [...words].some((word) => answerWords.has(word));
      findings.push(
        gapFinding(
          planSpan.id,
          clause,
          steps,
          `the request asks to "${clause}", but no planned step or tool call does it${claimed ? ' (the answer claims it was done)' : ''}`,
          claimed,
          claimed ? 0.85 : 0.7,
        ),
      );
    });
    // A clause that asks for an outcome ("make sure the kitchen knows…") that no step, tool or argument
    // touches, while the answer says it was done: the plan left it out and the answer covered the gap.
    if (answerText !== '' && !answerReportsFailure) {
      const sent = sentWords(steps, context.spans);
      const answered = new Set(contentWords(answerText));
      for (const clause of goalClauses(request)) {
        if (!asksForOutcome.test(clause) || questions.some((question) => question.includes(clause))) continue;
        const words = contentWords(clause).filter(
          (word) =>
            word.length >= 4 &&
            !/\d/.test(word) &&
            !outcomeParticiple.test(word) &&
            !isKnownAction(canonicalWord(word)),
        );
        const claimed = words.filter((word) => answered.has(word));
        if (claimed.length === 0 || words.some((word) => sent.has(word))) continue;
        findings.push(
          gapFinding(
            planSpan.id,
            clause,
            steps,
            `the request asks "${clause}", but no planned step, tool or argument touches it, and the answer claims it (${claimed.join(', ')})`,
            true,
            0.8,
          ),
        );
      }
    }
    if (answerText !== '' && !answerReportsFailure && findings.length === 0) {
      const answered = new Set(contentWords(answerText));
      for (const left of objectsLeftOut(request, steps, context.spans)) {
        if (!left.words.some((word) => answered.has(word))) continue;
        findings.push(
          gapFinding(
            planSpan.id,
            left.clause,
            steps,
            `the request asks to "${left.clause}", but the one ${left.action} call (${left.call}) carries only the other item, no step touches this one, and the answer claims it`,
            true,
            0.8,
          ),
        );
        break;
      }
    }
    if (answerText !== '' && !answerReportsFailure && findings.length === 0) {
      const left = itemLeftOut(request, steps, context.spans);
      if (left)
        findings.push(
          gapFinding(
            planSpan.id,
            left.item,
            steps,
            `the request lists ${left.item} beside ${left.done}, but no planned step or call works on ${left.item}, and the answer reports the work done`,
            true,
            0.8,
          ),
        );
    }
    const requested = actionWords(request);
    const planned = new Set<string>();
    for (const step of steps) for (const word of actionWords(step)) planned.add(word);
    for (const [asked, done] of contradictingActions) {
      if (requested.has(asked) && !requested.has(done) && planned.has(done) && !planned.has(asked)) {
        findings.push({
          rule: 'plan-contradiction',
          spanId: planSpan.id,
          layer: 'plan',
          severity: 'error',
          message: `the request asks to ${asked}, but the plan does ${done} instead`,
          summary: `The plan does "${done}" where the request asks to "${asked}".`,
          confidence: 0.85,
          evidence: [
            { spanId: planSpan.id, field: 'plan.steps', expected: asked, actual: done, source: 'user request' },
          ],
          causal: true,
          badValue: null,
        });
      }
    }
    return findings;
  },
};
