import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import type { z } from 'zod';
import { InvalidInputError } from './errors';
import { describeIssues } from './issues';
import { logger } from './logger';

/** Parses `value` with `schema`, naming the field and the reason when it does not fit. */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, what = 'input'): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new InvalidInputError(`Invalid ${what}: ${describeIssues(result.error).join('; ')}`);
}

/**
 * Builds a Lambda handler for one Step Functions task: the input is parsed with `schema`,
 * the logger gets the Lambda context, and the typed result of `fn` is the task's output.
 * Errors are not caught: their `name` is what the state machine's Retry / Catch match.
 */
export function taskHandler<S extends z.ZodType, O>(schema: S, fn: (input: z.output<S>) => Promise<O>) {
  return middy<unknown, O, Error, Context>().handler(async (event, context) => {
    logger.addContext(context);
    return fn(parseInput(schema, event));
  });
}
