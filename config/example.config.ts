import type { AppConfigInput } from '../infra/config';
import { foundationExample } from './foundation.example';

/**
 * Example configuration, used by `npx cdk synth`, the sandbox and the tests. Copy it to
 * `config/<name>.config.ts`, change it, and select it with `npx cdk synth -c config=<name>`.
 * Every value is checked when the app synthesizes; a bad one stops synth with its key named.
 * The ids below are invented.
 */
export const config: AppConfigInput = {
  automation: {
    directory: {
      // Your directory, when the foundation stack does not create one.
      id: 'd-906700c0de',
      // managed-ad: users are created through Directory Service Data.
      // existing: Simple AD or AD Connector; users must already exist.
      mode: 'managed-ad',
    },
    // A verified SES identity in the deployment Region.
    senderAddress: 'it-desk@example.com',
    // Mail a random initial password to the manager. Turn off for directories that sign in with SAML.
    initialPassword: true,
    // Provision this many days before a future start date.
    provisioningLeadDays: 2,
    // Leavers: a WorkSpace being terminated is looked at after a minute, then every 2 minutes,
    // until it is gone or 90 minutes have passed.
    pollSchedule: {
      stepSeconds: 120,
      jitter: 0.2,
      deadlineSeconds: 5400,
      recheckSeconds: 60,
    },
    // Joiners: one provisioner round a minute creates queued WorkSpaces 25 per call and looks at
    // new ones (from 10 minutes after creation) 25 per call, spending at most 1.5 WorkSpaces
    // calls a second of the account's ~2; a WorkSpace not settled after 90 minutes fails.
    provisioner: {
      intervalMinutes: 1,
      callsPerSecond: 1.5,
      firstLookSeconds: 600,
      deadlineSeconds: 5400,
    },
    profiles: {
      defaultProfile: 'standard',
      byDepartment: { Engineering: 'power', 'Call Centre': 'value' },
      profiles: {
        // The recipe's desktop: Standard Windows bundle, AutoStop after 60 minutes, 80 GiB root,
        // 50 GiB user volume, both encrypted.
        standard: {
          bundleId: 'wsb-8vbljg4r6',
          operatingSystem: 'WINDOWS_SERVER_2022',
          runningMode: 'AUTO_STOP',
          autoStopTimeoutMinutes: 60,
          computeType: 'STANDARD',
          rootVolumeSizeGib: 80,
          userVolumeSizeGib: 50,
          volumeEncryptionKey: 'arn:aws:kms:us-east-1:123456789012:key/0a1b2c3d-0000-4000-8000-000000000001',
          tags: { 'cost-centre': 'it' },
        },
        power: {
          bundleId: 'wsb-3t36q0xfc',
          operatingSystem: 'WINDOWS_SERVER_2022',
          runningMode: 'ALWAYS_ON',
          computeType: 'POWER',
          rootVolumeSizeGib: 175,
          userVolumeSizeGib: 100,
          volumeEncryptionKey: 'arn:aws:kms:us-east-1:123456789012:key/0a1b2c3d-0000-4000-8000-000000000001',
        },
        value: {
          bundleId: 'wsb-clj85qzj1',
          operatingSystem: 'WINDOWS_SERVER_2022',
          runningMode: 'AUTO_STOP',
          autoStopTimeoutMinutes: 60,
          computeType: 'VALUE',
          rootVolumeSizeGib: 80,
          userVolumeSizeGib: 10,
        },
      },
    },
    alertEmails: ['workspaces-ops@example.com'],
    // Leavers: access is cut on the last working day (or at once for `immediate`); the stopped
    // WorkSpace is kept this many days, so a rehire gets it back, then terminated. Operators are
    // warned `warningLeadHours` before. `dryRun: true` reads everything, reports what it would
    // change and changes nothing.
    leaver: { gracePeriodDays: 7, warningLeadHours: 24, dryRun: false },
    // The fleet review (README, "Bring an existing estate in"): daily, it reads every WorkSpace at
    // 0.4 WorkSpaces calls a second (with the provisioner's 1.5, under the account's ~2), joins
    // them with the roster HR drops at `rosterKey` in the stack's FleetReview bucket, and reports.
    // Every action is off until switched on here, each capped per run; no leaver is started when
    // more than `maxOrphanedShare` of the fleet would be orphaned (an empty or cut roster).
    fleetReview: {
      schedule: 'rate(1 day)',
      rosterKey: 'roster/roster.csv',
      callsPerSecond: 0.4,
      actions: { adopt: false, removeOrphaned: false, provisionMissing: false },
      caps: { adopt: 100, removeOrphaned: 20, provisionMissing: 50 },
      maxOrphanedShare: 0.1,
      stuckAfterHours: 24,
      dryRun: false,
      // Usage, billing mode and unused desktops (README, "What the fleet costs"): off until enabled.
      // With `enabled`, each review reads connection status and this month's hours (CloudWatch
      // UserConnected) and reports cost by department and billing mode; `applyBillingMode` changes
      // hourly to monthly once the month's hours pass the bundle's break-even and monthly to hourly
      // on the month's last day (UTC); `removeUnused` warns the person and their manager, then on the
      // removal day hands the WorkSpace to the leaver's removal path. Prices: the shipped table
      // (functions/commons/cost.ts) unless `prices` says otherwise.
      cost: {
        enabled: false,
        applyBillingMode: false,
        removeUnused: false,
        neverUsedDays: 30,
        idleDays: 60,
        warningDays: 7,
        removalDay: 'last',
      },
    },
    // Movers: a profile change to another operating system needs MigrateWorkspace, which gives a
    // new WorkSpace (new id, root volume from the new bundle, user volume from its last snapshot,
    // up to 12 hours old). Off: such a change is reported to the operators instead. `dryRun` as above.
    mover: { allowMigration: false, dryRun: false },
    logRetentionDays: 90,
  },
  // The estate for an empty account (see config/foundation.example.ts). When enabled, the
  // directory and the volume key come from it instead of automation.directory and the profiles.
  foundation: foundationExample,
};
