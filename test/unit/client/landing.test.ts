import { describe, expect, it } from "vitest";
import { landingAddress } from "../../../web/client/src/landing.js";

describe("landingAddress", () => {
  it("sends each role home from the sign-in form: crews to the upload page, planners to theirs, foremen and admins to the map", () => {
    const justSignedIn = (role: string, page: "map" | "planner" | "upload" = "map") => landingAddress({ page, role, justSignedIn: true, next: null });
    expect(justSignedIn("crew")).toBe("upload");
    expect(justSignedIn("planner")).toBe("planner");
    expect(justSignedIn("foreman")).toBeNull();
    expect(justSignedIn("admin")).toBeNull();
    expect(justSignedIn("foreman", "upload")).toBe("./");
    expect(justSignedIn("crew", "upload")).toBeNull();
  });

  it("lets a signed-in person stay on any page of their role, and moves them off the others", () => {
    const arriving = (role: string, page: "map" | "planner" | "upload") => landingAddress({ page, role, justSignedIn: false, next: null });
    expect(arriving("planner", "map")).toBeNull();
    expect(arriving("foreman", "planner")).toBeNull();
    expect(arriving("crew", "map")).toBe("upload");
    expect(arriving("crew", "planner")).toBe("upload");
    expect(arriving("planner", "upload")).toBe("planner");
  });

  it("follows ?next= to an address of this site only", () => {
    const withNext = (next: string) => landingAddress({ page: "map", role: "crew", justSignedIn: true, next });
    expect(withNext("/work-orders/4/print")).toBe("/work-orders/4/print");
    expect(withNext("//evil.example/x")).toBe("upload");
    expect(withNext("/\\evil.example")).toBe("upload");
    expect(withNext("https://evil.example")).toBe("upload");
  });
});
