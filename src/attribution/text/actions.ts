import { contentWords, stem } from './words.js';

/** Verbs that name the same action, mapped to one canonical word so `verify` covers `check`. */
const synonymGroups: readonly (readonly string[])[] = [
  // Comparing a claim with the data is how a fact-check is done.
  ['check', 'verify', 'validate', 'confirm', 'ensure', 'test', 'inspect', 'health', 'probe', 'factcheck', 'compare'],
  // Irregular past forms sit with their verb: the stemmer only knows regular endings.
  // An alert or a reminder set up now tells someone later: "let me know when one comes in" is `create_alert`.
  [
    'send',
    'sent',
    'email',
    'mail',
    'notify',
    'message',
    'post',
    'reply',
    'forward',
    'text',
    'sms',
    'inform',
    'alert',
    'remind',
  ],
  ['lookup', 'find', 'get', 'fetch', 'search', 'retrieve', 'query', 'read', 'list', 'look'],
  ['rollback', 'revert', 'undo', 'undone', 'downgrade'],
  ['restart', 'reboot', 'bounce', 'cycle'],
  ['delete', 'remove', 'drop', 'destroy', 'purge', 'terminate', 'erase'],
  ['create', 'add', 'open', 'new', 'insert', 'register'],
  ['book', 'schedule', 'reserve', 'calendar', 'event', 'meeting'],
  ['cancel', 'void', 'abort'],
  // Moving an appointment to another day is rescheduling it, whatever the tool calls it.
  ['reschedule', 'postpone', 'rebook', 'defer'],
  ['move', 'migrate', 'relocate'],
  [
    'update',
    'change',
    'modify',
    'edit',
    'set',
    'patch',
    'increase',
    'decrease',
    'raise',
    'lower',
    'adjust',
    'extend',
    'mark',
    // "Put the new ration on the schedule" sets it.
    'put',
  ],
  ['escalate', 'assign', 'route', 'transfer', 'handoff'],
  ['refund', 'reimburse', 'credit'],
  ['charge', 'bill', 'invoice'],
  // Paying someone (a prize, a payout) is not charging them: one group, covered by a charge step too.
  ['pay', 'paid', 'payment', 'payout', 'disburse', 'remit'],
  ['deploy', 'release', 'ship', 'rollout', 'publish'],
  ['summarise', 'summarize', 'summary', 'digest', 'recap'],
  ['scale', 'resize'],
  ['convert', 'conversion', 'exchange', 'swap'],
  ['buy', 'purchase'],
  // Hiring kit or a venue is renting it (`rent_equipment`, `add_hire_items`).
  ['hire', 'rent', 'rental'],
  // Lodging an application is submitting it (`submit_memorial_permit`); "apply for" is read as submit below.
  // Entering pupils for an exam is submitting their entries (`submit_entries`).
  ['submit', 'lodge', 'enter'],
  // Giving someone access is granting it (`grant_door_access`).
  ['grant', 'give', 'provision'],
  // A prescription, a licence or a policy is renewed: new work, not a change to the old one.
  ['renew', 'renewal', 'refill', 'reissue'],
];

/** Verbs whose `re-` form asks for the same work again: `resend`, `re-order`, `reassign`. */
export const repeatableVerbs: readonly string[] = [
  'run',
  'send',
  'try',
  'deploy',
  'index',
  'sync',
  'build',
  'process',
  'submit',
  'book',
  'issue',
  'apply',
  'order',
  'open',
  'schedule',
  'assign',
  'install',
  'upload',
  'post',
  'print',
  'check',
  'calculate',
  'load',
  'enable',
  'connect',
  'stock',
  'test',
  'scan',
  'charge',
  'bill',
  'invoice',
  'quote',
];

const canonical = new Map<string, string>();
for (const group of synonymGroups) for (const word of group) canonical.set(stem(word), stem(group[0] as string));
const canonicalWords = new Set(canonical.values());
// A tool named `reassign_ticket` does what a request to "assign" or "reassign" asks.
for (const verb of repeatableVerbs) {
  const repeated = stem(`re${verb}`);
  if (!canonical.has(repeated)) canonical.set(repeated, canonical.get(stem(verb)) ?? stem(verb));
}

