import { describe, expect, it } from 'vitest';
import { readTeamsConfig } from '../../../../adapters/teams/config.js';

describe('readTeamsConfig', () => {
  it('reads the Bot Framework names, preferring them over the upper-snake aliases', () => {
    const config = readTeamsConfig({
      MicrosoftAppId: 'id-camel',
      MICROSOFT_APP_ID: 'id-snake',
      MICROSOFT_APP_PASSWORD: 'secret',
      MicrosoftAppType: 'SingleTenant',
      MicrosoftAppTenantId: 'tenant',
      TEAMS_MAX_FILE_BYTES: '2048',
    });
    expect(config).toMatchObject({
      appId: 'id-camel',
      appPassword: 'secret',
      appType: 'SingleTenant',
      tenantId: 'tenant',
      allowUnauthenticated: false,
      maxFileBytes: 2048,
      personalData: 'redact',
    });
    expect(readTeamsConfig({ TEAMS_PERSONAL_DATA: 'show' }).personalData).toBe('show');
    expect(() => readTeamsConfig({ TEAMS_PERSONAL_DATA: 'maybe' })).toThrow(/TEAMS_PERSONAL_DATA: must be "redact"/);
  });

  it('keeps the unauthenticated mode off unless asked for exactly', () => {
    expect(readTeamsConfig({}).allowUnauthenticated).toBe(false);
    expect(readTeamsConfig({ TEAMS_ALLOW_UNAUTHENTICATED: 'true' }).allowUnauthenticated).toBe(true);
    expect(() => readTeamsConfig({ TEAMS_ALLOW_UNAUTHENTICATED: 'yes' })).toThrow(/TEAMS_ALLOW_UNAUTHENTICATED/);
  });

  it('names the variable when the file size cap is not a number', () => {
    expect(() => readTeamsConfig({ TEAMS_MAX_FILE_BYTES: 'lots' })).toThrow(
      /TEAMS_MAX_FILE_BYTES: must be a number of bytes/,
    );
    expect(readTeamsConfig({}).maxFileBytes).toBe(20 * 1024 * 1024);
  });
});
