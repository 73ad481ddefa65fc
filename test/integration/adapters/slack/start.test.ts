import { webApi } from '@slack/bolt';
import nock from 'nock';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { createSlackApp } from '../../../../adapters/slack/slack-app.js';
import { createRealTriage, type RealTriage } from '../../../helpers/slack/real-triage-service.js';
import { SlackApiDouble } from '../../../helpers/slack/slack-api-double.js';

describe('SlackApp.start', () => {
  let triage: RealTriage | null = null;
  afterEach(() => {
    triage?.close();
    nock.cleanAll();
    nock.enableNetConnect();
  });

  it('stops with a configuration error naming the variable when Slack refuses the bot token', async () => {
    nock.disableNetConnect();
    const api = new SlackApiDouble('http://127.0.0.1:9', '/api/');
    api.respond('auth.test', () => [200, { ok: false, error: 'invalid_auth' }]);
    triage = createRealTriage();
    const app = createSlackApp({
      config: {
        botToken: 'xoxb-revoked',
        signingSecret: 'secret',
        appToken: null,
        apiUrl: 'http://127.0.0.1:9/api/',
        personalData: 'redact',
        maxFileBytes: 1000,
      },
      triageService: triage.service,
      feedbackStore: { recordFeedback: () => {} },
      logger: pino({ level: 'silent' }),
      retryConfig: webApi.retryPolicies.rapidRetryPolicy,
    });
    await expect(app.start()).rejects.toThrow('SLACK_BOT_TOKEN was refused by Slack (invalid_auth)');
    expect(api.callsTo('auth.test')).toHaveLength(1);
  });
});
