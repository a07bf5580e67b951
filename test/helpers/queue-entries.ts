import type {
  QueuedAutoStop,
  QueuedCreation,
  QueuedGoneCheck,
  QueuedLook,
  QueuedStop,
  QueuedTagging,
  QueuedTagsRead,
  QueuedTermination,
  QueuedWatch,
} from '../../functions/commons/provisioning';
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

/** A leaver's look at `user`'s WorkSpaces, before a cut unless told. */
export function look(
  user: string,
  purpose: QueuedLook['purpose'] = 'cut',
  queuedAt = t0 - minute,
): QueuedLook {
  return {
    kind: 'look',
    token: `token-look-${purpose}-${user}`,
    queuedAt,
    directoryId: testDirectoryId,
    userName: user,
    purpose,
  };
}

/** A leaver's stop of the n-th WorkSpace (`ws-leaver0001`...). */
export function stop(n: number, dryRun = false, token = `token-stop-${n}`): QueuedStop {
  return { kind: 'stop', token, queuedAt: t0 - minute + n, workspaceId: leaverWorkspace(n), dryRun };
}

/** The n-th leaver's WorkSpace id. */
export const leaverWorkspace = (n: number) => `ws-leaver${String(n).padStart(4, '0')}`;

/** A leaver's termination of WorkSpaces `ns`. */
export function termination(ns: number[], dryRun = false): QueuedTermination {
  return {
    kind: 'terminate',
    token: `token-terminate-${ns.join('-')}`,
    queuedAt: t0 - minute + ns[0],
    workspaceIds: ns.map(leaverWorkspace),
    dryRun,
    poll: { attempt: 0, elapsedSeconds: 0, waitSeconds: 60 },
  };
}

/** A check that WorkSpaces `ns` are gone, queued a minute before t0 with a deadline an hour later unless told. */
export function goneCheck(ns: number[], deadline = t0 + 60 * minute): QueuedGoneCheck {
  return {
    kind: 'gone',
    token: `token-gone-${ns.join('-')}`,
    queuedAt: t0 - minute,
    workspaceIds: ns.map(leaverWorkspace),
    lookAfter: t0 - minute,
    deadline,
    poll: { attempt: 0, elapsedSeconds: 0, waitSeconds: 60 },
  };
}

/** A leaver's read of the n-th WorkSpace's tags: with DescribeTags unless `fresh` is false. */
export function tagsRead(
  n: number,
  purpose: QueuedTagsRead['purpose'] = 'cut',
  fresh = true,
): QueuedTagsRead {
  return {
    kind: 'tags',
    token: `token-tags-${purpose}-${fresh ? '' : 'indexed-'}${n}`,
    queuedAt: t0 - minute + n,
    workspaceId: leaverWorkspace(n),
    purpose,
    fresh,
  };
}

/** A leaver's removal tags for the n-th WorkSpace. */
export function tagging(n: number, dryRun = false): QueuedTagging {
  return {
    kind: 'tag',
    token: `token-tag-${n}`,
    queuedAt: t0 - minute + n,
    workspaceId: leaverWorkspace(n),
    tags: { 'lifecycle-removal-event-id': 'evt-leave-1' },
    dryRun,
  };
}

/** A leaver's switch of the n-th WorkSpace from ALWAYS_ON to AUTO_STOP. */
export function autoStop(n: number, dryRun = false): QueuedAutoStop {
  return {
    kind: 'auto-stop',
    token: `token-auto-stop-${n}`,
    queuedAt: t0 - minute + n,
    workspaceId: leaverWorkspace(n),
    dryRun,
  };
}
