import {
  CfnOutput,
  Duration,
  Fn,
  RemovalPolicy,
  Stack,
  type StackProps,
  Token,
  Validations,
} from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as directoryservice from 'aws-cdk-lib/aws-directoryservice';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type * as sns from 'aws-cdk-lib/aws-sns';
import * as workspaces from 'aws-cdk-lib/aws-workspaces';
import type { Construct } from 'constructs';
import type { DirectoryMode } from '../../functions/commons/config';
import { AsyncCustomResource, directoryServiceArn } from './async-custom-resource';
import type { FoundationConfig } from './config';

/** Props of {@link FoundationStack}. */
export interface FoundationStackProps extends StackProps {
  /** The validated `foundation` section; `enabled` must be true. */
  readonly config: FoundationConfig;
  /**
   * Where the NAT gateway alarms go. Must not live in a stack that depends on this one (the
   * automation stack does), or the two stacks would reference each other.
   */
  readonly alarmTopic?: sns.ITopic;
}

/**
 * The greenfield estate: VPC, directory, WorkSpaces registration, IP access control and the
 * volume encryption key. The automation stack reads {@link directoryId},
 * {@link directoryMode} and {@link volumeKey} from it when both are deployed.
 */
export class FoundationStack extends Stack {
  /** Directory Service id of the directory WorkSpaces is registered with. */
  public readonly directoryId: string;
  /** `managed-ad` when the flow can create users (Managed AD); `existing` for Simple AD. */
  public readonly directoryMode: DirectoryMode;
  /** Customer managed key for root and user volume encryption. */
  public readonly volumeKey: kms.IKey;
  /** The VPC the directory and WorkSpaces live in. */
  public readonly vpc: ec2.IVpc;
  /** Secret holding the directory administrator's generated password. */
  public readonly adminSecret: secretsmanager.ISecret;
  private readonly zones: string[];

