import { defineConfig } from 'vitest/config';

// The Slurm tests need a running Slurm (scripts/slurm-local.sh); `npm run test:slurm`.
export default defineConfig({
  test: {
    include: ['test-slurm/**/*.test.ts'],
    reporters: ['default', './test/helpers/summary-reporter.ts'],
    testTimeout: 300_000,
    hookTimeout: 60_000,
    fileParallelism: false,
  },
});