/** Whether a word belongs to one of the synonym groups: a verb whose meaning the rules know. */
export function isKnownAction(word: string): boolean {
  return canonicalWords.has(word);
}

/** Actions that are done as two others: rotating a key is creating a new one and revoking the old. */
export const compositeActions: ReadonlyMap<string, readonly (readonly string[])[]> = new Map([
  [stem('rotate'), [[stem('create')], [stem('revoke'), stem('delete')]]],
  [stem('replace'), [[stem('create')], [stem('delete')]]],
  [stem('reschedule'), [[stem('cancel')], [stem('book')]]],
  // Reporting a fault opens a ticket for it; reporting to someone sends them word. Either does it.
  [stem('report'), [[stem('create'), stem('send')]]],
  // Moving a visit to another day is rescheduling it, or updating its time; moving a booking to another event
  // is transferring it (`transfer_booking`).
  [stem('move'), [[stem('reschedule'), stem('update'), stem('transfer')]]],
  [stem('pay'), [[stem('charge')]]],
  // An order is placed by checking a basket out, or by buying.
  [stem('order'), [[stem('checkout'), stem('buy')]]],
  // Access is granted by setting a permission or adding a member (`set_repo_permission`, `add_member`).
  [stem('grant'), [[stem('update'), stem('create')]]],
  // Quoting a price is reading the price (and working it out): the quote itself is the answer.
  [stem('quote'), [[stem('lookup'), stem('calculate')]]],
  // "Top up the rice to 30 kg" is done by ordering, buying or refilling it; a balance, by paying or moving money in.
  [
    stem('top'),
    [[stem('order'), stem('buy'), stem('purchase'), stem('refill'), stem('pay'), stem('transfer'), stem('credit')]],
  ],
]);

export function canonicalWord(word: string): string {
  return canonical.get(word) ?? word;
}

