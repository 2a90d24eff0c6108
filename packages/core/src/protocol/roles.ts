import * as z from 'zod/mini';

/** Who a participant is in a visit. Decided by the portal's `authorize` hook, never by the client. */
export const RoleSchema = z.enum(['resident', 'visitor', 'attorney', 'monitor']);
export type Role = z.infer<typeof RoleSchema>;

/** Whether a role takes one of the visit's `maxVisitors` seats (see `visitorSeats`): a visitor or an attorney. */
export function isGuestRole(role: string | undefined): boolean {
  return role === 'visitor' || role === 'attorney';
}

/** Participant attributes the server sets in the token; clients cannot change them. */
export const ATTRIBUTE_ROLE = 'visitkit.role';
export const ATTRIBUTE_VISIT = 'visitkit.visit';
/**
 * Participant attribute with what a party's video is doing (`MediaVideoState`), set by the adapter's `media-state`
 * route on the party's own word; clients use it only to explain a missing picture on that party's tile.
 */
export const ATTRIBUTE_MEDIA = 'visitkit.media';

/** Data-channel topic for staff and server control messages. */
export const CONTROL_TOPIC = 'visitkit.control';
