/**
 * Who may do what. A principal is whoever made a request: a signed-in person with one role, or a phone or dashcam
 * holding a device token, which may upload footage and nothing else.
 */
export const ROLES = ["crew", "foreman", "planner", "admin"] as const;
export type Role = (typeof ROLES)[number];

export type Principal =
  | { kind: "user"; userId: number; username: string; role: Role; teamId: number | null }
  | { kind: "device"; deviceId: number; deviceName: string; teamId: number | null };
