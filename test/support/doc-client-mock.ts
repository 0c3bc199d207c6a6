import type { DocClient, DocCommand } from '../../packages/dynamodb-store/src/doc-client.js';

/**
 * A DocClient for unit tests that answers per command class, in the words of aws-sdk-client-mock
 * (`on(PutCommand).resolves(…)`, `commandCalls(PutCommand)`), which the stores' tests used
 * while the stores spoke through the SDK. Faults of the HTTP exchange itself are tested on the
 * real client (dynamo-http-client.test.ts).
 */
type CommandClass = abstract new (input: never) => DocCommand<unknown, unknown>;
type InputOf<C extends CommandClass> = InstanceType<C>['input'];
type Answer = (input: never) => unknown;

interface Behaviour<C extends CommandClass> {
  resolves(output: unknown): void;
  rejects(error: unknown): void;
  callsFake(fake: (input: InputOf<C>) => unknown): void;
  resolvesOnce(output: unknown): Behaviour<C>;
}

export interface DocClientMock extends DocClient {
  on<C extends CommandClass>(command: C): Behaviour<C>;
  commandCalls<C extends CommandClass>(command: C): { args: [InstanceType<C>] }[];
  calls(): { args: [DocCommand<unknown, unknown>] }[];
  reset(): void;
  resetHistory(): void;
}

export function mockDocClient(): DocClientMock {
  let answers = new Map<CommandClass, { once: Answer[]; always?: Answer }>();
  let sent: DocCommand<unknown, unknown>[] = [];
  const mock: DocClientMock = {
    async send<Output>(command: DocCommand<unknown, Output>): Promise<Output> {
      sent.push(command);
      const answer = answers.get(command.constructor as CommandClass);
      const next = answer?.once.shift() ?? answer?.always;
      return (next ? await next(command.input as never) : {}) as Output;
    },
    on(command) {
      const entry = answers.get(command) ?? { once: [] };
      answers.set(command, entry);
      const chain = {
        resolves: (output: unknown) => void (entry.always = () => output),
        rejects: (error: unknown) =>
          void (entry.always = () => {
            throw error;
          }),
        callsFake: (fake: (input: never) => unknown) => void (entry.always = fake),
        resolvesOnce: (output: unknown) => {
          entry.once.push(() => output);
          return chain;
        },
      };
      return chain;
    },
    commandCalls: <C extends CommandClass>(command: C) =>
      sent
        .filter((candidate) => candidate instanceof command)
        .map((candidate) => ({ args: [candidate as InstanceType<C>] as [InstanceType<C>] })),
    calls: () => sent.map((candidate) => ({ args: [candidate] as [DocCommand<unknown, unknown>] })),
    reset: () => {
      answers = new Map();
      sent = [];
    },
    resetHistory: () => {
      sent = [];
    },
  };
  return mock;
}
