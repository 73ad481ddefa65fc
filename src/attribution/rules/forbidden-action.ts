import type { Span } from '../../model/span.js';
import type { Rule, RuleFinding } from '../rule.js';
import { actionWords } from '../text/actions.js';

/** An action the request rules out; for "keep X", only when the step is about X. */
interface ForbiddenAction {
  action: string;
  object: string[] | null;
  /** The request's words, for the evidence. */
  phrase: string;
}

/** Words for comparing names, split and joined at hyphens: `add-on` meets `cancel_addons`, `cancel` meets it too. */
function nameWords(text: string): Set<string> {
  return new Set([...actionWords(text), ...actionWords(text.replace(/(\w)[-_](\w)/g, '$1$2'))]);
}

/**
 * "Don't submit anything", "do not restart", "never email", "without deleting": the actions a request
 * rules out; "keep the storage add-on" rules out cancelling or deleting that thing.
 */
function forbiddenActions(request: string): ForbiddenAction[] {
  const actions: ForbiddenAction[] = [];
  for (const match of request.matchAll(/\b(?:don[’']?t|do not|never|without)\s+([a-z]+)/gi)) {
    for (const word of actionWords(match[1] ?? ''))
      if (!actions.some((known) => known.action === word))
        actions.push({ action: word, object: null, phrase: match[0] });
  }
  // "Just a quote for now, I will book once I know my shifts": the booking is the requester's own, later.
  for (const match of request.matchAll(
    /\b(?:i|we)(?:[’']ll|\s+will|[’']d\s+like\s+to|\s+want\s+to)\s+(book|order|confirm|pay)\b(?:\s+\S+){0,3}?\s+(?:once|when|after|later|myself|ourselves|next\s+week)\b/gi,
  )) {
    if (!/\b(?:just|only)\s+(?:a\s+|the\s+)?(?:quote|price|estimate|cost)\b|\bfor\s+now\b/i.test(request)) continue;
    for (const word of actionWords(match[1] ?? ''))
      if (!actions.some((known) => known.action === word))
        actions.push({ action: word, object: null, phrase: match[0] });
  }
  for (const match of request.matchAll(
    /\bkeep\s+(?:the|my|our|its|their|all)?\s*([\w\s-]{2,40}?)(?=[.,;!?]|$|\s(?:and|but|as|on|active|running)\b)/gi,
  )) {
    const object = [...nameWords(match[1] ?? '')];
    if (object.length === 0) continue;
    for (const action of ['cancel', 'delete'].map((word) => [...actionWords(word)][0] as string))
      actions.push({ action, object, phrase: match[0] });
    // "keep my gas on the current tariff": moving it anywhere is ruled out too.
    const tail = request.slice((match.index ?? 0) + match[0].length, (match.index ?? 0) + match[0].length + 40);
    if (/^\s*(on|at|with)\s+(the\s+|my\s+|its\s+)?(current|existing|same|present)\b/i.test(tail))
      for (const action of ['switch', 'change', 'move', 'migrate'].flatMap((word) => [...actionWords(word)]))
        if (!actions.some((known) => known.action === action && known.object === object))
          actions.push({ action, object, phrase: `${match[0]} ${tail.trim().split(/[.,;]/)[0]}` });
  }
  return actions;
}

const readActions = new Set([...actionWords('get'), ...actionWords('check')]);

/** A step or call that opens with a verb of reading (`get_…`, `list_…`, "3. Check …"), after any numbering. */
function opensWithRead(line: string): boolean {
  const first = line
    .replace(/^[\s\d.)*`-]+/, '')
    .split(/[\s_.(-]+/)
    .find((token) => token.length > 0);
  if (first === undefined) return false;
  const words = [...actionWords(first)];
  return words.length > 0 && words.every((word) => readActions.has(word));
}

/** Model output that lays out steps ("Plan:", a numbered list, JSON `{"steps": …}`): a plan written as text. */
function isPlanText(text: string): boolean {
  return /(^|\n)\s*(plan\s*:|steps?\s*:|1[.)]\s)|"(plan|steps)"\s*:/i.test(text);
}

/** What a span decided to do, as text: its plan steps, a plan written in its output, or the tools it called. */
function decisions(span: Span): string[] {
  if (span.plan && span.plan.length > 0) return span.plan;
  if (span.role !== 'llm' && span.role !== 'agent') return [];
  const texts = span.outputMessages.map((message) => message.text).filter((text) => isPlanText(text));
  const calls = span.outputMessages.flatMap((message) => message.toolCalls.map((call) => call.name));
  return [...texts, ...calls];
}

/**
 * A step the request ruled out ("dry run, don't submit anything" and a plan that submits): the plan
 * contradicts the goal at the span that first decided on the forbidden action, whether it then ran or not.
 */
export const forbiddenActionRule: Rule = {
  id: 'forbidden-action',
  evaluate(context) {
    const request = context.goal.request;
    if (!request) return [];
    const forbidden = forbiddenActions(request);
    if (forbidden.length === 0) return [];
    const findings: RuleFinding[] = [];
    for (const { action, object, phrase } of forbidden) {
      // A step does the forbidden thing when one of its lines names the action (and the kept thing, for "keep").
      const doesIt = (text: string): boolean =>
        text.split('\n').some((line) => {
          // `get_event_pricing` reads: a noun in it ("event") names no booking it makes.
          if (opensWithRead(line)) return false;
          const words = nameWords(line);
          return words.has(action) && (object === null || object.some((word) => words.has(word)));
        });
      // A call whose name does the action and whose own result names the kept thing (`switch_tariff` answering
      // `fuels: ["electricity", "gas"]`) did it, whatever the plan's words were.
      const changedKept =
        object === null
          ? undefined
          : context.spans.find(
              (candidate) =>
                candidate.tool !== null &&
                nameWords(candidate.tool.name).has(action) &&
                object.some((word) => nameWords(JSON.stringify(candidate.tool?.result ?? '')).has(word)),
            );
      const changedTool = changedKept?.tool?.name;
      for (const span of context.spans) {
        const decided =
          decisions(span).find(doesIt) ??
          (changedTool === undefined ? undefined : decisions(span).find((step) => step.includes(changedTool)));
        if (!decided) continue;
        const executed =
          context.spans.find(
            (candidate) =>
              candidate.tool !== null &&
              doesIt(`${candidate.tool.name} ${object === null ? '' : JSON.stringify(candidate.tool.arguments)}`),
          ) ?? changedKept;
        findings.push({
          rule: 'forbidden-action',
          spanId: span.id,
          layer: 'plan',
          severity: 'error',
          message: `the request rules out "${action}" ("${phrase}"), but ${span.name} decided to do it${executed ? ` and ${executed.tool?.name ?? executed.name} ran` : ''}`,
          summary: `The request says not to ${action}${object === null ? '' : ` its ${object.join(' ')}`}, but ${span.name} planned it ("${
            decided
              .split('\n')
              .find((line) => doesIt(line))
              ?.trim() ?? decided
          }")${executed ? `, and ${executed.tool?.name ?? executed.name} carried it out` : ''}.`,
          confidence: executed ? 0.9 : 0.75,
          evidence: [
            {
              spanId: span.id,
              field: span.plan ? 'plan.steps' : 'output',
              expected: `no step that does "${action}"`,
              actual: decided.length > 160 ? `${decided.slice(0, 157)}…` : decided,
              source: 'user request',
            },
          ],
          causal: true,
          badValue: null,
        });
        break;
      }
    }
    return findings;
  },
};
