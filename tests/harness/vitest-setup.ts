import { afterAll, expect } from 'vitest';
import { describeChildren, endLiveChildren, setChildLabeller } from './children.js';

// Vitest setup file (every test file, in its worker): names the test that starts each child,
// and fails the file when it ends with harness children still running. This afterAll is
// registered before the file's own hooks, so it runs after all of them.
setChildLabeller(() => expect.getState().currentTestName);

afterAll(() => {
  const left = endLiveChildren();
  if (left.length > 0) {
    throw new Error(
      `this test file left ${left.length} child process(es) running (now killed); the test that starts one must end it, also when it fails:\n${describeChildren(left)}`,
    );
  }
});
