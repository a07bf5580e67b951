import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import {
  CreateWorkspacesCommand,
  DescribeWorkspaceDirectoriesCommand,
  DescribeWorkspacesCommand,
  WorkSpacesClient,
} from '@aws-sdk/client-workspaces';
import { CreateUserCommand, DirectoryServiceDataClient } from '../functions/commons/directory-service-data';
import type { BenchPerson } from './people';

/** What the baseline needs to know of the account it runs in. */
export interface BaselineTarget {
  endpoint: string;
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  directoryId: string;
  bundleId: string;
  senderAddress: string;
}

/** How one joiner ended in the baseline loop. */
export interface BaselineOutcome {
  userName: string;
  eventAt: number;
  status: 'SUCCEEDED' | 'FAILED';
  error?: string;
  /** The failing error's message. */
  cause?: string;
}

/** Simulated seconds between looks, as in the scripts this baseline stands for. */
export const baselinePollSeconds = 60;
/** A loop still waiting this long after its joiner's start gives up. */
export const baselineGiveUpSeconds = 8 * 3600;

// The installed clock scales setTimeout, so this sleeps simulated time.
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * The way joiners are commonly onboarded by a script: one loop per joiner, one WorkSpace per
 * CreateWorkspaces call, a DescribeWorkspaces by id every 60 seconds until AVAILABLE, then the
 * welcome email. Real SDK clients with their default retries (standard mode, 3 attempts, one
 * shared client). One concession so that the comparison is about time and not about lost
 * joiners: a call that still fails after the SDK's retries is tried again at the next turn of
 * the loop, 60 seconds later (counted in `sdkGaveUp`), instead of ending the script.
 */
export function baselineFlow(target: BaselineTarget) {
  const clientConfig = { endpoint: target.endpoint, region: target.region, credentials: target.credentials };
  const workspaces = new WorkSpacesClient(clientConfig);
  const ses = new SESv2Client(clientConfig);
  const directory = new DirectoryServiceDataClient({ endpoint: target.endpoint, region: target.region });
  const sdkGaveUp: Record<string, number> = {};
  let registrationCode = '';

  const gaveUp = (operation: string) => {
    sdkGaveUp[operation] = (sdkGaveUp[operation] ?? 0) + 1;
  };
  const throttled = (error: unknown) => (error as Error).name === 'ThrottlingException';

  /** Retries `call` every 60 s while it is throttled, until the joiner's give-up time. */
  async function persist<T>(operation: string, startedAt: number, call: () => Promise<T>): Promise<T> {
    for (;;) {
      try {
        return await call();
      } catch (error) {
        if (!throttled(error)) throw error;
        gaveUp(operation);
        if (Date.now() - startedAt > baselineGiveUpSeconds * 1000) throw error;
        await sleep(baselinePollSeconds * 1000);
      }
    }
  }

  async function onboard(person: BenchPerson): Promise<BaselineOutcome> {
    const eventAt = Date.now();
    const fail = (error: string, cause?: string): BaselineOutcome => ({
      userName: person.userName,
      eventAt,
      status: 'FAILED',
      error,
      cause,
    });
    try {
      await directory.send(
        new CreateUserCommand({
          DirectoryId: target.directoryId,
          SAMAccountName: person.userName,
          EmailAddress: person.email,
          GivenName: person.givenName,
          Surname: person.familyName,
        }),
      );
      const created = await persist('CreateWorkspaces', eventAt, () =>
        workspaces.send(
          new CreateWorkspacesCommand({
            Workspaces: [
              { DirectoryId: target.directoryId, UserName: person.userName, BundleId: target.bundleId },
            ],
          }),
        ),
      );
      const failed = created.FailedRequests?.[0];
      if (failed) return fail(failed.ErrorCode ?? 'CreateWorkspacesFailed');
      const workspaceId = created.PendingRequests?.[0]?.WorkspaceId;
      if (!workspaceId) return fail('NoWorkspaceId');
      for (;;) {
        await sleep(baselinePollSeconds * 1000);
        if (Date.now() - eventAt > baselineGiveUpSeconds * 1000) return fail('GaveUpWaiting');
        let state: string | undefined;
        try {
          const described = await workspaces.send(
            new DescribeWorkspacesCommand({ WorkspaceIds: [workspaceId] }),
          );
          state = described.Workspaces?.[0]?.State;
        } catch (error) {
          if (!throttled(error)) throw error;
          gaveUp('DescribeWorkspaces');
          continue;
        }
        if (state === 'AVAILABLE') break;
        if (state === 'ERROR' || state === 'UNHEALTHY') return fail(`Workspace${state}`);
      }
      await ses.send(
        new SendEmailCommand({
          FromEmailAddress: target.senderAddress,
          Destination: { ToAddresses: [person.email] },
          Content: {
            Simple: {
              Subject: { Data: `Your Amazon WorkSpace is ready, ${person.givenName}` },
              Body: {
                Text: {
                  Data: `Hello ${person.givenName},\n\nRegistration code: ${registrationCode}\nUser name: ${person.userName}\n`,
                },
              },
            },
          },
        }),
      );
      return { userName: person.userName, eventAt, status: 'SUCCEEDED' };
    } catch (error) {
      return fail((error as Error).name || 'Error', String((error as Error).message));
    }
  }

  return {
    /**
     * Looks up the registration code once, then runs every joiner's loop at once, as a script
     * given the whole cohort would.
     */
    run: async (people: readonly BenchPerson[]) => {
      const directories = await workspaces.send(
        new DescribeWorkspaceDirectoriesCommand({ DirectoryIds: [target.directoryId] }),
      );
      registrationCode = directories.Directories?.[0]?.RegistrationCode ?? '';
      return Promise.all(people.map(onboard));
    },
    sdkGaveUp,
    destroy: () => {
      workspaces.destroy();
      ses.destroy();
    },
  };
}
