import { VisitClient } from '@visitkit/core';
import type { VisitClientFactory } from '../visit-client-like.js';

/** Creates a real `VisitClient` from `@visitkit/core`. */
export const defaultClientFactory: VisitClientFactory = (init) => new VisitClient(init);
