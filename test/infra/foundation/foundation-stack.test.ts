import { Match } from 'aws-cdk-lib/assertions';
import { type FoundationConfigInput, parseFoundationConfig } from '../../../infra/foundation/config';
import { createFoundationStack, FoundationStack } from '../../../infra/foundation/foundation-stack';
import { baseConfig, buildFoundation, nagFindings, testApp, testEnv } from './build';

describe('FoundationStack, Managed AD with one NAT gateway (defaults)', () => {
  const { app, stack, template } = buildFoundation();

  test('VPC has DNS support and host names, two public and two private subnets', () => {
    template.hasResourceProperties('AWS::EC2::VPC', {
      CidrBlock: '10.20.0.0/16',
      EnableDnsSupport: true,
      EnableDnsHostnames: true,
    });
    template.resourcePropertiesCountIs('AWS::EC2::Subnet', { MapPublicIpOnLaunch: true }, 2);
    template.resourcePropertiesCountIs('AWS::EC2::Subnet', { MapPublicIpOnLaunch: false }, 2);
    template.resourceCountIs('AWS::EC2::InternetGateway', 1);
  });

  test('subnets sit in two zones resolved at deploy time, with no context lookup', () => {
    template.hasResourceProperties('AWS::EC2::Subnet', {
      AvailabilityZone: { 'Fn::Select': [1, { 'Fn::GetAZs': '' }] },
    });
    expect(app.synth().manifest.missing ?? []).toEqual([]);
  });

  test('one NAT gateway with an Elastic IP; private subnets route through it', () => {
    template.resourceCountIs('AWS::EC2::NatGateway', 1);
    template.resourceCountIs('AWS::EC2::EIP', 1);
    template.resourcePropertiesCountIs(
      'AWS::EC2::Route',
      { DestinationCidrBlock: '0.0.0.0/0', NatGatewayId: Match.anyValue() },
      2,
    );
  });

  test('flow logs record all traffic to CloudWatch Logs', () => {
    template.hasResourceProperties('AWS::EC2::FlowLog', {
      TrafficType: 'ALL',
      LogDestinationType: 'cloud-watch-logs',
    });
  });

  test('the volume key rotates and is kept when the stack goes', () => {
    template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
    template.hasResource('AWS::KMS::Key', { DeletionPolicy: 'Retain' });
  });

  test('the Managed AD spans the two private subnets; its password is a Secrets Manager reference', () => {
    template.hasResourceProperties('AWS::DirectoryService::MicrosoftAD', {
      Name: 'corp.example.com',
      Edition: 'Standard',
      VpcSettings: {
        SubnetIds: Match.arrayWith([Match.objectLike({ Ref: Match.stringLikeRegexp('PrivateSubnet1') })]),
      },
      Password: {
        'Fn::Join': ['', Match.arrayWith([Match.stringLikeRegexp('^\\{\\{resolve:secretsmanager:')])],
      },
    });
    template.hasResourceProperties('AWS::SecretsManager::Secret', {
      GenerateSecretString: Match.objectLike({ GenerateStringKey: 'password', PasswordLength: 32 }),
    });
    template.resourceCountIs('AWS::DirectoryService::SimpleAD', 0);
  });

  test('no password or secret value appears in the template', () => {
    expect(JSON.stringify(template.toJSON())).not.toMatch(/"Password":"[^{]/);
  });

  test('Directory Service Data access is enabled by a custom resource', () => {
    template.hasResourceProperties('Custom::DirectoryDataAccess', { DirectoryId: { Ref: 'Directory' } });
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            // Sorted: @aws-cdk/aws-iam:minimizePolicies orders the actions.
            Action: [
              'ds:DescribeDirectoryDataAccess',
              'ds:DisableDirectoryDataAccess',
              'ds:EnableDirectoryDataAccess',
            ],
          }),
        ]),
      },
    });
  });

  test('the directory is registered with WorkSpaces, self-service and creation properties from config', () => {
    template.hasResourceProperties('Custom::WorkspacesDirectoryRegistration', {
      DirectoryId: { Ref: 'Directory' },
      Tenancy: 'SHARED',
      SelfservicePermissions: { RestartWorkspace: 'ENABLED', RebuildWorkspace: 'DISABLED' },
      WorkspaceCreationProperties: { EnableInternetAccess: 'false', EnableMaintenanceMode: 'true' },
      IpGroupIds: [{ 'Fn::GetAtt': [Match.stringLikeRegexp('IpAccessControlGroup'), 'GroupId'] }],
    });
  });

  test('the registration waits for the workspaces_DefaultRole it creates', () => {
    template.hasResourceProperties('AWS::IAM::Role', {
      RoleName: 'workspaces_DefaultRole',
      AssumeRolePolicyDocument: Match.objectLike({
        Statement: [Match.objectLike({ Principal: { Service: 'workspaces.amazonaws.com' } })],
      }),
    });
    template.hasResource('Custom::WorkspacesDirectoryRegistration', {
      DependsOn: Match.arrayWith([Match.stringLikeRegexp('WorkspacesDefaultRole')]),
    });
  });

  test('the registration handler may act on this directory only', () => {
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Sid: 'RegisterAndConfigureDirectory',
            Resource: Match.arrayWith([
              {
                'Fn::Join': [
                  '',
                  // The partition is a literal: @aws-cdk/core:enablePartitionLiterals, and a known Region.
                  ['arn:aws:workspaces:us-east-1:123456789012:directory/', { Ref: 'Directory' }],
                ],
              },
            ]),
          }),
        ]),
      },
    });
  });

  test('handlers run on Node 24, arm64, with their logs in a group that expires', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      Handler: 'index.onEvent',
      LoggingConfig: Match.objectLike({ LogFormat: 'JSON' }),
    });
    template.hasResourceProperties('AWS::Lambda::Function', { Handler: 'index.isComplete' });
  });

  test('the provider waiter logs ALL events', () => {
    template.hasResourceProperties('AWS::StepFunctions::StateMachine', {
      LoggingConfiguration: Match.objectLike({ Level: 'ALL' }),
    });
  });

  test('an IP access control group holds the configured rules', () => {
    template.hasResourceProperties('AWS::WorkSpaces::WorkspaceIpGroup', {
      UserRules: [{ IpRule: '203.0.113.0/24', RuleDesc: 'Head office' }],
    });
  });

  test('a NAT gateway alarm exists, without actions when no topic is given', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ErrorPortAllocation',
      Namespace: 'AWS/NATGateway',
      AlarmActions: Match.absent(),
    });
  });

  test('exports directory id, mode and volume key for the automation stack', () => {
    expect(stack.directoryMode).toBe('managed-ad');
    expect(stack.resolve(stack.directoryId)).toEqual({ Ref: 'Directory' });
    expect(stack.volumeKey.keyArn).toBeDefined();
    template.hasOutput('DirectoryMode', { Value: 'managed-ad' });
  });

  test('cdk-nag AwsSolutions finds nothing unacknowledged', () => {
    expect(nagFindings(app)).toEqual([]);
  });
});

