import { actionVerbsOf, actionWords, canonicalWord, isKnownAction, repeatableVerbs } from './actions.js';
import { contentWords, stem } from './words.js';

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

/**
 * "the skin mount we discussed (replica head, open mouth)": a bracketed aside describes its clause, so its
 * commas break nothing, unless it opens as a request does ("(and cancel the old one)").
 */
function withoutBreaksInAsides(text: string): string {
  return text.replace(/\((?!\s*(?:and|then|also|please|plus)\b)[^()]*\)/gi, (aside) => aside.replace(/[,;]/g, ' '));
}

/** Splits a request into the things it asks for: "Roll back X after checking Y" → two clauses. */
export function goalClauses(request: string): string[] {
  return (
    withoutBreaksInAsides(request)
      // A stop ends a clause only before a space: `hanna.kowalczyk@poczta.pl` and "2.5 kg" are one value each.
      // A comma between digits groups thousands ("the 1,000-hour service"): it ends no clause.
      .split(/[.!?]+(?=\s|$)|[;\n]+|(?<!\d),|,(?!\d)|\b(?:and then|then|after|before|once|and|also|plus|first)\b/i)
      // "…, but skip anyone booked" asks to skip: the conjunction is not part of what is asked.
      .map((clause) => clause.trim().replace(/^(?:but|yet|so)\s+/i, ''))
      // "(Nadia Price, Gleadless Drop Shots)" signs the request off: an aside on its own asks for nothing.
      .filter((clause) => clause.length > 0 && !/^\([^()]*\)$/.test(clause))
  );
}

const questionWords =
  /^(what|how|why|which|who|whom|where|when|is|are|was|were|can|could|would|will|do|does|did|should|please|hi|hello|hey|i|we|my|our)$/i;

/**
 * A question that asks to be told something ("could I move in on the 1st?", "can you confirm my start
 * date?", "roughly how long is it?"); other "can you …" and "could you …" ask for work and stay out.
 */
const informationQuestion =
  /^(?:(?:roughly|approximately|about|so|and|but|also|then|just|quickly|briefly|ok|okay|sorry),?\s+)?(?:(what|which|how|why|when|where|who|whom|whose|whether|is|are|was|were|does|do|did|has|have|had)\b|(can|could|may|might|shall|should|will|would)\s+(i|we)\b|(can|could|would|will)\s+you\s+(?:please\s+)?(?:confirm\s+(?:my|our|whether|if|what|when|how)|tell\s+me|let\s+me\s+know|(?:check|find\s+out|see)\s+(?:where|whether|if|what|when|how|why|who)\b))/i;

/**
 * "Confirm it is gone", "confirm that the cert renewed": a state to report, which the answer does. "Check
 * that the room is vacated" asks for an inspection, which a step must do.
 */
const confirmsState =
  /^confirm\s+(?:(?:that|whether|if)\b|(?:it|they|he|she|this|that)\s+(?:is|are|was|were|has|have|'s|'re)\b)/i;

/** A sentence that only asks to be told something ("What will her salary be from then?"). */
export function asksToBeTold(sentence: string): boolean {
  // "(sent Mon 9 Mar) What time is my valet?": a note in brackets before the question is not part of it.
  const trimmed = sentence.trim().replace(/^(?:\([^)]*\)|\[[^\]]*\])\s*/, '');
  return trimmed.endsWith('?') && informationQuestion.test(trimmed);
}

