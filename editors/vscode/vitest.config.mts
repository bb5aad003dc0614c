import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // 'vscode' exists only inside the extension host: the tests use a small stand-in.
    alias: { vscode: fileURLToPath(new URL('./test/vscode.stub.ts', import.meta.url)) },
  },
  test: { environment: 'node', include: ['test/**/*.test.ts'], testTimeout: 10000 },
});
