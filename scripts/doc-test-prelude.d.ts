// What the docs' examples take from the reader's own portal, declared for the doc tests
// (scripts/doc-tests.test.mjs). Names here are the ones the docs use for "your code".
export {};

declare global {
  /** The reader's portal: who is calling, for which visit. */
  const portal: {
    caller(request: Request, visitId: string): Promise<import('@visitkit/server-adapter').AuthorizedCaller | null>;
    audit(event: unknown): Promise<void>;
  };
  const audit: { write(event: unknown): Promise<void> };
  const sessions: {
    fromRequest(request: Request): Promise<
      | {
          id: string;
          displayName: string;
          role: 'resident' | 'visitor' | 'attorney' | 'monitor';
          isSupervisor?: boolean;
        }
      | undefined
    >;
  };
  const schedule: {
    visitFor(user: { id: string }, visitId: string): Promise<import('@visitkit/core/protocol').VisitInput | undefined>;
  };
  /** A UI the reader renders. */
  function render(state: string): void;
  function renderTiles(people: readonly unknown[]): void;
  function renderTimer(timeLeftMs: number): void;
  function toast(text: string): void;
  function showUnmuteButton(show: boolean): void;
  function showEnd(reason: string, message?: string): void;
  function askForConsent(): void;
  const previewVideo: HTMLVideoElement;
  const consent: { accepted_at: string; text_sha256?: string } | undefined;
  /** The runtimes' own globals, as much of them as the docs use. */
  const Deno: {
    serve(handler: (request: Request) => Promise<Response>): void;
    serve(options: { port?: number; hostname?: string }, handler: (request: Request) => Promise<Response>): void;
  };
  const Bun: {
    serve(options: { port?: number; hostname?: string; fetch: (request: Request) => Promise<Response> }): void;
  };
  const express: typeof import('express');
}
