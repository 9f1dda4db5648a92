import { AppError } from '../../errors.js';
import type { SceneProgress } from '../../identify/types.js';
import { builder } from '../builder.js';
import { answered, IdentifyInput, IdentifyResultRef, withoutRejected } from './identify.js';

builder.subscriptionType({});

const IdentifyProgressRef = builder.objectRef<SceneProgress>('IdentifyProgress').implement({
  description: "Where a scene's progressive answer stands",
  fields: (t) => ({
    stage: t.exposeString('stage', { description: '"sprite" (the fast answer), "frames" (full frames being read), "done"' }),
    frames_done: t.exposeInt('frames_done'),
    frames_total: t.exposeInt('frames_total'),
    final: t.exposeBoolean('final', { description: 'The last event: result is the answer' }),
    result: t.field({
      type: IdentifyResultRef,
      nullable: true,
      description: 'The answer so far when it changed (null on events that only report progress)',
      resolve: (e) => e.result,
    }),
  }),
});

builder.subscriptionField('identifySceneProgress', (t) =>
  t.field({
    type: IdentifyProgressRef,
    description:
      "A scene's answer in steps, over server-sent events: the sprite sheet's persons first (seconds), then progress " +
      'and partial persons while full frames are read, then the final answer. Closing the request cancels the work ' +
      '(ffmpeg stops at once).',
    args: { input: t.arg({ type: IdentifyInput, required: true }) },
    subscribe: (_root, { input }, ctx) =>
      eventStream<SceneProgress>(async (emit, signal) => {
        // The final answer is kept before it is sent (the next visit shows it at once); every answer drops the
        // performers rejected on this scene.
        let last: SceneProgress | undefined;
        await ctx.identify.identifyProgressive(
          input,
          (e) => {
            const event = e.result ? { ...e, result: withoutRejected(ctx, input, e.result) } : e;
            if (e.final) last = e;
            else emit(event);
          },
          signal,
        );
        if (last) emit({ ...last, result: last.result && (await answered(ctx, input, last.result)) });
      }),
    resolve: (event) => event,
  }),
);

/**
 * An async iterator over the events `run` emits. graphql-yoga calls `return()` when the client goes away (or
 * unsubscribes): that aborts `run`'s signal at once, even while it waits (an async generator could not be
 * interrupted mid-await). A failure of `run` is thrown to the subscriber after the events before it.
 */
function eventStream<T>(run: (emit: (event: T) => void, signal: AbortSignal) => Promise<void>): AsyncIterableIterator<T> {
  const queue: T[] = [];
  const controller = new AbortController();
  let wake: (() => void) | undefined;
  let finished = false;
  let failure: unknown;
  run((event) => {
    if (controller.signal.aborted) return;
    queue.push(event);
    wake?.();
  }, controller.signal).then(
    () => (finished = true),
    (e) => {
      failure = e;
      finished = true;
    },
  ).finally(() => wake?.());
  const done = { value: undefined, done: true } as IteratorReturnResult<undefined>;
  return {
    [Symbol.asyncIterator]() {
      return this;
    },
    async next(): Promise<IteratorResult<T>> {
      for (;;) {
        if (queue.length) return { value: queue.shift()!, done: false };
        if (controller.signal.aborted) return done;
        if (failure !== undefined) {
          const e = failure;
          failure = undefined;
          throw e;
        }
        if (finished) return done;
        await new Promise<void>((resolve) => (wake = resolve));
        wake = undefined;
      }
    },
    async return(): Promise<IteratorResult<T>> {
      controller.abort(new AppError('BAD_USER_INPUT', 'The scene identify was cancelled.'));
      wake?.();
      return done;
    },
  };
}
