import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { AutomationStack } from './automation-stack';
import { InvalidConfigError, loadConfig } from './config';

/** Builds the app from a configuration name (`-c config=<name>`, default `example`). */
export function buildApp(app = new App()): App {
  const name = (app.node.tryGetContext('config') as string | undefined) ?? 'example';
  const config = loadConfig(name);
  const { directory } = config.automation;
  if (!directory.id || !directory.mode) {
    throw new InvalidConfigError(
      'Invalid configuration:\n  automation.directory: id and mode are required when the foundation stack is off',
    );
  }
  new AutomationStack(app, 'WorkspacesLifecycle', {
    config: config.automation,
    directoryId: directory.id,
    directoryMode: directory.mode,
    env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
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
