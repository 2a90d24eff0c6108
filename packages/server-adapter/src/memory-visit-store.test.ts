import { MemoryVisitStore } from './memory-visit-store.js';
import { visitStoreConformance } from './test-support/store-conformance.js';

visitStoreConformance('MemoryVisitStore', async () => {
  // Two "instances" of a memory store can only share data by being the same object.
  const store = new MemoryVisitStore();
  return { first: store, second: store, close: async () => {} };
});
