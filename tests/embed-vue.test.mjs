// End to end: examples/vue (Vue 3 + Vite), installed and built with its own toolchain like a portal developer's
// app, embeds <vk-visit> on the sample portal's origin and goes through a visit with the kiosk on the other side
// (real LiveKit, real Chromium). The scenario: tests/support/examples.mjs.
import { embedScenario } from './support/examples.mjs';

embedScenario('vue');
