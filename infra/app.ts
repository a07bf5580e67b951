import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { DirectoryMode } from '../functions/commons/config';
import { AutomationStack } from './automation-stack';
import { InvalidConfigError, loadConfig } from './config';
import { createFoundationStack } from './foundation/foundation-stack';

/** Builds the app from a configuration name (`-c config=<name>`, default `example`). */
export function buildApp(app = new App()): App {
  const name = (app.node.tryGetContext('config') as string | undefined) ?? 'example';
  const config = loadConfig(name);
  const env = { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION };
  const foundation = config.foundation?.enabled
    ? createFoundationStack(app, 'WorkspacesFoundation', { config: config.foundation, env })
    : undefined;
  const { directory } = config.automation;
  if (!foundation && (!directory.id || !directory.mode)) {
    throw new InvalidConfigError(
      'Invalid configuration:\n  automation.directory: id and mode are required when the foundation stack is off',
    );
  }
  new AutomationStack(app, 'WorkspacesLifecycle', {
    config: config.automation,
    directoryId: foundation?.directoryId ?? (directory.id as string),
    directoryMode: foundation?.directoryMode ?? (directory.mode as DirectoryMode),
    volumeKey: foundation?.volumeKey,
    env,
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
  return app;
}

if (require.main === module) {
  try {
    buildApp().synth();
  } catch (error) {
    if (error instanceof InvalidConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
}