/** Content words with synonyms folded; `roll back` becomes `rollback`. */
export function actionWords(text: string): Set<string> {
  // Phrasal verbs, also split around their object: "roll production back" is a rollback, "roll it out" a rollout.
  const joined = text
    .replace(/\broll(?:ed|ing|s)?\b((?:[\s_-]+[\w.-]+){0,3}?)[\s_-]+back\b/gi, 'rollback$1')
    .replace(/\blook(?:ed|ing|s)?\b((?:[\s_-]+[\w.-]+){0,3}?)[\s_-]+up\b/gi, 'lookup$1')
    // "Roll the flag out to 25%" is a rollout.
    .replace(/\broll(?:ed|ing|s)?\b((?:[\s_-]+[\w.-]+){0,3}?)[\s_-]+out\b/gi, 'rollout$1')
    // "Apply for the permit" is submitting an application; "apply the migration" is not.
    .replace(/\bappl(?:y|ied|ying|ies)\s+for\b/gi, 'submit')
    // "Enter 9 bullocks into the store sale", "enter her in the draw" make an entry (`create_sale_entry`).
    .replace(
      /\benter(?:ed|ing|s)?\b(?=[^.;]{1,80}?\bin(?:to)?\s+(?:the|a|an|this|that|our|my|her|his|their)\b)/gi,
      'create',
    )
    // "Drop the TTL to 300 seconds", "cut the limit to 5" lower a setting; "drop the table" deletes it.
    .replace(/\b(?:drop|cut)(?:s|ped|ping)?\b(?=(?:[^.;\n]|\.(?=\S)){1,80}?\bto\s+\d)/gi, 'lower')
    // "Raise a job sheet", "raise an invoice" make a new one; "raise the limit" changes one that exists.
    .replace(/\brais(?:e|ed|es|ing)\s+(?=(?:a|an|new)\b)/gi, 'create ')
    // "Let her owner and the jockey agent know" is notifying them.
    .replace(/\blet\b((?:\s+[\w,'’.-]+){1,12}?)\s+know\b/gi, 'notify$1');
  // `get` is a stopword in prose but the verb of `get_employee` and `getInvoice`: read it as `fetch`.
  const verbs = joined.replace(/\bget(?=[_\s-]|[A-Z]|$)/g, 'fetch').replace(/\bGet(?=[_\s-]|[A-Z]|$)/g, 'Fetch');
  // Values (`v2.14.3`, `INC-20417`) are not actions: drop words that hold digits.
  return new Set(
    contentWords(verbs)
      .filter((word) => !/\d/.test(word))
      .map(canonicalWord),
  );
}

const actionVerbs = new Set(
  [
    'check',
    'send',
    'lookup',
    'rollback',
    'restart',
    'delete',
    'create',
    'book',
    'cancel',
    'update',
    'escalate',
    'refund',
    'charge',
    'pay',
    'deploy',
    'summarise',
    'scale',
    'close',
    'reset',
    'rotate',
    'revoke',
    'approve',
    'reject',
    'backup',
    'restore',
    'migrate',
    'translate',
    'compare',
    'calculate',
    'quote',
    'order',
    'buy',
    'purchase',
    'return',
    'upload',
    'download',
    'archive',
    'merge',
    'invite',
    'share',
    'move',
    'copy',
    'sync',
    'pause',
    'resume',
    'disable',
    'enable',
    'block',
    'unblock',
    'apply',
    'submit',
    'issue',
    'report',
    'draft',
    'write',
    'review',
    'flag',
    'tag',
    'label',
    'renew',
    'grant',
    'hire',
    'rent',
  ].map((word) => canonicalWord(stem(word))),
);

const nounOpener = /^\d+-[a-z]+$/i;
const subjectVerb = /^(?:is|are|was|were)$/i;

/** The action verbs a clause asks for (canonical), e.g. `check` in "after checking staging health". */
export function actionVerbsOf(text: string): string[] {
  // Only plain words: `orders-db` or `billing_queue` name things, they do not ask for an action.
  // "New" names a verb only in a tool's name (`new_ticket`); in prose it is an adjective ("24 h new snow").
  // A word right after a measure ("the 14-day hire", "a 2-week rental") is a noun.
  const tokens = text.split(/\s+/);
  const plain = tokens
    .filter(
      (token, index) =>
        /^[A-Za-z]+[.,;:!?]?$/.test(token) &&
        !/^new\b/i.test(token) &&
        !(index > 0 && nounOpener.test(tokens[index - 1] as string)) &&
        // "Rent is $1,950 a month": a word whose figure follows is what is measured, not work asked for.
        !(subjectVerb.test(tokens[index + 1] ?? '') && /^[\d$£€]/.test(tokens[index + 2] ?? '')),
    )
    .join(' ');
  return [...actionWords(plain)].filter((word) => actionVerbs.has(word));
}

/** Pairs of actions where doing the second instead of the first contradicts the request. */
export const contradictingActions: ReadonlyArray<readonly [string, string]> = [
  ['restart', 'delete'],
  ['scale', 'delete'],
  ['update', 'delete'],
  ['archive', 'delete'],
  ['disable', 'delete'],
  ['pause', 'delete'],
  ['refund', 'charge'],
  ['cancel', 'charge'],
  ['rollback', 'deploy'],
  ['lookup', 'delete'],
].map(([left, right]) => [canonicalWord(stem(left as string)), canonicalWord(stem(right as string))] as const);

const readOnlyNames = new Map<string, boolean>();

/**
 * A call or plan step that only looks (`check_availability`, `get_slots(…)`): every action its name knows is a
 * read or a check. Names repeat across a large trace, so each is read once.
 */
export function onlyReads(name: string): boolean {
  let reads = readOnlyNames.get(name);
  if (reads === undefined) {
    const lookup = [...actionWords('get')][0];
    const check = [...actionWords('check')][0];
    const known = [...actionWords(name.replace(/\(.*$/s, ''))].filter(
      (word) => isKnownAction(word) || actionVerbsOf(word).length > 0,
    );
    reads = known.length > 0 && known.every((word) => word === lookup || word === check);
    if (readOnlyNames.size >= 1024) readOnlyNames.clear();
    readOnlyNames.set(name, reads);
  }
  return reads;
}
