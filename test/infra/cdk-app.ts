import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';

/** The context `cdk synth` reads from cdk.json: the configuration name and the feature flags. */
export const cdkJsonContext = (
  JSON.parse(readFileSync(join(__dirname, '..', '..', 'cdk.json'), 'utf8')) as {
    context: Record<string, unknown>;
  }
).context;

/**
 * An App as `cdk synth` builds it, with cdk.json's feature flags, so the tests check the
 * templates a deploy would produce; it never runs esbuild (NodejsFunction assets stay unbundled).
 */
export function testApp(): App {
  return new App({ context: { ...cdkJsonContext, 'aws:cdk:bundling-stacks': [] } });
}
