import { actionVerbsOf, actionWords, repeatableVerbs } from './actions.js';
import { contentWords } from './words.js';

/** Verbs that say "do the thing named next": `Run the KYC refresh`, `Perform a failover test`. */
const genericVerbs = new Set([
  'run',
  'do',
  'perform',
  'execute',
  'carry',
  'complete',
  'process',
  'handle',
  'start',
  'trigger',
]);

/**
 * The thing a generic verb points at, as words: "Run the KYC refresh for customer C-1" → kyc, refresh.
 * Stops at the first preposition: what follows names the subject of the work, not the work.
 */
export function namedWork(clause: string): string[] {
  const verb = withoutRepeatPrefix(
    clause
      .split(/\s+/)[0]
      ?.toLowerCase()
      .replace(/[^a-z]/g, '') ?? '',
  );
  return genericVerbs.has(verb) ? objectWords(clause) : [];
}

/** Words that say which aspect of a thing, not which thing: "the status of", "the details of". */
const genericHead =
  /^(the|a|an|my|our|your|status|state|details|progress|availability|balance|price|cost|outcome|result|results|position)$/i;

/** What the opening verb of a clause acts on, as words: "Build the pick list for SO-1" → pick, list. */
export function objectWords(clause: string): string[] {
  const words = clause.split(/\s+/);
  const object: string[] = [];
  for (const word of words.slice(1)) {
    // "the status of my visa application": a generic head names its thing after "of".
    if (/^of$/i.test(word) && object.length > 0 && object.every((part) => genericHead.test(part))) continue;
    if (/^(for|to|of|on|in|with|from|at|by|against|and|so|then|before|after)$/i.test(word)) break;
    object.push(word);
  }
  // `add-on` and `addons` name one thing: hyphens inside a word are dropped before the words are compared.
  return contentWords(object.join(' ').replace(/(\w)-(\w)/g, '$1$2')).filter((word) => !/\d/.test(word));
}

/** `re-run`, `rerun`, `resend` ask for the same work as `run` and `send`. */
function withoutRepeatPrefix(verb: string): string {
  const base = verb.replace(/^re-?/, '');
  return base !== verb && repeatableVerbs.includes(base) ? base : verb;
}

/** Splits a request into the things it asks for: "Roll back X after checking Y" → two clauses. */
export function goalClauses(request: string): string[] {
  return (
    request
      .split(/[.;!?\n]+|,|\b(?:and then|then|after|before|once|and|also|plus|first)\b/i)
      // "…, but skip anyone booked" asks to skip: the conjunction is not part of what is asked.
      .map((clause) => clause.trim().replace(/^(?:but|yet|so)\s+/i, ''))
      .filter((clause) => clause.length > 0)
  );
}

const questionWords =
  /^(what|how|why|which|who|whom|where|when|is|are|was|were|can|could|would|will|do|does|did|should|please|hi|hello|hey|i|we|my|our)$/i;

/**
 * A question that asks to be told something ("could I move in on the 1st?"); "can you …" and "could you …"
 * ask for work and stay out.
 */
const informationQuestion =
  /^(?:(what|which|how|why|when|where|who|whom|whose|is|are|was|were|does|do|did|has|have|had)\b|(can|could|may|might|shall|should|will|would)\s+(i|we)\b)/i;

/**
 * "Confirm it is gone", "confirm that the cert renewed": a state to report, which the answer does. "Check
 * that the room is vacated" asks for an inspection, which a step must do.
 */
const confirmsState =
  /^confirm\s+(?:(?:that|whether|if)\b|(?:it|they|he|she|this|that)\s+(?:is|are|was|were|has|have|'s|'re)\b)/i;

/** A sentence that only asks to be told something ("What will her salary be from then?"). */
export function asksToBeTold(sentence: string): boolean {
  const trimmed = sentence.trim();
  return trimmed.endsWith('?') && informationQuestion.test(trimmed);
}

