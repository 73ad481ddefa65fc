import type { SpanException } from '../span.js';
import type { ConventionInput } from './convention-content.js';
import { str } from './values.js';

/** Exceptions from `exception` events (OTel), GenAI operation exception events, and `error.message` attributes. */
export function readExceptions(input: ConventionInput): SpanException[] {
  const exceptions: SpanException[] = [];
  for (const event of input.events) {
    if (event.name !== 'exception' && event.name !== 'gen_ai.client.operation.exception') continue;
    exceptions.push({
      type: str(event.attributes['exception.type']),
      message: str(event.attributes['exception.message']),
      stacktrace: str(event.attributes['exception.stacktrace']),
    });
  }
  const errorMessage = str(input.attributes['error.message']) ?? str(input.attributes['run.last_error.message']);
  if (errorMessage)
    exceptions.push({ type: str(input.attributes['error.type']), message: errorMessage, stacktrace: null });
  return exceptions;
}
