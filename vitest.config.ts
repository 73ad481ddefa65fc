import { defineConfig } from 'vitest/config';

// Three projects, as langfuse-js splits them: fast pure tests, tests with real loopback servers
// and databases, and end-to-end runs through the CLI and the service.
export default defineConfig({
  test: {
    projects: [
      { test: { name: 'unit', include: ['test/unit/**/*.test.ts'], testTimeout: 20_000 } },
      { test: { name: 'integration', include: ['test/integration/**/*.test.ts'], testTimeout: 30_000 } },
      { test: { name: 'e2e', include: ['test/e2e/**/*.test.ts'], testTimeout: 60_000 } },
    ],
  },
});