/** A clause that opens with its subject ("he got…", "my card was…") or says what cannot be done. */
const statesCircumstance =
  /^(?:(?:he|she|they|it|we|i|my|our|his|her|their|the system|this)\b(?!\s*(?:'d|would|need|want|must|should))|.*\b(?:cannot|can't|can not|unable to|couldn't|isn't|wasn't|doesn't|didn't)\b)/i;
/** Words that turn such a clause back into a request ("I need you to…", "we want the…"). */
const asksForWork = /\b(?:need|needs|want|wants|would like|'d like|please|must|should)\b/i;
/** Words that open what a gerund acts on: "draining the queue", "restarting all workers", "moving it". */
const gerundObject =
  /^(the|a|an|my|our|your|his|her|their|its|all|any|every|each|both|this|that|these|those|it|them|him|me|us|up|out|down|off|over|back)$/;

/** Participles that describe the request's circumstances rather than ask for work. */
const describingParticiple =
  /^(arriving|leaving|departing|starting|beginning|ending|staying|using|including|excluding|keeping|assuming|allowing|counting|ignoring|considering|treating|travelling|traveling|flying|coming|going|returning|having|being|needing|wanting|hoping|following|according|given|based|due)$/;

/**
 * The action a clause asks for: a known action verb, a gerund opening the clause ("after draining the
 * queue"), or the imperative that opens the request ("Take a snapshot"). Null when it asks for none.
 */
export function requestedAction(clause: string, opensRequest: boolean): string | null {
  // "What excess charge will I pay?" asks to be told, not to pay: the answer step covers it.
  if (informationQuestion.test(clause.trim())) return null;
  // "Confirm it is gone", "check whether the job ran": asks to be told a state, which the answer reports.
  if (confirmsState.test(clause.trim())) return null;
  // "He got a new phone", "cannot approve sign-ins": the user explaining what happened asks for nothing.
  if (statesCircumstance.test(clause.trim()) && !asksForWork.test(clause)) return null;
  // The verb that opens the clause wins: in "Reassign ticket … to the billing queue", billing is a noun.
  const first = withoutRepeatPrefix(
    clause
      .split(/\s+/)[0]
      ?.toLowerCase()
      .replace(/[^a-z]/g, '') ?? '',
  );
  // "Locked out at 14 Orchard Row" states what happened: a past form opening the request asks for nothing.
  const pastForm = first.length > 4 && first.endsWith('ed');
  // "…, arriving Monday 30 March for two nights": a participle that describes the request, not a task.
  if (describingParticiple.test(first)) return null;
  // A gerund acts on something ("draining the queue"); "morning slot" and "billing address" are nouns.
  const second = clause.split(/\s+/)[1]?.toLowerCase() ?? '';
  const gerund = first.length > 5 && first.endsWith('ing') && (gerundObject.test(second) || /\d/.test(second));
  const opener = gerund || (opensRequest && first.length > 2 && !pastForm && !questionWords.test(first));
  if (opener) {
    const word = [...actionWords(first)][0];
    if (word) return word;
  }
  return actionVerbsOf(clause)[0] ?? null;
}

/** One thing the request wants done before another, as the actions each asks for. */
export interface RequiredOrder {
  first: OrderedWork;
  second: OrderedWork;
}

/** One side of a required order: the clause, its action, and what a generic verb ("run the rollup") names. */
export interface OrderedWork {
  clause: string;
  action: string;
  namedWork: string[];
}

/**
 * The orderings a request states: "A, then B" and "A before B" put A first; "A after B" and "A once B"
 * put B first. Each side is the clause next to the connector.
 */
export function requiredOrders(request: string): RequiredOrder[] {
  const orders: RequiredOrder[] = [];
  // Sentences end at a stop followed by a space: `analytics.events_daily` is one name, not two sentences.
  for (const sentence of request.split(/(?<=[.!?])\s+|[;\n]+/)) {
    const parts = sentence.split(/\s*,?\s*\b(and then|then|before|after|once)\b\s*/i);
    // parts: clause, connector, clause, connector, clause…
    for (let index = 1; index + 1 < parts.length; index += 2) {
      const connector = (parts[index] ?? '').toLowerCase();
      // "Offboard Dana today: export her mailbox first, then …": what is ordered follows the colon.
      const left = ((parts[index - 1] ?? '').split(/:\s+/).at(-1) ?? '').trim();
      const right = (parts[index + 1] ?? '').trim();
      // "Revoke the old key after 24 hours": a delay, not one piece of work before another.
      if (/^(?:\d+|an?|one|two|three|a few)\s+(?:minutes?|hours?|days?|weeks?|months?|working days?)\b/i.test(right))
        continue;
      // "…, and only once the restart is healthy revoke the old key": the condition and the action both
      // sit right of the connector, in that order.
      const rightVerbs = actionVerbsOf(right);
      if (
        (connector === 'once' || connector === 'after') &&
        rightVerbs.length >= 2 &&
        (left === '' || /(^|\b(only|and|but))\s*$/i.test(left))
      ) {
        const condition = rightVerbs[0] as string;
        const action = rightVerbs[rightVerbs.length - 1] as string;
        const words = right.split(/\s+/);
        const at = words.findLastIndex((word) => actionWords(word.replace(/[^A-Za-z]/g, '')).has(action));
        if (condition !== action && at > 0)
          orders.push({
            first: { clause: words.slice(0, at).join(' '), action: condition, namedWork: [] },
            second: { clause: words.slice(at).join(' '), action, namedWork: [] },
          });
        continue;
      }
      // "…before the fitter starts": a side with no verb the rules know is found by what it names.
      const leftAction = requestedAction(left, index === 1) ?? (objectWords(left).length > 0 ? '' : null);
      const rightAction = requestedAction(right, true) ?? (objectWords(right).length > 0 ? '' : null);
      if (!left || !right || leftAction === null || rightAction === null) continue;
      if ((leftAction === '' && rightAction === '') || (leftAction !== '' && leftAction === rightAction)) continue;
      const leftSide = { clause: left, action: leftAction, namedWork: namedWork(left) };
      const rightSide = { clause: right, action: rightAction, namedWork: namedWork(right) };
      orders.push(
        connector === 'after' || connector === 'once'
          ? { first: rightSide, second: leftSide }
          : { first: leftSide, second: rightSide },
      );
    }
  }
  return orders;
}
