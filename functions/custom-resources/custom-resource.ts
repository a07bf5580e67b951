import { z } from 'zod';
import { describeIssues } from '../commons/issues';

/** A Directory Service directory id. */
export const directoryIdSchema = z
  .string()
  .regex(/^d-[0-9a-f]{8,63}$/, 'must be a Directory Service directory id');

/**
 * Parses custom resource properties. CloudFormation hands every scalar to a custom resource as
 * a string, so schemas use `z.stringbool()` for flags; the message names the resource and key.
 */
export function parseProperties<T extends z.ZodType>(
  schema: T,
  properties: unknown,
  resource: string,
): z.output<T> {
  const result = schema.safeParse(properties);
  if (result.success) return result.data;
  throw new Error(`${resource}: invalid properties: ${describeIssues(result.error).join('; ')}`);
}

/** Directory Service directory ids; anything else as a physical id means Create never got that far. */
export function isDirectoryId(value: string | undefined): value is string {
  return directoryIdSchema.safeParse(value).success;
}
