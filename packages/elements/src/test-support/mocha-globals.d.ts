// The mocha globals the browser suite provides (@web/test-runner-mocha); no @types/mocha is installed.
type MochaDone = (error?: unknown) => void;
type MochaFn = (this: { timeout(ms: number): void }, done: MochaDone) => void | Promise<unknown>;
type MochaSuite = { timeout(ms: number): void };
declare function describe(title: string, fn: (this: MochaSuite) => void): void;
declare function it(title: string, fn: MochaFn): void;
declare function before(fn: MochaFn): void;
declare function after(fn: MochaFn): void;
declare function beforeEach(fn: MochaFn): void;
declare function afterEach(fn: MochaFn): void;
