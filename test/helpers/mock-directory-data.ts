import { isDeepStrictEqual } from 'node:util';
import { DirectoryServiceDataClient } from '../../functions/commons/directory-service-data';

/**
 * A typed mock of our hand-written Directory Service Data client, so tests need no casts:
 * aws-sdk-client-mock types its stubs to smithy clients, which this client is not.
 *
 * `on(CreateUserCommand).resolves(...)` takes the command's own output type, `callsFake` gets
 * its input type, `calls(CreateUserCommand)` lists the inputs sent, and `send` is a jest.fn
 * that records every command for jest's own matchers. A command with no answer set resolves
 * undefined, as with aws-sdk-client-mock.
 */

/** A Directory Service Data command class: its instances carry the typed input and output. */
export type DsDataCommandClass = new (
  input: never,
) => {
  readonly input: { DirectoryId: string };
  readonly output: unknown;
  readonly path: string;
};
/** The input of a command class. */
export type InputOf<C extends DsDataCommandClass> = InstanceType<C>['input'];
/** The output of a command class. */
export type OutputOf<C extends DsDataCommandClass> = InstanceType<C>['output'];
/** A command as the client was sent it. */
export type SentCommand = InstanceType<DsDataCommandClass>;

/** How one command (or one command with a matching input) is answered. */
export interface CommandStub<I, O> {
  /** Answers with `output`. */
  resolves(output: O): CommandStub<I, O>;
  /** Fails with `error`, as the client throws the service's answer or a network failure. */
  rejects(error: Error): CommandStub<I, O>;
  /** Answers with what `fake` returns for the input; what it throws is the failure. */
  callsFake(fake: (input: I) => O | Promise<O>): CommandStub<I, O>;
}

/** The mock: how commands are answered, and what was sent. */
export interface DirectoryDataMock {
  /** Called with every command sent, in order. */
  readonly send: jest.Mock<void, [SentCommand]>;
  /** Sets the answer to `command`; with `input`, only to commands whose input has those values. */
  on<C extends DsDataCommandClass>(
    command: C,
    input?: Partial<InputOf<C>>,
  ): CommandStub<InputOf<C>, OutputOf<C>>;
  /** The inputs of the `command`s sent, in order. */
  calls<C extends DsDataCommandClass>(command: C): InputOf<C>[];
  /** Forgets every answer set and every command sent. */
  reset(): void;
  /** Puts the real `send` back. */
  restore(): void;
}

// Methods, not function properties: checked bivariantly, so a rule holds any command's fake.
interface Rule {
  command: DsDataCommandClass;
  input?: object;
  answer(input: object): unknown;
}

const matches = (rule: Rule, command: SentCommand) =>
  command instanceof rule.command &&
  Object.entries(rule.input ?? {}).every(([key, value]) =>
    isDeepStrictEqual(Reflect.get(command.input, key), value),
  );

/**
 * Mocks `send` of every instance of `client`: the test's own class by default, or the class of
 * an isolated module registry (`jest.isolateModulesAsync`) to mock that copy instead.
 */
export function mockDirectoryData(
  client: typeof DirectoryServiceDataClient = DirectoryServiceDataClient,
): DirectoryDataMock {
  const original = Object.getOwnPropertyDescriptor(client.prototype, 'send');
  const send = jest.fn<void, [SentCommand]>();
  let rules: Rule[] = [];

  // As sinon (under aws-sdk-client-mock) does: an answer for a given input wins over the
  // command's general answer, and of two answers for the same, the later.
  const answerFor = (command: SentCommand) => {
    const candidates = rules.filter((rule) => matches(rule, command)).reverse();
    return candidates.find((rule) => rule.input) ?? candidates[0];
  };
  // A plain function, not a jest spy: jest.restoreAllMocks in a test's afterEach must not
  // put the real client back under the next test.
  Object.defineProperty(client.prototype, 'send', {
    configurable: true,
    writable: true,
    value: async (command: SentCommand) => {
      send(command);
      return answerFor(command)?.answer(command.input);
    },
  });

  function on<C extends DsDataCommandClass>(command: C, input?: Partial<InputOf<C>>) {
    const answerWith = (answer: (input: InputOf<C>) => unknown) => {
      rules = rules.filter((r) => !(r.command === command && isDeepStrictEqual(r.input, input)));
      rules.push({ command, input, answer });
    };
    const stub: CommandStub<InputOf<C>, OutputOf<C>> = {
      resolves: (output) => {
        answerWith(() => output);
        return stub;
      },
      rejects: (error) => {
        answerWith(() => Promise.reject(error));
        return stub;
      },
      callsFake: (fake) => {
        answerWith(fake);
        return stub;
      },
    };
    return stub;
  }

  return {
    send,
    on,
    calls: <C extends DsDataCommandClass>(command: C): InputOf<C>[] =>
      send.mock.calls.flatMap(([sent]) => (sent instanceof command ? [sent.input] : [])),
    reset: () => {
      rules = [];
      send.mockClear();
    },
    restore: () => {
      if (original) Object.defineProperty(client.prototype, 'send', original);
    },
  };
}
