import type { QueuedCreation, QueuedWatch } from '../../functions/commons/provisioning';
import { testDirectoryId } from '../setup-env';

/** Queue entries as the provisioner's tests build them, around one fixed instant. */
export const minute = 60_000;
/** Ten seconds into a round's interval, so the round number does not change while a round runs. */
export const t0 = Date.UTC(2025, 4, 12, 9, 30, 10);

/** A queued CreateWorkspaces request for `user`, queued a minute before t0 unless told. */
export function creation(user: string, queuedAt = t0 - minute, token = `token-${user}`): QueuedCreation {
  return {
    kind: 'create',
    token,
    queuedAt,
    request: { DirectoryId: testDirectoryId, UserName: user, BundleId: 'wsb-8vbljg4r6' },
  };
}

/** The n-th watched WorkSpace, due a look and well inside its deadline unless told. */
export function watch(
  n: number,
  times: Partial<Pick<QueuedWatch, 'queuedAt' | 'lookAfter' | 'deadline'>> = {},
): QueuedWatch {
  const workspaceId = `ws-watched${String(n).padStart(4, '0')}`;
  return {
    kind: 'watch',
    token: `token-${workspaceId}`,
    queuedAt: t0 - 20 * minute + n,
    workspaceId,
    lookAfter: t0 - minute,
    deadline: t0 + 60 * minute,
    ...times,
  };
}
