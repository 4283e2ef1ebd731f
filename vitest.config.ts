import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

// Tests import workspace packages from source; end-to-end tests spawn the built binaries, which
// the global setup rebuilds (incremental `tsc -b`) at the start of every run, one file or all.
const alias = {
  // The subpath first: an alias also matches longer specifiers that start with it.
  '@gongbang/shared/node': here('./packages/shared/src/node/index.ts'),
  '@gongbang/shared': here('./packages/shared/src/index.ts'),
  '@gongbang/agent-config': here('./packages/agent-config/src/index.ts'),
  '@gongbang/edge-agent': here('./packages/edge-agent/src/index.ts'),
  '@gongbang/collector': here('./packages/collector/src/index.ts'),
  '@gongbang/simulator': here('./packages/simulator/src/index.ts'),
  '@gongbang/harness': here('./tests/harness/index.ts'),
};

const project = (name: string, include: string[], slow: boolean) => ({
  resolve: { alias },
  test: {
    name,
    include,
    environment: 'node',
    // Names the test that starts each harness child and fails a file that leaves one running.
    setupFiles: [here('./tests/harness/vitest-setup.ts')],
    testTimeout: slow ? 60_000 : 10_000,
    hookTimeout: slow ? 90_000 : 10_000,
  },
});

export default defineConfig({
  test: {
    // Builds once per run, and at its end fails it naming any process the run left alive.
    globalSetup: [here('./tests/harness/global-setup.ts')],
    projects: [
      project('shared-unit', ['packages/shared/test/**/*.test.ts'], false),
      project('agent-config-unit', ['packages/agent-config/test/**/*.test.ts'], false),
      project('edge-agent-unit', ['packages/edge-agent/test/unit/**/*.test.ts'], false),
      project('collector-unit', ['packages/collector/test/unit/**/*.test.ts'], false),
      project('edge-agent-integration', ['packages/edge-agent/test/integration/**/*.test.ts'], true),
      project('simulator-unit', ['packages/simulator/test/unit/**/*.test.ts'], false),
      project('simulator-integration', ['packages/simulator/test/integration/**/*.test.ts'], true),
      project('collector-integration', ['packages/collector/test/integration/**/*.test.ts'], true),
      project('harness', ['tests/harness/**/*.test.ts'], true),
      project('e2e', ['tests/e2e/**/*.test.ts'], true),
    ],
  },
});
