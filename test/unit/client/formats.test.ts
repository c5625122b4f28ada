import { describe, expect, it } from "vitest";
import { bytesIn, dayIn, kilometersIn, percentIn } from "../../../web/client/src/formats.js";

/** Intl separates numbers from units with a no-break space in Danish; the tests write it as a plain one. */
function plain(text: string): string {
  return text.replace(/\u00a0/g, " ");
}

describe("the planner's number and date formats", () => {
  it("write kilometres with one decimal always", () => {
    expect(plain(kilometersIn("da-DK", 1234.56))).toBe("1.234,6 km");
    expect(plain(kilometersIn("da-DK", 0))).toBe("0,0 km");
    expect(kilometersIn("en-GB", 1234.56)).toBe("1,234.6 km");
  });

  it("write percentages given as 0–100 as whole percent", () => {
    expect(plain(percentIn("da-DK", 87.4))).toBe("87 %");
    expect(percentIn("en-GB", 87.6)).toBe("88%");
    expect(percentIn("en-GB", 100)).toBe("100%");
  });

  it("write sizes in decimal units", () => {
    expect(bytesIn("en-GB", 0)).toBe("0 byte");
    expect(bytesIn("en-GB", 999)).toBe("999 byte");
    expect(bytesIn("en-GB", 1_500)).toBe("1.5 kB");
    expect(bytesIn("en-GB", 2_345_678_901)).toBe("2.3 GB");
    expect(plain(bytesIn("da-DK", 123_400_000))).toBe("123,4 MB");
  });

  it("write a date alone as that day, a timestamp as its day, and anything else as it is", () => {
    expect(dayIn("da-DK", "2025-05-05")).toBe("5. maj 2025");
    expect(dayIn("en-GB", "2025-05-05")).toBe("5 May 2025");
    expect(dayIn("en-GB", "2025-05-05T12:00:00Z")).toBe("5 May 2025");
    expect(dayIn("en-GB", "soon")).toBe("soon");
  });
});