/** A clause that opens with its subject ("he got…", "my card was…") or says what cannot be done. */
const statesCircumstance =
  /^(?:(?:he|she|they|it|we|i|my|our|his|her|their|the system|this)\b(?!\s*(?:'d|would|need|want|must|should))|.*\b(?:cannot|can't|can not|unable to|couldn't|isn't|wasn't|doesn't|didn't)\b)/i;
/** A thing or body, then what it did: "The tribunal sent us the claim last week", "our supplier raised the price". */
const subjectDid =
  /^(?:the|a|an|our|my|their|his|her|this|that)\s+(?:[\w-]+\s+){0,2}?(?:[a-z]{3,}ed|sent|paid|made|took|gave|left|sold|bought|told|wrote|rang|came|went|said|put|set|cut|ran)\s+(?:(?:us|me|him|her|them|it|the|a|an|our|my|their|his|its|in|on|to|for|back|out|off|up|last|yesterday|this|that|about|around|roughly|nearly|almost|over|under)\b|\d|[£$€])/i;
/** Adjectives that open a statement of conditions ("Hard frost …", "Heavy rain …", "Severe delays …"). */
const describingAdjective =
  /^(hard|heavy|severe|strong|high|low|light|big|small|major|minor|bad|good|huge|large|long|short|late|early|wet|cold|hot|dry)$/;
/** Two to four words each in title case: "Open Women", "Senior Mixed Pairs". */
const titleCaseName = /^(?:[A-Z][a-z'’-]*\s+){1,3}[A-Z][a-z'’-]*$/;
/** A code and a colon opening a clause: "INC-6177:", "PO-88123:". */
const referenceLabel = /^\s*[A-Za-z]{0,12}[-_#]?\d[\w-]*:\s+/;
/** A thing, then a verb of showing: "the alert says …", "the dashboard for orders shows …", "our meter reads …". */
const somethingShows =
  /^(?:the|a|an|our|my|their|this|that)\s+(?:[\w.-]+\s+){0,8}?(?:says|shows|reads|reports|states|displays|indicates|lists)\b/i;
const happeningToSubject =
  /^(?:a|an|the)\s+(?:[\w-]+\s+){0,3}(?:is|are|was|were)\s+(?:about to be|going to be|being|due to be|set to be)\s+[a-z]+(?:ed|en|t)\b/i;
/** A capitalised name of one to three words, then a past-tense verb: "Quarry Data removed …", "Acme cancelled …". */
const namedSubjectDid =
  /^(?:(?:[A-Z][\w&'-]*\s+){1,3}(?:(?:has|have|had|was|were)\s+(?:been\s+)?)?|[A-Z][\w&'-]*\s+(?:[a-z][\w'-]*\s+){1,2}(?:has|have|had)\s+)(?:[a-z]{3,}ed|sent|paid|made|took|gave|left|sold|bought|told|wrote|rang|closed|shut)\b/;
/** A person, then (within a few words) a verb of saying or of what they did: "Guest at the door says …". */
const reportsWhatSomeoneSaid =
  /^(?:the\s+|a\s+|an\s+|our\s+|my\s+)?(?:guest|customer|caller|client|patient|user|tenant|member|parent|driver|passenger|student|visitor|resident|buyer|seller|supplier|vendor|landlord|owner|rider|diner|agent|colleague|manager|engineer|nurse|doctor)s?\b(?:\s+\S+){0,5}?\s+(?:says|said|claims|claimed|reports|reported|called|rang|emailed|wrote|told|tells|asked|asks|mentioned|thinks|believes|booked|ordered|paid|is|was|are|were|has|had|have)\b/i;
/**
 * A named person's wish for a thing, opening the request: "Mrs Jean Hollis would like an upright headstone…",
 * "Dr Okafor wants two chairs…". It sets out what the work is about; the sentences after it ask for the work.
 */
const namedPersonWishes =
  /^(?:(?:mr|mrs|ms|miss|mx|dr|prof)\.?\s+)?(?:[A-Z][\w'’-]*\s+){1,3}(?:would like|['’]d like|wants|is after|is looking for)\s+(?:an?|the|some|two|three|four|\d+)\b/;
/** A named person's question, passed on: "Rhodri Evans (farmer F-0455) asks why …", "Mrs Shah wants to know whether …". */
const namedPersonAsks =
  /^(?:(?:mr|mrs|ms|miss|mx|dr|prof)\.?\s+)?(?:[A-Z][\w'’-]*\s+){1,3}(?:\([^)]*\)\s+)?(?:asks|asked|is asking|has asked|wants to know|would like to know|wonders|is wondering)\s+(?:why|what|how|whether|if|when|where|which|who)\b/;
/** A customer's (a guest's, a patient's) wish for a thing, opening the request: "Customer at the till wants a …". */
const someoneWishes =
  /^(?:the\s+|a\s+|an\s+|our\s+|my\s+)?(?:guest|customer|caller|client|patient|user|tenant|member|parent|driver|passenger|student|visitor|resident|buyer|rider|diner|colleague|manager)s?\b(?:\s+\S+){0,5}?\s+(?:would like|['’]d like|wants|is after|is looking for|needs)\s+(?:an?|the|some|two|three|four|\d+)\b/i;
/** Consent the request gives: "Happy to pay for the extra nights", "we're fine to wait", "I don't mind paying". */
const givesConsent =
  /^(?:(?:i|we)(?:['’]m|['’]re| am| are)?\s+)?(?:happy|fine|willing|ok|okay|glad|content|prepared)\s+to\b|^(?:i|we)\s+(?:don['’]t|do not)\s+mind\b/i;
/** A wish for the form of what is asked: "wants it in m3", "needs the figure in euros", "would like them in kg". */
const wantsItInForm =
  /\b(?:wants?|needs?|would like|['’]d like|prefers?)\s+(?:it|them|this|that|the\s+(?:figure|figures|total|amount|answer|result|number))\s+(?:in|as)\s+[\w³²%£$€]+\s*[.!]?$/i;
/** Words that turn such a clause back into a request ("I need you to…", "we want the…"). */
const asksForWork = /\b(?:need|needs|want|wants|would like|'d like|please|must|should)\b/i;
/** Words that open what a gerund acts on: "draining the queue", "restarting all workers", "moving it". */
const gerundObject =
  /^(the|a|an|my|our|your|his|her|their|its|all|any|every|each|both|this|that|these|those|it|them|him|me|us|up|out|down|off|over|back)$/;

/** Whether a word opens what a verb acts on (an article, a pronoun, a particle): after a verb, it makes it one. */
export function opensObject(word: string): boolean {
  return gerundObject.test(word);
}

/** Words that make "send me …" ask for a thing to be delivered, not to be told: a copy, an invoice, a link. */
const opensWork =
  /\b(copy|invoice|receipt|link|email|e-mail|pdf|file|form|letter|certificate|ticket|parcel|sample)s?\b/i;

/** Participles that describe the request's circumstances rather than ask for work. */
const describingParticiple =
  /^(arriving|leaving|departing|starting|beginning|ending|staying|using|including|excluding|keeping|assuming|allowing|counting|ignoring|considering|treating|travelling|traveling|flying|coming|going|returning|having|being|needing|wanting|hoping|following|according|given|based|due|showing|stating|quoting|citing|listing|mentioning|giving)$/;

/**
 * The action a clause asks for: a known action verb, a gerund opening the clause ("after draining the
 * queue"), or the imperative that opens the request ("Take a snapshot"). Null when it asks for none.
 */
export function requestedAction(written: string, opensRequest: boolean): string | null {
  // "INC-6177: the lag alert …": the ticket a request opens with labels it, and asks for nothing itself.
  // "the skin mount we discussed (replica head, open mouth)": what an aside describes is no work asked for.
  const clause = written.replace(referenceLabel, '').replace(/(?<=\S.*)\s*\([^()]*\)/g, '');
  // "What excess charge will I pay?" asks to be told, not to pay: the answer step covers it.
  if (informationQuestion.test(clause.trim())) return null;
  // "Confirm it is gone", "check whether the job ran": asks to be told a state, which the answer reports.
  if (confirmsState.test(clause.trim())) return null;
  // "He got a new phone", "cannot approve sign-ins": the user explaining what happened asks for nothing.
  if (statesCircumstance.test(clause.trim()) && !asksForWork.test(clause)) return null;
  // "The tribunal sent us the claim last week": what someone did, told as the background of the request.
  if (subjectDid.test(clause.trim()) && !asksForWork.test(clause)) return null;
  // "…, member no. MRC-30418, Open Women": a name of a category or a thing in title case, not an imperative.
  if (!opensRequest && titleCaseName.test(clause.trim().replace(/^[("'‘“\s]+|[)"'’”.\s]+$/g, ''))) return null;
  // "The lag alert for group clickstream-agg says nearly 10 million": what something shows, told as background.
  if (somethingShows.test(clause.trim()) && !asksForWork.test(clause)) return null;
  // "A PCN is about to be issued", "the van is being loaded": what is happening, said in the passive.
  if (happeningToSubject.test(clause.trim()) && !asksForWork.test(clause)) return null;
  // The verb that opens the clause wins: in "Reassign ticket … to the billing queue", billing is a noun.
  const first = withoutRepeatPrefix(
    clause
      .split(/\s+/)[0]
      ?.toLowerCase()
      .replace(/[^a-z]/g, '') ?? '',
  );
  // "Guest at the door says they booked…", "Customer called about…": someone's report, not an imperative.
  if (reportsWhatSomeoneSaid.test(clause.trim()) && !asksForWork.test(clause)) return null;
  if (opensRequest && (namedPersonWishes.test(clause.trim()) || someoneWishes.test(clause.trim()))) return null;
  // "Rhodri Evans (farmer F-0455) asks why only 5 of his 6 lambs came back": a question passed on, to answer.
  if (namedPersonAsks.test(clause.trim())) return null;
  // "Happy to pay for the extra nights": consent to a cost, not work asked of the agent.
  if (givesConsent.test(clause.trim())) return null;
  // "The water board report wants it in m3": the form the answer takes, which the answer itself shows.
  if (wantsItInForm.test(clause)) return null;
  // "Quarry Data removed the add-on on 24 November": a name, then what it did, states a fact.
  if (opensRequest && namedSubjectDid.test(clause.trim()) && !asksForWork.test(clause)) return null;
  // "Locked out at 14 Orchard Row" states what happened: a past form opening the request asks for nothing.
  const pastForm = first.length > 4 && first.endsWith('ed');
  // "…, arriving Monday 30 March for two nights": a participle that describes the request, not a task.
  if (describingParticiple.test(first)) return null;
  // A gerund acts on something ("draining the queue"); "morning slot" and "billing address" are nouns.
  const second = clause.split(/\s+/)[1]?.toLowerCase() ?? '';
  const gerund = first.length > 5 && first.endsWith('ing') && (gerundObject.test(second) || /\d/.test(second));
  // "Give me the 07:00 snow depth", "tell us the balance": asks to be told, which the answer does.
  // ("Send me the invoice" asks for a document to be sent; "tell me the fee to invoice them" only asks to be told.)
  if (
    /^(give|tell|send|show)$/.test(first) &&
    /^(me|us)$/.test(second) &&
    !opensWork.test(clause.replace(/\bto\s+[a-z]+/gi, ''))
  )
    return null;
  // "…, and hire him a wetsuit": a verb the rules know, opening its clause before its object, asks for work.
  const imperative = isKnownAction(canonicalWord(stem(first))) && gerundObject.test(second);
  // "Tenant at 31 Carr Lane": a word the rules do not know, then a preposition, names someone or somewhere.
  // "Forecast for Tuesday … looks wet": before "for", only when a verb of being says what the noun is.
  const nounBeforePreposition =
    !isKnownAction(canonicalWord(stem(first))) &&
    (/^(?:at|in|on|of|from|near|with|by|about)$/.test(second) ||
      (second === 'for' && /\b(?:looks?|seems?|appears?|is|are|was|were)\b/i.test(clause)));
  // "Hard frost forecast all next week": an adjective and its noun open a statement, not an imperative.
  const describesSomething = describingAdjective.test(first) && !gerundObject.test(second);
  const opener =
    gerund ||
    imperative ||
    (opensRequest &&
      first.length > 2 &&
      !pastForm &&
      !questionWords.test(first) &&
      !nounBeforePreposition &&
      !describesSomething);
  if (opener) {
    // "Give her access": `give` is a stopword in prose, but the verb of the request here.
    // "Raise a job sheet", "enter the bullocks into the sale": what follows the verb says what it does (see
    // actionWords), so these are read with the rest of their clause.
    const verb = first === 'give' ? 'grant' : /^(?:rais|enter|drop|cut)/.test(first) ? clause : first;
    const word = [...actionWords(verb)][0];
    if (word) return word;
  }
  // "…for the morning lift report" says what the work is for: a verb the rules know inside it is a noun.
  const found = actionVerbsOf(clause.replace(purposePhrase, ''))[0] ?? null;
  // "(before) the 10:00 change review": a short noun phrase with no verb of its own names an event, not
  // work; "change" and "review" in it are nouns.
  if (found !== null && eventNamed.test(clause.trim()) && !hasVerbOfItsOwn.test(clause) && !actsOnSomething(clause))
    return null;
  // "…: one oak bookcase and a two-seater sofa with its fire label": an item of a list, whose nouns ask for nothing.
  if (found !== null && listedItem.test(clause.trim()) && !hasVerbOfItsOwn.test(clause) && !actsOnSomething(clause))
    return null;
  return found;
}

/** "the DNO approves it", "the bank approves": a verb the rules know with an object after it, or said of its subject. */
function actsOnSomething(clause: string): boolean {
  const words = clause.trim().toLowerCase().split(/\s+/);
  return words.some((word, index) => {
    if (index === 0 || actionWords(word).size === 0) return false;
    const next = words[index + 1];
    return next === undefined ? /[^s]s$/.test(word) : gerundObject.test(next);
  });
}

/** "the 10:00 change review", "the mail migration on Friday 20 March": a named event, and when it is. */
const eventNamed =
  /^(?:the|a|an|my|our|your|this|that|next|tomorrow's|today's)\s+\S+(?:\s+\S+){0,4}?(?:\s+(?:on|at|in|this|next)\s+[^,;]{1,30})?$/i;
const listedItem = /^(?:a|an|one|two|three|four|five|some|\d+)\s/i;
const hasVerbOfItsOwn = /\b(?:to|is|are|was|were|be|been|needs?|wants?|should|must|please|can|will|has|have)\b/i;

// Not "apply for …" or "arrange for …": a "for" right after the clause's first word belongs to its verb.
const purposePhrase =
  /(?<=^\s*\S+(?:\s+\S+)+\s+)(?<!\bappl(?:y|ied|ying|ies)\s+)\bfor\s+(?:the|a|an|my|our|your|their|his|her|this|that)\s+[^,;]*$/i;

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
  const sentences = request.split(/(?<=[.!?])\s+|[;\n]+/);
  sentences.forEach((written, sentenceIndex) => {
    // "Add the deli to Round 3. Then send Kev the updated sheet": a sentence opening with "then" follows the
    // last work the sentence before asked for.
    const carried = /^(?:and\s+)?then\b/i.test(written.trim())
      ? lastRequestedWork(sentences[sentenceIndex - 1] ?? '')
      : '';
    const sentence = carried === '' ? written : `${carried.replace(/[.!?]+$/, '')}, ${written.trim()}`;
    const parts = sentence.split(/\s*,?\s*\b(and then|then|before|after|once)\b\s*/i);
    // parts: clause, connector, clause, connector, clause…
    for (let index = 1; index + 1 < parts.length; index += 2) {
      const connector = (parts[index] ?? '').toLowerCase();
      // "Offboard Dana today: export her mailbox first, then …": what is ordered follows the colon.
      const whole = ((parts[index - 1] ?? '').split(/:\s+/).at(-1) ?? '').trim();
      // "Compile the export, redact the names, then send it": the work next to the connector is the redaction.
      const nearest = lastWorkBefore(whole);
      const left = nearest !== whole && requestedAction(nearest, true) ? nearest : whole;
      const right = (parts[index + 1] ?? '').trim();
      // "Revoke the old key after 24 hours": a delay, not one piece of work before another.
      if (/^(?:\d+|an?|one|two|three|a few)\s+(?:minutes?|hours?|days?|weeks?|months?|working days?)\b/i.test(right))
        continue;
      // "…, and only once the restart is healthy revoke the old key": the condition and the action both
      // sit right of the connector, in that order.
      const rightVerbs = actionVerbsOf(right);
      const waitsOnRight =
        (connector === 'once' || connector === 'after') && (left === '' || /(^|\b(only|and|but))\s*$/i.test(left));
      const words = right.split(/\s+/);
      const lastVerbAt = (action: string): number =>
        words.findLastIndex((word) => actionWords(word.replace(/[^A-Za-z]/g, '')).has(action));
      // "Raise the permit first, and once it's issued get a technician out": "it" is the work before.
      const earlier = left.replace(/[\s,]*\b(?:only|and|but)\s*$/i, '').trim();
      const earlierWork = earlier === '' ? '' : lastWorkBefore(earlier);
      const earlierAction = earlierWork === '' ? null : requestedAction(earlierWork, true);
      // The condition is the pronoun and how it came out ("it's issued", "that has cleared"); the work follows.
      const pointedWork = waitsOnRight && earlierAction ? pointingCondition.exec(right)?.[1] : undefined;
      const pointedAction = pointedWork === undefined ? null : requestedAction(pointedWork, true);
      if (pointedWork !== undefined && pointedAction !== null && earlierAction) {
        if (earlierAction !== pointedAction)
          orders.push({
            first: { clause: earlierWork, action: earlierAction, namedWork: namedWork(earlierWork) },
            second: { clause: pointedWork, action: pointedAction, namedWork: namedWork(pointedWork) },
          });
        continue;
      }
      if (waitsOnRight && rightVerbs.length >= 2) {
        const condition = rightVerbs[0] as string;
        const action = rightVerbs[rightVerbs.length - 1] as string;
        const at = lastVerbAt(action);
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
      // "Apply the corrections, re-render the proof, then email it": every piece of the list comes before the
      // last, not only the one next to "then".
      if ((connector === 'then' || connector === 'and then') && left !== whole && rightAction !== '')
        for (const piece of listedWorkBefore(whole, left)) {
          const action = requestedAction(piece, true);
          if (action !== null && action !== rightAction && (isKnownAction(action) || /^[a-z]/.test(piece)))
            orders.push({ first: { clause: piece, action, namedWork: namedWork(piece) }, second: rightSide });
        }
    }
  });
  return orders;
}

/** The pieces of a listed run of work before its last one (`nearest`), in order. */
function listedWorkBefore(whole: string, nearest: string): string[] {
  const pieces = whole
    .split(/,|:(?!\d)/)
    .map((piece) => piece.trim().replace(/^(?:and|but|so|also)\s+/i, ''))
    .filter((piece) => /[a-z]{2}/i.test(piece));
  const at = pieces.lastIndexOf(nearest);
  return at <= 0 ? [] : pieces.slice(0, at);
}

/** "it's issued <work>", "that has cleared <work>": a condition that points back, then the work. */
const pointingCondition =
  /^(?:it|it's|that|that's|this|they|they're)\s+(?:(?:is|are|has|have|had|been|was|were)\s+)*[a-z]+(?:ed|en)\b,?\s+(\S.*)$/i;

/**
 * The clause of a sentence that asks for work: the one that says "please" ("please add Harbour Street Deli, …,
 * drop by 07:00": the details after it are not the work), else the last with a verb the rules know; or ''.
 */
function lastRequestedWork(sentence: string): string {
  const pieces = sentence
    .replace(/[.!?]+$/, '')
    .split(/,|:(?!\d)/)
    .map((piece) => piece.trim());
  const asked = pieces.find((piece) => /\bplease\s+[a-z]/i.test(piece) && requestedAction(piece, true) !== null);
  if (asked !== undefined) return asked;
  for (let index = pieces.length - 1; index >= 0; index -= 1) {
    const action = requestedAction(pieces[index] as string, true);
    if (action !== null && isKnownAction(action)) return pieces[index] as string;
  }
  // "Log this morning's losses in R3: 380 fish dead": the sentence's opening verb, though no rule knows it.
  const opening = pieces[0] ?? '';
  return requestedAction(opening, true) !== null ? opening : '';
}

/** Work the request makes depend on a condition: "book the crane only if the survey passes". */
export interface ConditionalWork {
  /** What must hold first ("the roof passes"). */
  condition: string;
  /** The check the condition refers back to ("check the structural survey result first"), when the request asks for one. */
  antecedent: string | null;
  /** The work that waits for the condition ("book the crane and the install crew"). */
  work: string;
}

/**
 * Words that make the work next to them wait for a condition. A bare "if" counts too, but not after a verb that
 * asks a question ("check if it is free", "let me know if"): there it opens the question, not a condition.
 */
const conditionMarker =
  /\b(?:only\s+(?:if|once|after|when|provided(?:\s+that)?)|provided(?:\s+that)?(?=\s+(?:the|it|they|there|he|she|we|you|my|our|its|their|this|that|his|her|all|no|none|both)\b)|providing\s+that|as\s+long\s+as|so\s+long\s+as|on\s+(?:the\s+)?condition\s+that|conditional\s+(?:up)?on|contingent\s+(?:up)?on|subject\s+to|if|once)\b/gi;

/** A verb before "if" that turns it into a question: "check if", "see if", "ask whether", "let me know if". */
const asksWhetherBefore =
  /\b(?:check|checking|see|seeing|ask|asking|know|tell|confirm|verify|find\s+out|wonder|wondering|whether|even|as|what|unsure|sure)\s*$/i;

/** Conditions that give information or leave room, not a gate: "if possible", "if you can", "if any". */
const informationalCondition =
  /^(?:possible|you\s+can|needed|need\s+be|necessary|any|so|not|applicable|required|appropriate|convenient|helpful|it\s+helps|that\s+helps|that(?:'s|\s+is)\s+(?:ok|okay|fine|easier)|you\s+(?:like|prefer|want|need|have\s+time)|in\s+doubt|unsure|in\s+stock|available|availability)\b/i;

/** A clause that asks for a check: "check the structural survey result first", "verify whether the card is valid". */
const asksForCheck =
  /^(?:(?:is|are)\s+there\b|do\s+you\s+have\b|have\s+you\s+got\b|(?:please\s+)?(?:first\s+)?(?:(?:check|verify|confirm|validate|test|inspect|see|find\s+out|look\s+at|make\s+sure|ensure)\b|(?:run|do|perform|carry\s+out)\s+(?:the\s+|a\s+|an\s+)?(?:[\w-]+\s+){0,2}?(?:check|checks|validate|validation|test|tests|inspection|verification|dry[-\s]run|preflight)\b))/i;

/** Splits off the work that opens a condition-first clause: "the roof passes, book the crane" → at the comma. */
function splitConditionFirst(rest: string): { condition: string; work: string } | null {
  const comma = rest.search(/,|\bthen\b/i);
  if (comma !== -1) {
    const work = rest
      .slice(comma)
      .replace(/^(?:,\s*)?(?:then\b\s*)?/i, '')
      .trim();
    return { condition: rest.slice(0, comma).trim(), work };
  }
  // "only if it has lapsed book a booster": no comma, so the work starts at the first verb the rules know
  // that is not a participle ("lapsed", "passing") of the condition.
  const words = rest.split(/\s+/);
  const at = words.findIndex(
    (word, index) =>
      index > 0 &&
      !/(?:ed|ing)$/i.test(word) &&
      actionVerbsOf(word).length > 0 &&
      !/^(?:is|are|was|were|be|been|has|have|had|to)$/i.test(words[index - 1] ?? ''),
  );
  if (at > 0) return { condition: words.slice(0, at).join(' '), work: words.slice(at).join(' ') };
  // "only if it passes roll the gateway": a condition that points back and says only how it came out.
  const outcome = pointingOutcome.exec(rest);
  return outcome ? { condition: outcome[1] as string, work: outcome[2] as string } : null;
}

/** "it passes", "they are clean", "that comes back green", then the work. */
const pointingOutcome =
  /^((?:it|that|this|they|both|everything)\s+(?:(?:is|are)\s+(?:ok|okay|clean|green|fine|valid|good|clear)|pass(?:es)?|succeeds?|clears?|holds?|checks?\s+out|comes?\s+back\s+(?:clean|ok|green|fine)))\s+(\S.*)$/i;

/** The last piece of work before a trailing condition: "reserve a port, run the test, and activate it" → "activate it". */
function lastWorkBefore(text: string): string {
  // A clock time's colon ("09:00-12:00") is no clause break, and a piece with no word in it ("09:00-12:00")
  // is a detail of the work before it, not the work.
  const pieces = text
    .split(/,|:(?!\d)|\b(?:and\s+then|then)\b/i)
    .map((piece) => piece.trim().replace(/^(?:and|but|then|so|also)\s+/i, ''))
    .filter((piece) => /[a-z]{2}/i.test(piece));
  return pieces.at(-1) ?? '';
}

/**
 * The conditions a request sets on its work, in any of the usual phrasings: "only if", "only once", "only
 * after", "provided that", "as long as", "conditional on", "subject to", a plain "if" in either order
 * ("if the survey passes, book the crane"; "book the crane if the survey passes"), and a "once" that opens
 * its clause ("once it has cleared, release the lien"). A condition that only
 * points back ("only if it is", "only if the roof passes") carries the check the request asked for just
 * before it.
 */
export function conditionalWork(request: string): ConditionalWork[] {
  const found: ConditionalWork[] = [];
  const sentences = withoutBreaksInAsides(request)
    .split(/(?<=[.!?])\s+|[;\n]+/)
    .map((sentence) => sentence.trim());
  sentences.forEach((sentence, sentenceIndex) => {
    for (const match of sentence.matchAll(conditionMarker)) {
      const at = match.index ?? 0;
      const before = sentence.slice(0, at);
      if (/^if$/i.test(match[0]) && asksWhetherBefore.test(before)) continue;
      const rest = sentence
        .slice(at + match[0].length)
        .replace(/[.!?]+$/, '')
        .trim();
      if (rest === '' || informationalCondition.test(rest)) continue;
      const leading = before.replace(/[\s,–—-]*(?:\b(?:and|but|then|so|yet)\b)?[\s,–—-]*$/i, '');
      // "Is there a cabana for 10, on Saturday? If there is, book it": a question before is the check, whole.
      const sentenceBefore = sentences[sentenceIndex - 1] ?? '';
      const previous =
        leading !== ''
          ? lastWorkBefore(leading)
          : sentenceBefore.trim().endsWith('?')
            ? sentenceBefore.trim()
            : lastWorkBefore(sentenceBefore);
      // "If the survey passes, book the crane", or a check then "and only if it is, book it": the condition comes first.
      const opensClause = leading === '' || /:\s*$/.test(leading);
      // A bare "once" sets a condition only when it opens the clause ("Once it has cleared, release the lien");
      // inside one it usually times the work ("once they approve it get it cut").
      const bareOnce = /^once$/i.test(match[0]);
      // "Only cancel the old one once the new date is confirmed": an "only" that opens the work makes it wait.
      const onlyWork = /^(?:only|just)\s+(?=[a-z])/i.test(leading) && /^(?:once|after|when|if)$/i.test(match[0]);
      if (bareOnce && !opensClause && !onlyWork) continue;
      const split = opensClause || asksForCheck.test(previous) ? splitConditionFirst(rest) : null;
      if (bareOnce && !split && !onlyWork) continue;
      let condition: string;
      let work: string;
      let antecedent: string | null = null;
      if (split) {
        ({ condition, work } = split);
        if (asksForCheck.test(previous)) antecedent = previous;
      } else {
        // "Book the trade, but only if the exposure fits": the condition runs to the end of its clause.
        condition = rest.split(/,|;|\s[-–—]\s|\b(?:otherwise|else)\b/i)[0]?.trim() ?? '';
        work = onlyWork ? leading.replace(/^(?:only|just)\s+/i, '') : lastWorkBefore(leading);
      }
      if (condition === '' || work === '' || informationalCondition.test(condition)) continue;
      found.push({ condition, antecedent, work });
    }
  });
  return found;
}