describe('FoundationStack, Simple AD with two NAT gateways', () => {
  const { app, stack, template } = buildFoundation({
    natGateways: 2,
    availabilityZones: ['us-east-1b', 'us-east-1c'],
    directory: { type: 'SimpleAD', name: 'corp.example.com', shortName: 'CORP', size: 'Large' },
  });

  test('two NAT gateways, each with its Elastic IP and its alarm', () => {
    template.resourceCountIs('AWS::EC2::NatGateway', 2);
    template.resourceCountIs('AWS::EC2::EIP', 2);
    template.resourcePropertiesCountIs('AWS::CloudWatch::Alarm', { MetricName: 'ErrorPortAllocation' }, 2);
  });

  test('subnets use the configured zones', () => {
    template.hasResourceProperties('AWS::EC2::Subnet', { AvailabilityZone: 'us-east-1b' });
    template.hasResourceProperties('AWS::EC2::Subnet', { AvailabilityZone: 'us-east-1c' });
  });

  test('a Simple AD replaces the Managed AD, administrator named Administrator', () => {
    template.hasResourceProperties('AWS::DirectoryService::SimpleAD', {
      Name: 'corp.example.com',
      ShortName: 'CORP',
      Size: 'Large',
    });
    template.resourceCountIs('AWS::DirectoryService::MicrosoftAD', 0);
    template.hasResourceProperties('AWS::SecretsManager::Secret', {
      GenerateSecretString: Match.objectLike({ SecretStringTemplate: '{"username":"Administrator"}' }),
    });
  });

  test('no Directory Service Data access: the mode is existing', () => {
    template.resourceCountIs('Custom::DirectoryDataAccess', 0);
    expect(stack.directoryMode).toBe('existing');
  });

  test('the directory is still registered with WorkSpaces', () => {
    template.resourceCountIs('Custom::WorkspacesDirectoryRegistration', 1);
  });

  test('cdk-nag AwsSolutions finds nothing unacknowledged', () => {
    expect(nagFindings(app)).toEqual([]);
  });
});

