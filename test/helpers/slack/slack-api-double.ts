import nock from 'nock';

export interface SlackApiCall {
  method: string;
  /** The call's arguments; `blocks`/`unfurls` are decoded from the JSON strings the Web API client sends. */
  args: Record<string, unknown>;
  authorization: string | undefined;
  /** What the double answered (e.g. the `ts` of a posted message). */
  response: Record<string, unknown>;
}

type Reply = [number, Record<string, unknown>, Record<string, string>?];
export type MethodResponder = (args: Record<string, unknown>, call: number) => Reply;

function decode(body: unknown): Record<string, unknown> {
  const record: Record<string, unknown> =
    typeof body === 'string'
      ? body.trim().startsWith('{')
        ? (JSON.parse(body) as Record<string, unknown>)
        : Object.fromEntries(new URLSearchParams(body).entries())
      : { ...(body as Record<string, unknown>) };
  for (const key of ['blocks', 'unfurls', 'attachments']) {
    if (typeof record[key] === 'string') record[key] = JSON.parse(record[key] as string);
  }
  return record;
}

/**
 * The Slack Web API as nock answers it, shaped like Slack's real responses; every call is recorded.
 * `respond` overrides a method's answer (e.g. a 429 with Retry-After).
 */
export class SlackApiDouble {
  readonly calls: SlackApiCall[] = [];
  readonly #responders = new Map<string, MethodResponder>();
  readonly #callCounts = new Map<string, number>();
  #nextTs = 1_700_000_000;

  constructor(
    readonly baseUrl = 'https://slack.com',
    readonly basePath = '/api/',
  ) {
    const escapedPath = basePath.replace(/[/.]/g, '\\$&');
    const record = (method: string, args: Record<string, unknown>, authorization: string | undefined): Reply => {
      const call = (this.#callCounts.get(method) ?? 0) + 1;
      this.#callCounts.set(method, call);
      const reply = this.#answer(method, args, call);
      this.calls.push({ method, args, authorization, response: reply[1] });
      return reply;
    };
    nock(baseUrl)
      .persist()
      .post(new RegExp(`^${escapedPath}[a-zA-Z.]+$`))
      .reply(function (uri, body, callback) {
        const header = this.req.headers.authorization;
        const [status, json, headers] = record(
          uri.slice(basePath.length),
          decode(body),
          Array.isArray(header) ? header[0] : header,
        );
        callback(null, [status, json, { 'content-type': 'application/json; charset=utf-8', ...headers }]);
      });
  }

  respond(method: string, responder: MethodResponder): void {
    this.#responders.set(method, responder);
  }

  callsTo(method: string): SlackApiCall[] {
    return this.calls.filter((call) => call.method === method);
  }

  #answer(method: string, args: Record<string, unknown>, call: number): Reply {
    const custom = this.#responders.get(method);
    if (custom) return custom(args, call);
    switch (method) {
      case 'auth.test':
        return [
          200,
          {
            ok: true,
            url: 'https://acme.slack.com/',
            team: 'Acme',
            user: 'tracehound',
            team_id: 'T0001',
            user_id: 'UBOT',
            bot_id: 'BBOT',
            is_enterprise_install: false,
          },
        ];
      case 'chat.postMessage': {
        const ts = `${this.#nextTs++}.000100`;
        return [
          200,
          {
            ok: true,
            channel: args.channel,
            ts,
            message: { type: 'message', text: args.text, user: 'UBOT', bot_id: 'BBOT', ts },
          },
        ];
      }
      case 'chat.update':
        return [200, { ok: true, channel: args.channel, ts: args.ts, text: args.text, message: { text: args.text } }];
      case 'chat.postEphemeral':
        return [200, { ok: true, message_ts: `${this.#nextTs++}.000200` }];
      case 'chat.unfurl':
        return [200, { ok: true }];
      case 'conversations.replies':
        return [200, { ok: true, messages: [], has_more: false }];
      default:
        return [200, { ok: false, error: 'unknown_method' }];
    }
  }
}
