import { foundationExample } from '../../../config/foundation.example';
import { foundationConfigSchema, parseFoundationConfig } from '../../../infra/foundation/config';
import { baseConfig } from './build';

describe('foundation configuration', () => {
  test('is off by default and needs nothing else then', () => {
    const config = parseFoundationConfig({});

    expect(config.enabled).toBe(false);
    expect(config.natGateways).toBe(1);
    expect(config.ipAccessRules).toEqual([]);
  });

  test('fills defaults for an enabled Managed AD estate', () => {
    const config = parseFoundationConfig(baseConfig);

    expect(config.directory).toEqual({ type: 'MicrosoftAD', name: 'corp.example.com', edition: 'Standard' });
    expect(config.workspacesDirectory.selfService.restartWorkspace).toBe(true);
    expect(config.workspacesDirectory.enableWorkDocs).toBe(false);
    expect(config.createWorkspacesDefaultRole).toBe(true);
  });

  test('Simple AD defaults to the Small size', () => {
    const config = parseFoundationConfig({
      ...baseConfig,
      directory: { type: 'SimpleAD', name: 'corp.example.com' },
    });

    expect(config.directory).toEqual({ type: 'SimpleAD', name: 'corp.example.com', size: 'Small' });
  });

  test('the example section is valid', () => {
    expect(foundationConfigSchema.safeParse(foundationExample).success).toBe(true);
  });

  test.each([
    ['no directory when enabled', { directory: undefined }, 'foundation.directory: is required when enabled'],
    ['empty IP rules', { ipAccessRules: [] }, 'foundation.ipAccessRules: is empty'],
    ['a NAT count of 3', { natGateways: 3 }, 'foundation.natGateways: must be 1 or 2'],
    ['a malformed VPC CIDR', { vpcCidr: '10.0.0/16' }, 'foundation.vpcCidr: must be an IPv4 CIDR block'],
    [
      'a VPC too small',
      { vpcCidr: '10.0.0.0/24' },
      'foundation.vpcCidr: must have a prefix length between /16',
    ],
    ['one zone twice', { availabilityZones: ['us-east-1a', 'us-east-1a'] }, 'foundation.availabilityZones:'],
    [
      'a zone id instead of a name',
      { availabilityZones: ['us-east-1a', 'use1-az4'] },
      'foundation.availabilityZones.1:',
    ],
    [
      'a directory name without dots',
      { directory: { type: 'MicrosoftAD', name: 'corp' } },
      'foundation.directory.name:',
    ],
    [
      'an unknown directory type',
      { directory: { type: 'ADConnector', name: 'a.example.com' } },
      'foundation.directory.type:',
    ],
    [
      'a Managed AD size',
      { directory: { type: 'MicrosoftAD', name: 'corp.example.com', size: 'Small' } },
      'foundation.directory: Unrecognized key: "size"',
    ],
    [
      'a NetBIOS name too long',
      { directory: { type: 'SimpleAD', name: 'corp.example.com', shortName: 'SIXTEENCHARACTER' } },
      'foundation.directory.shortName:',
    ],
    [
      'WorkDocs on',
      { workspacesDirectory: { enableWorkDocs: true } },
      'foundation.workspacesDirectory.enableWorkDocs: must be false',
    ],
    [
      'an allow-all rule',
      { ipAccessRules: [{ source: '0.0.0.0/0', description: 'any' }] },
      'foundation.ipAccessRules.0.source: allows every address',
    ],
    [
      'a rule that is no CIDR',
      { ipAccessRules: [{ source: 'office', description: 'x' }] },
      'foundation.ipAccessRules.0.source: must be an IPv4 CIDR block',
    ],
    [
      'a rule without description',
      { ipAccessRules: [{ source: '203.0.113.0/24', description: '' }] },
      'foundation.ipAccessRules.0.description:',
    ],
    [
      'eleven rules',
      {
        ipAccessRules: Array.from({ length: 11 }, (_, i) => ({
          source: `203.0.113.${i}/32`,
          description: 'x',
        })),
      },
      'foundation.ipAccessRules: may hold at most 10 rules',
    ],
    ['an unknown key', { natGateway: 2 }, 'foundation: Unrecognized key: "natGateway"'],
  ])('rejects %s, naming the key', (_, overrides, message) => {
    expect(() => parseFoundationConfig({ ...baseConfig, ...overrides })).toThrow(message);
  });

  test('accepts no IP rules when allowNoIpRules says so', () => {
    expect(
      parseFoundationConfig({ ...baseConfig, ipAccessRules: [], allowNoIpRules: true }).ipAccessRules,
    ).toEqual([]);
  });
});
