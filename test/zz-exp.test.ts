import * as fs from 'node:fs';
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { parseFoundationConfig } from '../infra/foundation/config';
import { FoundationStack } from '../infra/foundation/foundation-stack';

test('x', () => {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  const config = parseFoundationConfig({
    enabled: true,
    directory: { type: 'MicrosoftAD', name: 'corp.example.com' },
    ipAccessRules: [{ source: '203.0.113.0/24', description: 'office' }],
  });
  new FoundationStack(app, 'F', { config, env: { account: '123456789012', region: 'us-east-1' } });
  try {
    const asm = app.synth();
    console.log('ok', asm.directory, fs.readdirSync(asm.directory));
  } catch (e) {
    fs.writeFileSync('/tmp/exp/nag.txt', (e as Error).message);
  }
});
