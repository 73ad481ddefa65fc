import { describe, expect, it } from 'vitest';
import { readSlackConfig } from '../../../../adapters/slack/config.js';

describe('readSlackConfig', () => {
  it('reads HTTP mode with defaults', () => {
    const config = readSlackConfig({ SLACK_BOT_TOKEN: 'xoxb-1-2', SLACK_SIGNING_SECRET: 'secret' });
    expect(config).toMatchObject({
      botToken: 'xoxb-1-2',
      signingSecret: 'secret',
      appToken: null,
      apiUrl: 'https://slack.com/api/',
      personalData: 'redact',
    });
  });

  it('selects Socket Mode with an app token, and normalises the API URL', () => {
    const config = readSlackConfig({
      SLACK_BOT_TOKEN: 'xoxb-1-2',
      SLACK_APP_TOKEN: 'xapp-1-2',
      SLACK_API_URL: 'http://127.0.0.1:9000/api',
      SLACK_PERSONAL_DATA: 'show',
      SLACK_SIGNING_SECRET: '',
    });
    expect(config.appToken).toBe('xapp-1-2');
    expect(config.signingSecret).toBeNull();
    expect(config.apiUrl).toBe('http://127.0.0.1:9000/api/');
    expect(config.personalData).toBe('show');
  });

  it('names the variable and what was expected when one is wrong', () => {
    expect(() => readSlackConfig({ SLACK_BOT_TOKEN: 'xapp-wrong', SLACK_SIGNING_SECRET: 's' })).toThrow(
      /SLACK_BOT_TOKEN must be a bot token starting with xoxb-/,
    );
    expect(() => readSlackConfig({ SLACK_BOT_TOKEN: 'xoxb-1' })).toThrow(
      /SLACK_SIGNING_SECRET is required in HTTP mode/,
    );
    expect(() =>
      readSlackConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's', SLACK_PERSONAL_DATA: 'maybe' }),
    ).toThrow(/SLACK_PERSONAL_DATA must be "redact"/);
  });
});
