import { describe, expect, it } from "vitest";
import { ceilMs, formatMs, parseInstant } from "../../src/model/instant";

describe("parseInstant", () => {
  it("keeps sub-millisecond precision so instants compare exactly", () => {
    expect(parseInstant("2026-11-20T10:15:42Z")).toEqual({ ms: Date.UTC(2026, 10, 20, 10, 15, 42), subMsNanos: 0 });
    expect(parseInstant("2026-11-20T10:15:42.000001Z")).toEqual({ ms: Date.UTC(2026, 10, 20, 10, 15, 42), subMsNanos: 1000 });
    expect(parseInstant("2026-11-20T10:15:42.123456789Z")).toEqual({ ms: Date.UTC(2026, 10, 20, 10, 15, 42, 123), subMsNanos: 456789 });
  });

  it("reads offsets as the same instant", () => {
    expect(parseInstant("2026-11-20T11:15:42+01:00")!.ms).toBe(parseInstant("2026-11-20T10:15:42Z")!.ms);
    expect(parseInstant("2026-11-20T05:45:42-04:30")!.ms).toBe(parseInstant("2026-11-20T10:15:42Z")!.ms);
  });

  it("reads far past and far future years exactly", () => {
    expect(parseInstant("0001-01-01T00:00:00Z")!.ms).toBe(-62135596800000);
    expect(parseInstant("0099-12-31T23:59:59Z")!.ms).toBe(-59011459201000);
    expect(parseInstant("9999-12-31T23:59:59.999Z")!.ms).toBe(253402300799999);
  });

  it("rounds up to the next whole ms for inclusive filters", () => {
    expect(ceilMs(parseInstant("2026-11-20T10:15:42.000001Z")!)).toBe(Date.UTC(2026, 10, 20, 10, 15, 42, 1));
    expect(ceilMs(parseInstant("2026-11-20T10:15:42.5Z")!)).toBe(Date.UTC(2026, 10, 20, 10, 15, 42, 500));
  });

  it.each(["2026-11-20", "2026-11-20T10:15:42", "2026-02-30T10:00:00Z", "2026-11-20T24:00:00Z", "2026-11-20 10:15:42Z", "x", "2026-11-20T10:15:42.1234567890Z"])(
    "refuses %j",
    (text) => expect(parseInstant(text)).toBeUndefined(),
  );

  it("formats cursors in UTC with milliseconds", () => {
    expect(formatMs(Date.UTC(2026, 0, 2, 3, 4, 5, 6))).toBe("2026-01-02T03:04:05.006Z");
  });
});
