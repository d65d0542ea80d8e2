import { runInThisContext } from 'node:vm';

/**
 * jest setup file (jest.config.js `setupFiles`). cdktf records where every token was made: each `Intrinsic`, `Lazy`
 * and computed list captures a full stack trace into a plain object (cdktf/lib/tokens/private/stack-trace.js), read
 * only when a token fails to resolve. Under jest, every such capture went through jest's source-map formatter, a
 * quarter of a synthesis' time. Those captures now get V8's plain frames; real errors (a failed assertion, a thrown
 * `Error`) still get jest's source-mapped stack.
 */
const jestRealmError = runInThisContext('Error') as ErrorConstructor;

Error.prepareStackTrace = (target: unknown, frames: NodeJS.CallSite[]): string => {
  const jestFormatter = jestRealmError.prepareStackTrace;
  if (target instanceof Error && jestFormatter) return jestFormatter(target, frames) as string;
  const heading = target instanceof Error ? `${target.name}: ${target.message}` : 'Error';
  return heading + frames.map((frame) => `\n    at ${frame.toString()}`).join('');
};
