import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cdkJsonContext } from './cdk-app';

// `cdk synth` warns about every feature flag cdk.json leaves unset; after an upgrade of
// aws-cdk-lib this names the new ones, to be decided (and the infra tests rerun) on purpose.
describe('cdk.json feature flags', () => {
  const recommended = JSON.parse(
    readFileSync(
      join(__dirname, '..', '..', 'node_modules', 'aws-cdk-lib', 'recommended-feature-flags.json'),
      'utf8',
    ),
  ) as Record<string, unknown>;

  // Flags set on purpose to another value than the recommended one, and why.
  const deliberate: Record<string, { value: unknown; why: string }> = {
    '@aws-cdk/core:defaultCrossStackReferences': {
      value: 'strong',
      why:
        'the automation stack imports the directory from the foundation stack; a strong reference ' +
        '(Fn::ImportValue) keeps CloudFormation from deleting the directory while the automation uses it',
    },
  };

  test('RecommendedFlags: every flag aws-cdk-lib recommends is set, to its recommended value or a deliberate one', () => {
    const differing = Object.entries(recommended)
      .filter(([flag, value]) => {
        const wanted = Object.hasOwn(deliberate, flag) ? deliberate[flag].value : value;
        return JSON.stringify(cdkJsonContext[flag]) !== JSON.stringify(wanted);
      })
      .map(([flag]) => flag);
    expect(differing).toEqual([]);
    expect(Object.keys(recommended).length).toBeGreaterThan(50);
  });

  test('DeliberateExceptions: each differs from a current recommendation, so none outlives its reason', () => {
    for (const [flag, { value }] of Object.entries(deliberate)) {
      expect(recommended).toHaveProperty([flag]);
      expect(recommended[flag]).not.toEqual(value);
    }
  });
});
