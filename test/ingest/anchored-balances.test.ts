import { beforeEach, describe, expect, it } from "vitest";
import { AdminAccountSchema } from "../../src/model/admin";
import { BalancesSchema } from "../../src/model/contract";
import { FormanceClient } from "../support/formance-client";
import { admin, ADMIN_KEY, getJson, ingest, putInbox, putProfile, resetBucket } from "../support/worker";

beforeEach(resetBucket);

const balances = async (id: string) => BalancesSchema.parse(await getJson(`/accounts/${id}/balances`));
const adminAccount = async (id: string) => {
  const accounts = AdminAccountSchema.array().parse(await getJson("/admin/accounts", ADMIN_KEY));
  return accounts.find((a) => a.id === id)!;
};

const NO_BALANCE = "Date,Description,Amount,Currency\n2026-10-01,Salary,2500.00,EUR\n2026-10-02,Rent,-900.00,EUR\n";

/** A statement of 0417164300: 820.10 on 1 May, a debit and a credit, 3274.90 on 3 May. */
const MT940 = [
  ":20:0524-EXPORT", ":25:0417164300", ":28C:5", ":60F:C240501EUR820,10",
  ":61:2405020502D45,20NMSC", ":86:CARD PAYMENT", ":61:2405030503C2500,NMSCNONREF", ":86:SALARY", ":62F:C240503EUR3274,90",
].join("\r\n");

describe("balances Formance can rely on", () => {
  it("are none for an account whose files state no balance, and the admin API says why and how to give it one", async () => {
    await putInbox("main", "october.csv", NO_BALANCE);
    await ingest();
    const served = await balances("main");
    expect(served.balances).toEqual([]);
    // The as-of time stays put between polls: the last booking day.
    expect(served.at).toBe("2026-10-02T00:00:00.000Z");
    const account = await adminAccount("main");
    expect(account.balances).toEqual([]);
    expect(account.withoutBalance).toEqual([{ currency: "EUR", reason: expect.stringMatching(/openingBalance.*PUT \/admin\/profiles\/main/) }]);
    const formance = new FormanceClient();
    await formance.sync();
    // Formance takes the answer, and holds no balance for it.
    expect(formance.failures).toEqual([]);
    expect(formance.balances.get("main")?.balances).toEqual([]);
  });

  it("are the profile's opening balance plus the entries booked after its day, set before or after the files", async () => {
    await putInbox("main", "october.csv", NO_BALANCE);
    await ingest();
    // Set afterwards: the balance follows at once, without another file.
    await putProfile("main", { openingBalance: { amount: "100.00", date: "2026-09-30" } });
    expect((await balances("main")).balances).toEqual([{ amount: "170000", currency: "EUR/2" }]);
    const account = await adminAccount("main");
    expect(account.balances[0]).toMatchObject({ origin: "computed", date: "2026-10-02", anchor: { kind: "profile", date: "2026-09-30", decimal: "100.00" } });
    // At the end of its day: the entries of that day are in it already.
    await putProfile("main", { openingBalance: { amount: "100.00", date: "2026-10-01" } });
    expect((await balances("main")).balances).toEqual([{ amount: "-80000", currency: "EUR/2" }]);
    expect(account.withoutBalance).toBeUndefined();
    // Taken back: no anchor, no balance.
    expect((await admin("/admin/profiles/main", { method: "DELETE" })).status).toBe(204);
    expect((await balances("main")).balances).toEqual([]);
  });

  it("refuses an opening balance with more decimals than the currency has", async () => {
    await putInbox("tokyo", "yen.csv", "Date,Description,Amount,Currency\n2026-10-01,Fee,-800,JPY\n");
    await ingest();
    const response = await admin("/admin/profiles/tokyo", { method: "PUT", body: JSON.stringify({ openingBalance: { amount: "10.50", date: "2026-09-30" } }) });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { Detail: string }).Detail).toMatch(/openingBalance: amount "10.50" has more decimals than JPY allows/);
    expect((await admin("/admin/profiles/tokyo")).status).toBe(404);
  });

  it("are the bank's own when stated, with the file and line they come from", async () => {
    await putInbox("ing", "may.sta", MT940);
    await ingest();
    expect((await balances("0417164300")).balances).toEqual([{ amount: "327490", currency: "EUR/2" }]);
    const account = await adminAccount("0417164300");
    expect(account.balances[0]).toMatchObject({
      origin: "stated", date: "2024-05-03", file: "inbox/ing/may.sta", anchor: { kind: "closing", date: "2024-05-03", file: "inbox/ing/may.sta", line: 1 },
    });
  });

  it("are computed from the latest stated balance with only the entries booked after its day, however files overlap", async () => {
    await putInbox("ing", "may.sta", MT940);
    await ingest();
    // An online-banking export of the same account overlapping the statement: 3 May again, then 4 May.
    await putProfile("ing-csv", { account: { id: "0417164300" } });
    await putInbox("ing-csv", "export.csv", "Date,Description,Amount,Currency\n2024-05-03,SALARY,2500.00,EUR\n2024-05-04,Coffee,-3.90,EUR\n");
    await ingest();
    expect((await balances("0417164300")).balances).toEqual([{ amount: "327100", currency: "EUR/2" }]);
    expect((await adminAccount("0417164300")).balances[0]).toMatchObject({ origin: "computed", date: "2024-05-04", anchor: { kind: "closing", date: "2024-05-03" } });
  });

  it("take a running-balance column as stated", async () => {
    await putInbox("main", "october.csv", "Date,Description,Amount,Currency,Balance\n2026-10-01,Salary,2500.00,EUR,2600.00\n2026-10-02,Rent,-900.00,EUR,1700.00\n");
    await ingest();
    expect((await balances("main")).balances).toEqual([{ amount: "170000", currency: "EUR/2" }]);
    expect((await adminAccount("main")).balances[0]).toMatchObject({ origin: "stated", anchor: { kind: "closing", date: "2026-10-02" } });
  });
});
