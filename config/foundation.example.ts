import type { FoundationConfigInput } from '../infra/foundation/config';

/**
 * Example `foundation` section: a greenfield estate in an empty account. Every key not shown
 * takes the default noted beside it in infra/foundation/config.ts.
 */
export const foundationExample: FoundationConfigInput = {
  // Off by default: only accounts with no WorkSpaces estate yet want this stack.
  enabled: true,
  // Room for two public /24 and two private /22 subnets; any /16 to /20 works.
  vpcCidr: '10.20.0.0/16',
  // WorkSpaces runs only in some zones of each Region (see "Availability Zones for WorkSpaces"
  // in the Administration Guide). Name two supported ones; omit to take the Region's first two.
  availabilityZones: ['us-east-1b', 'us-east-1c'],
  // 1 is cheaper; 2 keeps each zone online when the other zone's NAT gateway fails.
  natGateways: 1,
  directory: {
    // MicrosoftAD lets the joiner flow create users (Directory Service Data API).
    // SimpleAD is cheaper but users must already exist in it (directory mode 'existing').
    type: 'MicrosoftAD',
    // A subdomain of a domain the organisation owns; it becomes the Windows sign-in domain.
    name: 'corp.example.com',
    shortName: 'CORP',
    edition: 'Standard',
    // For SimpleAD use instead: size: 'Small' (up to 500 users) or 'Large'.
  },
  workspacesDirectory: {
    selfService: {
      restartWorkspace: true,
      increaseVolumeSize: false,
      changeComputeType: false,
      switchRunningMode: false,
      rebuildWorkspace: false,
    },
    // Must stay false: Amazon WorkDocs has reached end of support.
    enableWorkDocs: false,
    // WorkSpaces reach the internet through the NAT gateway, so no public IPs.
    enableInternetAccess: false,
    userEnabledAsLocalAdministrator: false,
    enableMaintenanceMode: true,
    tenancy: 'SHARED',
  },
  // Set false if the account already has the workspaces_DefaultRole IAM role.
  createWorkspacesDefaultRole: true,
  // Keep the volume key after the stack is deleted (volumes and snapshots may still need it).
  retainVolumeKey: true,
  // Networks WorkSpaces clients may connect from. An empty list is an error unless
  // allowNoIpRules is true, which accepts connections from any address.
  ipAccessRules: [
    { source: '203.0.113.0/24', description: 'Head office' },
    { source: '198.51.100.17/32', description: 'VPN egress' },
  ],
  allowNoIpRules: false,
};
