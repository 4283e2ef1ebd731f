#!/usr/bin/env -S MALLOC_ARENA_MAX=2 node --max-semi-space-size=1 --optimize-for-size --lite-mode --no-expose-wasm
// The line above is the one place of the agent's memory settings (docs/agent.md, Memory): a
// 1 MiB young generation, V8's memory-saving mode without its optimizing compilers, and two
// malloc arenas (--no-expose-wasm only silences the warning that lite mode turns WebAssembly
// off). They apply whenever this file is executed (npm's bin link, npx, PATH, the
// systemd unit); `node bin/gongbang-agent.js` skips them, and `run` then says so in its log.
import { main } from '../dist/cli.js';

main(process.argv).catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
