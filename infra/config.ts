import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { describeIssues } from '../functions/commons/issues';
import { automationConfigSchema } from './automation-config';
import { foundationConfigSchema } from './foundation/config';

/** The whole app's configuration: the automation, and optionally the estate it runs on. */
export const appConfigSchema = z.strictObject({
  automation: automationConfigSchema,
  /** The estate (network, directory, registration, key); off unless `enabled`. */
  foundation: foundationConfigSchema.optional(),
});
export type AppConfig = z.output<typeof appConfigSchema>;
export type AppConfigInput = z.input<typeof appConfigSchema>;

/** Thrown for a configuration that does not validate; lists every bad key. */
export class InvalidConfigError extends Error {
  override readonly name = 'InvalidConfigError';
}

/** Validates a configuration object, naming each bad key and why. */
export function parseConfig(input: unknown, source = 'configuration'): AppConfig {
  const result = appConfigSchema.safeParse(input);
  if (result.success) return result.data;
  const problems = describeIssues(result.error).map((line) => `  ${line}`);
  throw new InvalidConfigError(`Invalid ${source}:\n${problems.join('\n')}`);
}

/** Loads `config/<name>.config.ts` (default `example`) and validates it. */
export function loadConfig(name = 'example'): AppConfig {
  const file = join(__dirname, '..', 'config', `${name}.config.ts`);
  if (!existsSync(file)) throw new InvalidConfigError(`No configuration file ${file}`);
  const loaded = require(file) as { config?: unknown };
  return parseConfig(loaded.config, file);
}
