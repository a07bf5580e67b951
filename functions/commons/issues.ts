import type { z } from 'zod';

/**
 * One line per validation problem, each naming the key and the reason:
 * `profiles.standard.bundleId: must be a WorkSpaces bundle id (wsb-...)`.
 * `prefix` is prepended to every key (a configuration section, for example).
 */
export function describeIssues(error: z.ZodError, prefix: string[] = []): string[] {
  return error.issues.map((issue) => {
    const key = [...prefix, ...issue.path.map(String)].join('.');
    return `${key || '(root)'}: ${issue.message}`;
  });
}
