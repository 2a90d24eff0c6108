// bench/size: what an app that only uses VisitClient (not StaffApi) pulls from @visitkit/core.
export { VisitClient } from '../../packages/core/dist/index.js';
