import type { DirectoryMode } from '../../functions/commons/config';
import type { Random } from './random';

/** A directory the emulator knows: registered with WorkSpaces, and where its users come from. */
export interface DirectoryConfig {
  directoryId: string;
  registrationCode: string;
  /** `managed-ad`: users are created through Directory Service Data; `existing`: users are pre-seeded. */
  mode: DirectoryMode;
  /** SAM account names that already exist (enabled, long since replicated). */
  users?: string[];
  /** DNS name of the domain; `corp.example.com` unless given. */
  domainName?: string;
}

/** The directory's DNS domain name: `corp.example.com` unless it is configured. */
export function domainOf(config: DirectoryConfig | undefined): string {
  return config?.domainName ?? 'corp.example.com';
}

/** A directory user as the emulator stores it. A password is never stored: only that one was set. */
export interface DirectoryUser {
  directoryId: string;
  samAccountName: string;
  emailAddress?: string;
  givenName?: string;
  surname?: string;
  enabled: boolean;
  sid: string;
  distinguishedName: string;
  userPrincipalName: string;
  /** Simulated epoch ms; 0 for pre-seeded users. */
  createdAt: number;
  passwordSetCount: number;
  passwordLastSetAt?: number;
}

/** Attributes settable through Directory Service Data. */
export type UserAttributes = Pick<DirectoryUser, 'emailAddress' | 'givenName' | 'surname'>;

/** The users of every configured directory, shared by ds-data, ds and WorkSpaces. */
export class Directories {
  private readonly users = new Map<string, DirectoryUser>();
  private readonly domainSids = new Map<string, string>();
  private nextRid = 1104;
  readonly configs: readonly DirectoryConfig[];

  constructor(configs: readonly DirectoryConfig[], rng: Random) {
    this.configs = configs;
    for (const config of configs) {
      const part = () => String(1_000_000_000 + Math.floor(rng.next() * 3_000_000_000));
      this.domainSids.set(config.directoryId, `S-1-5-21-${part()}-${part()}-${part()}`);
      for (const sam of config.users ?? []) {
        this.add(config.directoryId, sam, {}, 0).enabled = true;
      }
    }
  }

  directory(directoryId: string): DirectoryConfig | undefined {
    return this.configs.find((c) => c.directoryId === directoryId);
  }

  /** Finds a user; SAM account names are case-insensitive in Active Directory. */
  find(directoryId: string, samAccountName: string): DirectoryUser | undefined {
    return this.users.get(key(directoryId, samAccountName));
  }

  /**
   * Creates a user. A new Active Directory user is disabled until a password is set
   * (userAccountControl default, https://learn.microsoft.com/en-us/windows/win32/ad/creating-a-user).
   */
  add(directoryId: string, samAccountName: string, attributes: UserAttributes, now: number): DirectoryUser {
    const domain = domainOf(this.directory(directoryId));
    const labels = domain.split('.');
    const user: DirectoryUser = {
      directoryId,
      samAccountName,
      ...attributes,
      enabled: false,
      sid: `${this.domainSids.get(directoryId) ?? 'S-1-5-21-0-0-0'}-${this.nextRid++}`,
      distinguishedName: `CN=${samAccountName},OU=Users,OU=${labels[0].toUpperCase()},${labels.map((l) => `DC=${l}`).join(',')}`,
      userPrincipalName: `${samAccountName}@${domain.toUpperCase()}`,
      createdAt: now,
      passwordSetCount: 0,
    };
    this.users.set(key(directoryId, samAccountName), user);
    return user;
  }

  remove(directoryId: string, samAccountName: string): void {
    this.users.delete(key(directoryId, samAccountName));
  }

  all(): DirectoryUser[] {
    return [...this.users.values()];
  }

  /** Whether WorkSpaces already sees the user: directory replication takes a while after creation. */
  visibleToWorkspaces(directoryId: string, samAccountName: string, now: number, lagSeconds: number): boolean {
    const user = this.find(directoryId, samAccountName);
    return user !== undefined && user.createdAt + lagSeconds * 1000 <= now;
  }
}

function key(directoryId: string, samAccountName: string): string {
  return `${directoryId}|${samAccountName.toLowerCase()}`;
}
