import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type ConfigurationBotFrameworkAuthenticationOptions,
  type TurnContext,
} from 'botbuilder';
import type { Logger } from 'pino';
import type { HttpRoute } from '../../src/server/http-route.js';
import type { TeamsConfig } from './config.js';
import type { TeamsBot } from './teams-bot.js';

const MAX_BODY_BYTES = 1024 * 1024;

async function readJsonBody(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_BODY_BYTES) throw new Error('body too large');
    chunks.push(buffer);
  }
  return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
}

/** The Express-like response CloudAdapter.process writes to. */
function responseShim(response: ServerResponse) {
  return {
    socket: response.socket,
    status(code: number) {
      response.statusCode = code;
      return this;
    },
    header(name: string, value: unknown) {
      response.setHeader(name, String(value));
      return this;
    },
    send(body?: unknown) {
      if (body === undefined) return this;
      if (typeof body === 'string' || Buffer.isBuffer(body)) response.write(body);
      else {
        response.setHeader('content-type', 'application/json');
        response.write(JSON.stringify(body));
      }
      return this;
    },
    end() {
      if (!response.writableEnded) response.end();
      return this;
    },
  };
}

const unconfiguredMessage =
  'Teams is not configured: POST /api/messages answers 401 to every activity. Set MicrosoftAppId and MicrosoftAppPassword (plus MicrosoftAppTenantId and MicrosoftAppType=SingleTenant for a single-tenant bot), or TEAMS_ALLOW_UNAUTHENTICATED=true for local testing only.';

/**
 * The Bot Framework adapter. Without an app ID, botbuilder skips authentication entirely, so that mode is
 * only built when TEAMS_ALLOW_UNAUTHENTICATED=true (the route refuses every activity otherwise).
 */
export function createCloudAdapter(config: TeamsConfig, logger: Logger): CloudAdapter {
  const authenticationOptions: ConfigurationBotFrameworkAuthenticationOptions = {
    MicrosoftAppId: config.appId ?? '',
    MicrosoftAppPassword: config.appPassword ?? '',
    MicrosoftAppTenantId: config.tenantId ?? '',
    MicrosoftAppType: config.appType,
  };
  const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication(authenticationOptions));
  adapter.onTurnError = async (context: TurnContext, error: unknown) => {
    logger.error({ error: error instanceof Error ? error.name : typeof error }, 'teams turn failed');
    await context.sendActivity('Something went wrong while handling that message. Please try again.');
  };
  if (config.appId === null && config.allowUnauthenticated) {
    logger.warn(
      'TEAMS_ALLOW_UNAUTHENTICATED=true and no MicrosoftAppId: accepting UNAUTHENTICATED Teams activities and posting replies to the serviceUrl they name. Local testing only.',
    );
  } else if (config.appId === null) {
    // Said once at startup, so an operator who wonders why Teams gets 401s finds the cause in the log.
    logger.warn(unconfiguredMessage);
  }
  return adapter;
}

/** `POST /api/messages`: parses the body and hands the activity to botbuilder, which authenticates it. */
export function createTeamsRoute(options: {
  config: TeamsConfig;
  adapter: CloudAdapter;
  bot: TeamsBot;
  logger: Logger;
}): HttpRoute {
  const { config, adapter, bot, logger } = options;
  return {
    method: 'POST',
    path: '/api/messages',
    async handle(request: IncomingMessage, response: ServerResponse) {
      if (config.appId === null && !config.allowUnauthenticated) {
        // The startup warning says what to configure; per request only at debug, so refusals cannot flood the log.
        logger.debug('Teams activity refused: no MicrosoftAppId configured');
        request.resume();
        response.writeHead(401, { 'content-type': 'application/json' });
        response.end(
          JSON.stringify({
            error: 'unauthorized',
            message: 'this bot has no Microsoft App ID configured, so it accepts no activities',
          }),
        );
        return;
      }
      let body: unknown;
      try {
        body = await readJsonBody(request);
      } catch {
        response.statusCode = 400;
        response.end();
        return;
      }
      if (typeof body !== 'object' || body === null || Array.isArray(body)) {
        response.statusCode = 400;
        response.end();
        return;
      }
      const shim = responseShim(response);
      const expressLike = Object.assign(request, { body });
      try {
        await adapter.process(expressLike as never, shim as never, (context) => bot.run(context));
      } catch (error) {
        // botbuilder answers 401 itself for a bad token; anything else thrown here is logged once.
        logger.warn({ error: error instanceof Error ? error.name : typeof error }, 'teams activity not processed');
        if (!response.headersSent) response.statusCode = 500;
      } finally {
        if (!response.writableEnded) response.end();
      }
    },
  };
}
