import { installGlobalPlugin, interruptAfterTimeLimit, PreconditionFailure, type UniversalPlugin } from 'fast-check';

// Loaded before every test file (vitest.config.ts `setupFiles`): bounds every
// fast-check property in test/, wherever it is asserted. A property runs
// synchronously, so vitest's testTimeout cannot stop it: a failure found at
// run 41 of the renderers' property shrank for 15+ minutes and hung `npm test`.
//
// - Shrinking gets SHRINK_BUDGET_MS after the first failure; then the runner is
//   told to stop and reports the smallest counterexample found so far, with the
//   seed and path that replay it (fast-check's own message: `{ seed, path }`).
// - A whole property gets RUN_BUDGET_MS, below vitest's 60 s testTimeout, so a
//   property that got slow ends instead of holding the run (as a pass with fewer
//   runs: a loaded machine must not fail a correct property).

/** How long a failing property may shrink before it is reported. */
export const SHRINK_BUDGET_MS = 3_000;
/** How long one property may run in all. */
export const RUN_BUDGET_MS = 40_000;

/** Stops a property's runs SHRINK_BUDGET_MS after its first failure, so shrinking ends in seconds. */
export const boundedShrinking: UniversalPlugin = () => {
  let firstFailureAt: number | undefined;
  const note = (out: unknown) => {
    // null is a passing run; a PreconditionFailure is a skipped one; anything else failed.
    if (out !== null && !PreconditionFailure.isFailure(out)) firstFailureAt ??= performance.now();
    return out;
  };
  return {
    decorateRun: (nestedRun) => (value) => {
      if (firstFailureAt !== undefined && performance.now() - firstFailureAt > SHRINK_BUDGET_MS) return new PreconditionFailure(true);
      const out = nestedRun(value);
      if (out !== null && typeof out === 'object' && 'then' in out) return out.then(note) as typeof out;
      note(out);
      return out;
    },
  };
};

// Installed once per fast-check instance, however often vitest evaluates this file in one worker.
const installed = ((globalThis as { __paperbotFastCheck?: WeakSet<object> }).__paperbotFastCheck ??= new WeakSet());
if (!installed.has(installGlobalPlugin)) {
  installed.add(installGlobalPlugin);
  installGlobalPlugin(interruptAfterTimeLimit(RUN_BUDGET_MS));
  installGlobalPlugin(boundedShrinking);
}
