import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy, { type MiddlewareObj } from '@middy/core';
import type { Context } from 'aws-lambda';
import type { z } from 'zod';
import { InvalidInputError } from './errors';
import { describeIssues } from './issues';
import { logger } from './logger';
import { publishMetrics } from './metrics';

/** Parses `value` with `schema`, naming the field and the reason when it does not fit. */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, what = 'input'): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new InvalidInputError(`Invalid ${what}: ${describeIssues(result.error).join('; ')}`);
}

/** Middleware that replaces the event with its parsed form, or fails with {@link InvalidInputError}. */
export function parseEvent<S extends z.ZodType>(schema: S): MiddlewareObj<unknown> {
  return {
    before: (request) => {
      request.event = parseInput(schema, request.event);
    },
  };
}

/**
 * Builds a Lambda handler for one Step Functions task: the logger gets the Lambda context, the
 * input is parsed with `schema`, and the metrics `fn` records are written; `fn` is the task's
 * logic only, and its typed result is the task's output. Errors are not caught: their `name` is
 * what the state machine's Retry / Catch match.
 */
export function taskHandler<S extends z.ZodType, O>(schema: S, fn: (input: z.output<S>) => Promise<O>) {
  return (
    middy<unknown, O, Error, Context>()
      .use(injectLambdaContext(logger))
      .use(publishMetrics())
      .use(parseEvent(schema))
      // parseEvent has replaced the event with the schema's output.
      .handler((event) => fn(event as z.output<S>))
  );
}
