import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { createSlackApp } from '../../../../adapters/slack/slack-app.js';
import type { TriageService } from '../../../../src/triage/triage-service.js';

const base = {
  botToken: 'xoxb-test',
  apiUrl: 'https://slack.com/api/',
  personalData: 'redact' as const,
  maxFileBytes: 1000,
};

/** Building the app calls nothing in the core; any call would fail the test. */
const notCalled = (): never => {
  throw new Error('the core must not be called while the app is built');
};
const triageService: TriageService = { findReferences: notCalled, triage: notCalled, clusterFailures: notCalled };

describe('createSlackApp', () => {
  it('serves /slack/events in HTTP mode', () => {
    const app = createSlackApp({
      config: { ...base, signingSecret: 'secret', appToken: null },
      triageService,
      feedbackStore: { recordFeedback: () => {} },
      logger: pino({ level: 'silent' }),
    });
    expect(app.route).toMatchObject({ method: 'POST', path: '/slack/events' });
  });

  it('has no HTTP route in Socket Mode (an app token selects it)', () => {
    const app = createSlackApp({
      config: { ...base, signingSecret: null, appToken: 'xapp-1-test' },
      triageService,
      feedbackStore: { recordFeedback: () => {} },
      logger: pino({ level: 'silent' }),
    });
    expect(app.route).toBeNull();
  });
});
