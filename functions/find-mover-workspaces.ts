import {
  DescribeWorkspacesCommand,
  type DescribeWorkspacesCommandOutput,
  WorkSpacesClient,
} from '@aws-sdk/client-workspaces';
import { z } from 'zod';
import { taskClientConfig } from './commons/clients';
import { readDirectoryId } from './commons/config';
import { samAccountNameSchema } from './commons/contracts';
import { lookPageSize } from './commons/leaver-calls';
import type { MoverWorkspace } from './commons/mover';
import { taskHandler } from './commons/task';
import { workspacesError } from './commons/workspaces';

const directoryId = readDirectoryId();
const client = new WorkSpacesClient(taskClientConfig);

const inputSchema = z.object({ userName: samAccountNameSchema });

/**
 * Lists a directory user's WorkSpaces with what a change is planned from: state, bundle, running
 * mode, compute type, volume sizes and operating system. Whose each is comes from its tags.
 */
export const handler = taskHandler(inputSchema, async ({ userName }) => {
  let response: DescribeWorkspacesCommandOutput;
  try {
    response = await client.send(
      new DescribeWorkspacesCommand({ DirectoryId: directoryId, UserName: userName, Limit: lookPageSize }),
    );
  } catch (error) {
    throw workspacesError(error, 'DescribeWorkspaces');
  }
  const workspaces: MoverWorkspace[] = (response.Workspaces ?? []).flatMap((w) => {
    if (!w.WorkspaceId) return [];
    const p = w.WorkspaceProperties ?? {};
    const found: MoverWorkspace = {
      workspaceId: w.WorkspaceId,
      state: w.State ?? 'UNKNOWN',
      bundleId: w.BundleId,
      runningMode: p.RunningMode,
      autoStopTimeoutMinutes: p.RunningModeAutoStopTimeoutInMinutes,
      computeType: p.ComputeTypeName,
      rootVolumeSizeGib: p.RootVolumeSizeGib,
      userVolumeSizeGib: p.UserVolumeSizeGib,
      operatingSystem: p.OperatingSystemName,
    };
    return [JSON.parse(JSON.stringify(found)) as MoverWorkspace];
  });
  return { workspaces };
});
