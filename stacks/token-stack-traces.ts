// cdktf records where every token was created: each Intrinsic, Lazy and provider output reference
// captures an unlimited-depth stack trace and formats it into strings at once, only for the message
// of a token that later fails to resolve. At cohort scale that is a third of synthesis time and a
// good part of its memory (measured in the README's "Synthesis at scale"). This module is the one
// place that changes it: the cohort commands (`main.ts`, the bench, the tests) switch the recording
// off; constructs imported into other apps are untouched unless those apps call this too.
// `import = require` binds the module object itself, whose property cdktf reads on every call.
import stackTrace = require("cdktf/lib/tokens/private/stack-trace");

/** Set to `1` to record tokens' creation stacks again (to debug a resolution error). */
export const TOKEN_STACK_TRACES_ENV = "COHORT_TOKEN_STACK_TRACES";

const NOT_RECORDED: readonly string[] = Object.freeze([
  `(where this token was created is not recorded: run again with ${TOKEN_STACK_TRACES_ENV}=1 to see it)`,
]);

const recordingCapture = stackTrace.captureStackTrace;

/**
 * Switches cdktf's token creation stacks off (the default of the cohort commands) or on again.
 * Off, the error of a token that fails to resolve keeps its message and says how to get the stack.
 * Synthesized output is the same either way: stacks only go into errors.
 * @param record @default - on when `COHORT_TOKEN_STACK_TRACES=1`, else off
 */
export function recordTokenStackTraces(record = process.env[TOKEN_STACK_TRACES_ENV] === "1"): void {
  // cdktf's modules call it as `(0, stack_trace_1.captureStackTrace)()`.
  (stackTrace as { captureStackTrace: typeof recordingCapture }).captureStackTrace = record
    ? recordingCapture
    : () => NOT_RECORDED as string[];
}
