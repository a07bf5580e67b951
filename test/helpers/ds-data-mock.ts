import type { MetadataBearer } from '@aws-sdk/types';
import { type AwsStub, mockClient } from 'aws-sdk-client-mock';
import { DirectoryServiceDataClient } from '../../functions/commons/directory-service-data';

/**
 * aws-sdk-client-mock stubs any client whose `send` takes commands carrying an `input`; our
 * hand-written Directory Service Data client is not typed as a smithy Client, so the one cast
 * lives here. Match commands with `.on(CreateUserCommand as never)`. Pass the client class of
 * an isolated module registry to stub that copy instead.
 */
export function mockDsData(
  client: typeof DirectoryServiceDataClient = DirectoryServiceDataClient,
): AwsStub<object, MetadataBearer, unknown> {
  return mockClient(client as never) as unknown as AwsStub<object, MetadataBearer, unknown>;
}
