import { defineConfig } from 'vitest/config';

// Long physics validations (minutes): `npm run test:slow`, also run by CI.
export default defineConfig({
  test: {
    include: ['test-slow/**/*.test.ts'],
    reporters: ['default', './test/helpers/summary-reporter.ts'],
    testTimeout: 1_800_000,
    fileParallelism: false,
  },
});