  constructor(scope: Construct, id: string, props: FoundationStackProps) {
    super(scope, id, props);
    const { config } = props;
    const directoryConfig = config.directory;
    if (!config.enabled || !directoryConfig) {
      throw new Error(
        'FoundationStack: foundation.enabled is false or foundation.directory is missing; ' +
          'use createFoundationStack, which creates no stack then, and validate the configuration first.',
      );
    }

    // Explicit zones, or the Region's first two resolved at deploy time: either way synth needs
    // no availability-zones context lookup, so it never calls AWS.
    this.zones = config.availabilityZones ?? [Fn.select(0, Fn.getAzs()), Fn.select(1, Fn.getAzs())];

    this.volumeKey = new kms.Key(this, 'VolumeKey', {
      description: 'WorkSpaces root and user volume encryption (workspaces-lifecycle)',
      enableKeyRotation: true,
      removalPolicy: config.retainVolumeKey ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
      pendingWindow: Duration.days(30),
    });

    const natProvider = ec2.NatProvider.gateway();
    const vpc = this.createVpc(config, natProvider);
    this.vpc = vpc;
    const privateSubnetIds = vpc.selectSubnets({ subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS }).subnetIds;

    const isManagedAd = directoryConfig.type === 'MicrosoftAD';
    const adminSecret = new secretsmanager.Secret(this, 'DirectoryAdminSecret', {
      description: `Administrator password of the ${directoryConfig.name} directory (workspaces-lifecycle)`,
      generateSecretString: {
        // Managed AD names its administrator Admin; Simple AD, Administrator.
        secretStringTemplate: JSON.stringify({ username: isManagedAd ? 'Admin' : 'Administrator' }),
        generateStringKey: 'password',
        passwordLength: 32,
        requireEachIncludedType: true,
        excludeCharacters: '"\'\\/@`:;$%&{}[]<>|',
      },
    });
    this.adminSecret = adminSecret;
    // A dynamic reference: CloudFormation resolves it at deploy time, the template never holds it.
    const password = adminSecret.secretValueFromJson('password').unsafeUnwrap();
    const vpcSettings = { vpcId: vpc.vpcId, subnetIds: privateSubnetIds };

    const directory = isManagedAd
      ? new directoryservice.CfnMicrosoftAD(this, 'Directory', {
          name: directoryConfig.name,
          shortName: directoryConfig.shortName,
          edition: directoryConfig.edition,
          password,
          vpcSettings,
        })
      : new directoryservice.CfnSimpleAD(this, 'Directory', {
          name: directoryConfig.name,
          shortName: directoryConfig.shortName,
          size: directoryConfig.size,
          password,
          vpcSettings,
        });
    this.directoryId = directory.ref;
    this.directoryMode = isManagedAd ? 'managed-ad' : 'existing';

    if (isManagedAd) {
      new AsyncCustomResource(this, 'DirectoryDataAccess', {
        handler: 'directory-data-access',
        resourceType: 'DirectoryDataAccess',
        properties: { DirectoryId: this.directoryId },
        totalTimeout: Duration.minutes(30),
        statements: [
          new iam.PolicyStatement({
            actions: [
              'ds:EnableDirectoryDataAccess',
              'ds:DisableDirectoryDataAccess',
              'ds:DescribeDirectoryDataAccess',
            ],
            resources: [directoryServiceArn(this, this.directoryId)],
          }),
        ],
      });
    }

    const ipGroup = this.createIpGroup(config);
    const registration = this.registerDirectory(config, vpc, privateSubnetIds, ipGroup);

    this.createNatAlarms(natProvider, props.alarmTopic);

    new CfnOutput(this, 'DirectoryId', {
      value: this.directoryId,
      description: 'Directory Service directory id',
    });
    new CfnOutput(this, 'DirectoryMode', {
      value: this.directoryMode,
      description: 'Directory mode for the flow',
    });
    new CfnOutput(this, 'VolumeKeyArn', {
      value: this.volumeKey.keyArn,
      description: 'Volume encryption key',
    });
    new CfnOutput(this, 'DirectoryAdminSecretArn', {
      value: adminSecret.secretArn,
      description: 'Secret holding the directory administrator password',
    });
    new CfnOutput(this, 'RegisteredDirectoryId', {
      value: registration.resource.getAttString('DirectoryId'),
      description: 'Directory id once registered with WorkSpaces',
    });

    Validations.of(adminSecret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'The secret is the password CloudFormation hands Directory Service at creation. Rotating the secret ' +
        'would not change the directory password (no rotation function exists for a directory administrator); ' +
        'operators reset it with ds:ResetUserPassword and update the secret.',
    });
  }

  /**
   * The two zones of this estate. Overridden because the default getter, which `Vpc` reads to
   * check its zones, registers an availability-zones context lookup that calls AWS at synth.
   */
  override get availabilityZones(): string[] {
    return this.zones;
  }

  private createVpc(config: FoundationConfig, natGatewayProvider: ec2.NatProvider): ec2.Vpc {
    const vpc = new ec2.Vpc(this, 'Vpc', {
      ipAddresses: ec2.IpAddresses.cidr(config.vpcCidr),
      availabilityZones: this.zones,
      natGateways: config.natGateways,
      natGatewayProvider,
      enableDnsSupport: true,
      enableDnsHostnames: true,
      restrictDefaultSecurityGroup: true,
      subnetConfiguration: [
        { name: 'Public', subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24 },
        // /22: room for about a thousand WorkSpaces per zone.
        { name: 'Private', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, cidrMask: 22 },
      ],
    });
    if (config.availabilityZones) {
      Validations.of(vpc).acknowledge({
        id: 'CloudFormation-Validate::W3010',
        reason: 'WorkSpaces runs only in some zones of each Region: the operator names two supported ones.',
      });
    }
    const flowLogs = new logs.LogGroup(this, 'FlowLogs', {
      retention: logs.RetentionDays.ONE_YEAR,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    vpc.addFlowLog('FlowLog', {
      destination: ec2.FlowLogDestination.toCloudWatchLogs(flowLogs),
      trafficType: ec2.FlowLogTrafficType.ALL,
    });
    return vpc;
  }

  private createIpGroup(config: FoundationConfig): workspaces.CfnWorkspaceIpGroup | undefined {
    // An associated group with no rules would block every client; none associated allows all.
    if (config.ipAccessRules.length === 0) return undefined;
    return new workspaces.CfnWorkspaceIpGroup(this, 'IpAccessControlGroup', {
      groupName: `${this.stackName}-clients`,
      groupDesc: 'Networks WorkSpaces clients may connect from (workspaces-lifecycle)',
      userRules: config.ipAccessRules.map((rule) => ({ ipRule: rule.source, ruleDesc: rule.description })),
    });
  }

  private registerDirectory(
    config: FoundationConfig,
    vpc: ec2.IVpc,
    subnetIds: string[],
    ipGroup: workspaces.CfnWorkspaceIpGroup | undefined,
  ): AsyncCustomResource {
    const ws = config.workspacesDirectory;
    const flag = (value: boolean) => (value ? 'true' : 'false');
    const permission = (value: boolean) => (value ? 'ENABLED' : 'DISABLED');
    const workspacesDirectoryArn = this.formatArn({
      service: 'workspaces',
      resource: 'directory',
      resourceName: this.directoryId,
    });
    const defaultRoleArn = this.formatArn({
      service: 'iam',
      region: '',
      resource: 'role',
      resourceName: 'workspaces_DefaultRole',
    });

    const registration = new AsyncCustomResource(this, 'WorkspacesDirectoryRegistration', {
      handler: 'workspaces-directory-registration',
      resourceType: 'WorkspacesDirectoryRegistration',
      totalTimeout: Duration.minutes(30),
      properties: {
        DirectoryId: this.directoryId,
        SubnetIds: subnetIds,
        Tenancy: ws.tenancy,
        SelfservicePermissions: {
          RestartWorkspace: permission(ws.selfService.restartWorkspace),
          IncreaseVolumeSize: permission(ws.selfService.increaseVolumeSize),
          ChangeComputeType: permission(ws.selfService.changeComputeType),
          SwitchRunningMode: permission(ws.selfService.switchRunningMode),
          RebuildWorkspace: permission(ws.selfService.rebuildWorkspace),
        },
        WorkspaceCreationProperties: {
          EnableInternetAccess: flag(ws.enableInternetAccess),
          UserEnabledAsLocalAdministrator: flag(ws.userEnabledAsLocalAdministrator),
          EnableMaintenanceMode: flag(ws.enableMaintenanceMode),
          DefaultOu: ws.defaultOu,
        },
        IpGroupIds: ipGroup ? [ipGroup.attrGroupId] : [],
      },
      statements: [
        new iam.PolicyStatement({
          sid: 'RegisterAndConfigureDirectory',
          actions: [
            'workspaces:RegisterWorkspaceDirectory',
            'workspaces:DeregisterWorkspaceDirectory',
            'workspaces:ModifySelfservicePermissions',
            'workspaces:ModifyWorkspaceCreationProperties',
            'workspaces:AssociateIpGroups',
            'workspaces:DisassociateIpGroups',
          ],
          resources: [
            workspacesDirectoryArn,
            ...(ipGroup
              ? [
                  this.formatArn({
                    service: 'workspaces',
                    resource: 'workspaceipgroup',
                    resourceName: ipGroup.attrGroupId,
                  }),
                ]
              : []),
          ],
        }),
        new iam.PolicyStatement({
          sid: 'DescribeWithoutResourceLevelPermissions',
          actions: [
            'workspaces:DescribeWorkspaceDirectories',
            'ds:DescribeDirectories',
            'ec2:DescribeVpcs',
            'ec2:DescribeSubnets',
            'ec2:DescribeSecurityGroups',
            'ec2:DescribeNetworkInterfaces',
            'ec2:DescribeAvailabilityZones',
            'ec2:DescribeInternetGateways',
            'ec2:DescribeRouteTables',
          ],
          resources: ['*'],
        }),
        // WorkSpaces acts on the directory and the VPC with the caller's rights while it
        // registers: it authorizes itself as a directory application and creates its security group.
        new iam.PolicyStatement({
          sid: 'RegistrationSideEffectsOnDirectory',
          actions: ['ds:AuthorizeApplication', 'ds:UnauthorizeApplication'],
          resources: [directoryServiceArn(this, this.directoryId)],
        }),
        new iam.PolicyStatement({
          sid: 'RegistrationSideEffectsInVpc',
          actions: [
            'ec2:CreateSecurityGroup',
            'ec2:DeleteSecurityGroup',
            'ec2:AuthorizeSecurityGroupIngress',
            'ec2:AuthorizeSecurityGroupEgress',
            'ec2:RevokeSecurityGroupIngress',
            'ec2:RevokeSecurityGroupEgress',
            'ec2:CreateTags',
          ],
          resources: [
            this.formatArn({ service: 'ec2', resource: 'vpc', resourceName: vpc.vpcId }),
            this.formatArn({ service: 'ec2', resource: 'security-group', resourceName: '*' }),
          ],
        }),
        new iam.PolicyStatement({
          sid: 'CheckWorkspacesDefaultRole',
          actions: ['iam:GetRole'],
          resources: [defaultRoleArn],
        }),
      ],
    });

    Validations.of(registration.role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'workspaces:DescribeWorkspaceDirectories, ds:DescribeDirectories and the ec2:Describe* calls WorkSpaces ' +
        'makes while registering support no resource-level permissions; they only read.',
    });
    Validations.of(registration.role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::arn:${nagPart(this.partition, 'Partition')}:ec2:${nagPart(this.region, 'Region')}:${nagPart(this.account, 'AccountId')}:security-group/*]`,
      reason:
        'WorkSpaces creates and later deletes its own security group while registering and deregistering; its ' +
        'id is not known before deployment.',
    });

    if (config.createWorkspacesDefaultRole) {
      const defaultRole = new iam.Role(this, 'WorkspacesDefaultRole', {
        // WorkSpaces looks the role up by this exact name; it cannot be generated.
        roleName: 'workspaces_DefaultRole',
        assumedBy: new iam.ServicePrincipal('workspaces.amazonaws.com'),
        managedPolicies: [
          iam.ManagedPolicy.fromAwsManagedPolicyName('AmazonWorkSpacesServiceAccess'),
          iam.ManagedPolicy.fromAwsManagedPolicyName('AmazonWorkSpacesSelfServiceAccess'),
        ],
      });
      registration.node.addDependency(defaultRole);
      for (const policy of ['AmazonWorkSpacesServiceAccess', 'AmazonWorkSpacesSelfServiceAccess']) {
        Validations.of(defaultRole).acknowledge({
          id: `AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/${policy}]`,
          reason:
            'workspaces_DefaultRole is the service role WorkSpaces requires; the WorkSpaces Administration Guide ' +
            'prescribes exactly these AWS managed policies, which AWS keeps current with the service.',
        });
      }
    }
    return registration;
  }

  private createNatAlarms(natProvider: ec2.NatProvider, alarmTopic: sns.ITopic | undefined) {
    // Port allocation errors on a NAT gateway cut WorkSpaces off the internet (updates, sign-in
    // services); the automation's own monitoring cannot see the network.
    natProvider.configuredGateways.forEach((gateway, index) => {
      const alarm = new cloudwatch.Alarm(this, `NatGatewayPortAllocationErrors${index + 1}`, {
        alarmDescription: 'A NAT gateway could not allocate source ports: WorkSpaces lose internet access.',
        metric: new cloudwatch.Metric({
          namespace: 'AWS/NATGateway',
          metricName: 'ErrorPortAllocation',
          dimensionsMap: { NatGatewayId: gateway.gatewayId },
          statistic: 'Sum',
          period: Duration.minutes(5),
        }),
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
      if (alarmTopic) alarm.addAlarmAction(new cloudwatchActions.SnsAction(alarmTopic));
    });
  }
}

/**
 * One part of an ARN as cdk-nag writes it in a finding: the value when it is known at synth time
 * (partition literals, a stack with an explicit environment), else the pseudo parameter.
 */
function nagPart(value: string, pseudo: 'Partition' | 'Region' | 'AccountId'): string {
  return Token.isUnresolved(value) ? `<AWS::${pseudo}>` : value;
}

/** Creates the foundation stack when the configuration enables it; otherwise creates nothing. */
export function createFoundationStack(
  scope: Construct,
  id: string,
  props: FoundationStackProps,
): FoundationStack | undefined {
  return props.config.enabled ? new FoundationStack(scope, id, props) : undefined;
}
