import { emptyList } from '../empty-list.js';
import type { SpanEvent, SpanException } from '../span.js';
import type { ConventionInput } from './convention-content.js';
import { str } from './values.js';

/** Exceptions from `exception` events (OTel), GenAI operation exception events, and `error.message` attributes. */
export function readExceptions(input: ConventionInput): SpanException[] {
  // Most spans record none: the list is made only when one is found.
  let exceptions: SpanException[] | null = null;
  for (let index = 0; index < input.events.length; index += 1) {
    const event = input.events[index] as SpanEvent;
    if (event.name !== 'exception' && event.name !== 'gen_ai.client.operation.exception') continue;
    exceptions ??= [];
    exceptions.push({
      type: str(event.attributes['exception.type']),
      message: str(event.attributes['exception.message']),
      stacktrace: str(event.attributes['exception.stacktrace']),
    });
  }
  const errorMessage = str(input.attributes['error.message']) ?? str(input.attributes['run.last_error.message']);
  if (errorMessage) {
    exceptions ??= [];
    exceptions.push({ type: str(input.attributes['error.type']), message: errorMessage, stacktrace: null });
  }
  return exceptions ?? emptyList();
}
