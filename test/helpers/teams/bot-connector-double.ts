import nock from 'nock';

export const testServiceUrl = 'https://smba.example.test/amer/';

export interface ConnectorCall {
  /** POST = a new activity (reply or send), PUT = an update in place. */
  method: 'POST' | 'PUT';
  conversationId: string;
  /** For a POST: the activity replied to (null for sendToConversation); for a PUT: the activity updated. */
  activityId: string | null;
  body: Record<string, unknown>;
  /** The ID the double answered with (POST) or the updated one (PUT). */
  answeredId: string | null;
}

type Failure = { method: 'POST' | 'PUT'; status: number; remaining: number };

const pathPattern = /^\/amer\/v3\/conversations\/([^/]+)\/activities(?:\/([^/?]+))?$/;

/**
 * The Bot Connector REST API at the activities' `serviceUrl`, as nock answers it (`ResourceResponse`
 * bodies `{ id }`, like the real service); every call is recorded in order.
 */
export class BotConnectorDouble {
  readonly calls: ConnectorCall[] = [];
  readonly #failures: Failure[] = [];
  #nextId = 1;

  constructor() {
    const handle = (method: 'POST' | 'PUT', uri: string, body: unknown): [number, Record<string, unknown>] => {
      const match = pathPattern.exec(uri);
      if (!match) return [404, { error: { code: 'NotFound', message: uri } }];
      const failure = this.#failures.find((entry) => entry.method === method && entry.remaining > 0);
      const conversationId = decodeURIComponent(match[1] ?? '');
      const activityId = match[2] === undefined ? null : decodeURIComponent(match[2]);
      const record = (typeof body === 'string' ? JSON.parse(body) : body) as Record<string, unknown>;
      if (failure) {
        failure.remaining -= 1;
        this.calls.push({ method, conversationId, activityId, body: record, answeredId: null });
        return [failure.status, { error: { code: 'BadArgument', message: 'refused by the test double' } }];
      }
      const answeredId = method === 'PUT' ? activityId : `bot-message-${this.#nextId++}`;
      this.calls.push({ method, conversationId, activityId, body: record, answeredId });
      return [200, { id: answeredId }];
    };
    nock('https://smba.example.test')
      .persist()
      .post(pathPattern)
      .reply((uri, body) => handle('POST', uri, body))
      .put(pathPattern)
      .reply((uri, body) => handle('PUT', uri, body));
  }

  /** The next `count` calls of that method are refused with `status`. */
  fail(method: 'POST' | 'PUT', status: number, count = 1): void {
    this.#failures.push({ method, status, remaining: count });
  }

  posts(): ConnectorCall[] {
    return this.calls.filter((call) => call.method === 'POST');
  }

  updates(): ConnectorCall[] {
    return this.calls.filter((call) => call.method === 'PUT');
  }

  /** Posted messages other than typing indicators. */
  messages(): ConnectorCall[] {
    return this.posts().filter((call) => call.body.type !== 'typing');
  }
}

/** The first Adaptive Card of an outgoing activity, or null. */
export function cardOf(call: ConnectorCall | undefined): Record<string, unknown> | null {
  const attachments = call?.body.attachments as { contentType: string; content: Record<string, unknown> }[] | undefined;
  const card = attachments?.find((attachment) => attachment.contentType === 'application/vnd.microsoft.card.adaptive');
  return card?.content ?? null;
}

/** Every text a card shows (TextBlocks, facts, action titles), joined, with markdown escapes removed. */
export function cardText(card: Record<string, unknown> | null): string {
  const texts: string[] = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) {
      for (const item of node) visit(item);
      return;
    }
    if (typeof node !== 'object' || node === null) return;
    const record = node as Record<string, unknown>;
    for (const key of ['text', 'title', 'value']) {
      if (typeof record[key] === 'string') texts.push(record[key] as string);
    }
    for (const value of Object.values(record)) if (typeof value === 'object') visit(value);
  };
  visit(card);
  return texts.join('\n').replace(/\\([\\`*_[\]()#+\-.!|~])/g, '$1');
}
