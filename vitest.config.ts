import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'clusters/**/*.test.ts'],
    environment: 'node',
    // The unit tests never touch a cluster; a hang means a waiter that never settles.
    testTimeout: 10_000,
  },
});
