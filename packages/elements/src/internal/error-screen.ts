import type { VisitErrorCode } from '@visitkit/core';
import type { MessageKey } from '../i18n/catalog.js';

/** What an error screen says and offers. */
export interface ErrorScreen {
  heading: MessageKey;
  body: MessageKey;
  /** Browser-specific help for unblocking the camera and microphone. */
  help?: MessageKey;
  /** Whether "Try again" makes sense (otherwise only "Start over"). */
  retry: boolean;
}

/** Which browser's instructions to show for allowing the camera and microphone. */
export function permissionHelp(userAgent: string): MessageKey {
  if (/Firefox\//.test(userAgent)) return 'error.permission.firefox';
  if (/Edg\/|Chrome\/|Chromium\//.test(userAgent)) return 'error.permission.chrome';
  if (/Safari\//.test(userAgent)) return 'error.permission.safari';
  return 'error.permission.other';
}

/** The error screen for a failure code, or for a widget that is not configured correctly (`config`). */
export function errorScreen(code: VisitErrorCode | 'config' | undefined, userAgent = navigator.userAgent): ErrorScreen {
  switch (code) {
    case 'config':
      return { heading: 'error.config.heading', body: 'error.config.body', retry: false };
    case 'permission-denied':
      return {
        heading: 'error.permission.heading',
        body: 'error.permission.body',
        help: permissionHelp(userAgent),
        retry: true,
      };
    case 'device-not-found':
      return { heading: 'error.noDevices.heading', body: 'error.noDevices.body', retry: true };
    case 'device-in-use':
    case 'device-failed':
      return { heading: 'error.deviceInUse.heading', body: 'error.deviceInUse.body', retry: true };
    case 'not-open-yet':
      return { heading: 'error.notOpenYet.heading', body: 'error.notOpenYet.body', retry: true };
    case 'visit-ended':
    case 'visit-terminated':
      return { heading: 'error.visitOver.heading', body: 'error.visitOver.body', retry: false };
    case 'unauthenticated':
    case 'forbidden':
    case 'privileged-visit':
    case 'not-found':
      return { heading: 'error.notAllowed.heading', body: 'error.notAllowed.body', retry: false };
    case 'visit-full':
      return { heading: 'error.full.heading', body: 'error.full.body', retry: true };
    // On `consent-outdated` `<vk-visit>` goes back to the rules by itself (saying why); this screen shows only
    // if the camera cannot restart.
    case 'consent-required':
    case 'consent-outdated':
      return { heading: 'error.consent.heading', body: 'error.consent.body', retry: true };
    case 'e2ee-unsupported':
      return { heading: 'error.e2eeUnsupported.heading', body: 'error.e2eeUnsupported.body', retry: false };
    case 'rate-limited':
      return { heading: 'error.rateLimited.heading', body: 'error.rateLimited.body', retry: true };
    // The server answered (a token came back) but the visit's media connection could not be set up in time.
    case 'connection-failed':
      return { heading: 'error.connectFailed.heading', body: 'error.connectFailed.body', retry: true };
    case 'server-unreachable':
    case 'invalid-response':
      return { heading: 'error.unreachable.heading', body: 'error.unreachable.body', retry: true };
    case 'bad-request':
    case 'invalid-state':
    case 'aborted':
    case undefined:
      return { heading: 'error.generic.heading', body: 'error.generic.body', retry: true };
    default: {
      const unreachable: never = code;
      return errorScreen(unreachable);
    }
  }
}
