/**
 * Where a person goes once signed in: the address a mailed link asked for (?next=, which the server sets when it sends
 * a signed-out browser to sign in), else, just signed in, their role's own page (a crew's upload page, the planner's
 * page, the map), and later any page their role may use. The server checks every request again: this only saves a
 * person a page that would refuse them.
 */
export type PageName = "map" | "planner" | "upload";

/** relative, like the pages' own links: the site may sit under a path of a reverse proxy */
const PAGE_ADDRESSES: Record<PageName, string> = { map: "./", planner: "planner", upload: "upload" };

const PAGE_ROLES: Record<PageName, readonly string[]> = {
  map: ["foreman", "planner", "admin"],
  planner: ["planner", "foreman", "admin"],
  upload: ["crew", "admin"],
};

const HOME_PAGES: Record<string, PageName> = { crew: "upload", foreman: "map", planner: "planner", admin: "map" };

export interface Arrival {
  /** the page the person is on */
  page: PageName;
  role: string;
  /** signed in with this page's form just now, rather than arriving with a session */
  justSignedIn: boolean;
  /** the page's ?next= parameter */
  next: string | null;
}

/** The address to go on to; null: stay on this page. */
export function landingAddress({ page, role, justSignedIn, next }: Arrival): string | null {
  if (next !== null && isOwnAddress(next)) return next;
  const home = HOME_PAGES[role] ?? "map";
  const goHome = home !== page && (justSignedIn || !PAGE_ROLES[page].includes(role));
  return goHome ? PAGE_ADDRESSES[home] : null;
}

/** A path of this site, never another site's (//evil.example, /\evil.example): no open redirect. */
function isOwnAddress(address: string): boolean {
  return address.startsWith("/") && !address.startsWith("//") && !address.startsWith("/\\");
}