describe('FoundationStack, other configuration branches', () => {
  test('allowNoIpRules: no IP group is created or associated', () => {
    const { template } = buildFoundation({ ipAccessRules: [], allowNoIpRules: true });

    template.resourceCountIs('AWS::WorkSpaces::WorkspaceIpGroup', 0);
    template.hasResourceProperties('Custom::WorkspacesDirectoryRegistration', { IpGroupIds: [] });
  });

  test('createWorkspacesDefaultRole false: the existing role is used', () => {
    const { template } = buildFoundation({ createWorkspacesDefaultRole: false });

    template.resourcePropertiesCountIs('AWS::IAM::Role', { RoleName: 'workspaces_DefaultRole' }, 0);
  });

  test('retainVolumeKey false: the key is scheduled for deletion with the stack', () => {
    const { template } = buildFoundation({ retainVolumeKey: false });

    template.hasResource('AWS::KMS::Key', { DeletionPolicy: 'Delete' });
    template.hasResourceProperties('AWS::KMS::Key', { PendingWindowInDays: 30 });
  });

  test('self-service and creation choices reach the registration', () => {
    const { template } = buildFoundation({
      workspacesDirectory: {
        selfService: { rebuildWorkspace: true, restartWorkspace: false },
        userEnabledAsLocalAdministrator: true,
        defaultOu: 'OU=WorkSpaces,DC=corp,DC=example,DC=com',
      },
    });

    template.hasResourceProperties('Custom::WorkspacesDirectoryRegistration', {
      SelfservicePermissions: { RestartWorkspace: 'DISABLED', RebuildWorkspace: 'ENABLED' },
      WorkspaceCreationProperties: {
        UserEnabledAsLocalAdministrator: 'true',
        DefaultOu: 'OU=WorkSpaces,DC=corp,DC=example,DC=com',
      },
    });
  });

  test('a given alarm topic receives the NAT gateway alarms', () => {
    const { template } = buildFoundation({}, true);

    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ErrorPortAllocation',
      AlarmActions: ['arn:aws:sns:us-east-1:123456789012:operators'],
    });
  });

  test('foundation off: createFoundationStack creates no stack', () => {
    const app = testApp();

    const stack = createFoundationStack(app, 'Foundation', {
      config: parseFoundationConfig({}),
      env: testEnv,
    });

    expect(stack).toBeUndefined();
    expect(app.synth().stacks).toHaveLength(0);
  });

  test('foundation on: createFoundationStack creates the stack', () => {
    const app = testApp();

    const stack = createFoundationStack(app, 'Foundation', {
      config: parseFoundationConfig(baseConfig),
      env: testEnv,
    });

    expect(stack).toBeInstanceOf(FoundationStack);
  });

  test('constructing the stack with the foundation off is refused', () => {
    expect(
      () => new FoundationStack(testApp(), 'Foundation', { config: parseFoundationConfig({}), env: testEnv }),
    ).toThrow(/foundation.enabled is false/);
  });
});

describe('synth of every branch', () => {
  test.each([
    ['Managed AD, 1 NAT', {}],
    [
      'Managed AD Enterprise, 2 NAT',
      { natGateways: 2, directory: { type: 'MicrosoftAD', name: 'corp.example.com', edition: 'Enterprise' } },
    ],
    ['Simple AD, 1 NAT', { directory: { type: 'SimpleAD', name: 'corp.example.com' } }],
    [
      'Simple AD, 2 NAT, no IP rules',
      {
        natGateways: 2,
        directory: { type: 'SimpleAD', name: 'corp.example.com' },
        ipAccessRules: [],
        allowNoIpRules: true,
      },
    ],
  ] satisfies [string, Partial<FoundationConfigInput>][])('%s synthesizes cleanly', (_, overrides) => {
    const { app } = buildFoundation(overrides);

    const assembly = app.synth();

    expect(assembly.getStackByName('Foundation').template.Resources).toBeDefined();
    expect(nagFindings(app)).toEqual([]);
  });
});
