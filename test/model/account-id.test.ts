import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { accountIdOf, accountIdProblem, MAX_ACCOUNT_ID_LENGTH } from "../../src/model/account-id";
import { runs } from "../property/support";

/**
 * What Formance's connector does with an account id (CONNECTOR.md): it writes it into the
 * balances path as it is, and the URL is parsed as any HTTP client and Cloudflare parse it.
 * The service reads the id back as everything between `/accounts/` and the last `/balances`.
 */
function throughUnescapedPath(id: string): string | undefined {
  const url = new URL(`https://connector.example/accounts/${id}/balances`);
  const match = /^\/accounts\/(.+)\/balances$/.exec(url.pathname);
  return match ? decodeURIComponent(match[1]!) : undefined;
}

describe("the account id normal form", () => {
  it.each([
    // Every kind of account number the formats read.
    ["an IBAN written in groups", "de89 3704 0044 0532 0130 00", "DE89370400440532013000"],
    ["MT940 BLZ/account", "50010517/5319125489", "50010517/5319125489"],
    ["MT940 BIC/account", "DABADKKK/1111-11-11111", "DABADKKK/1111-11-11111"],
    ["MT940 bank name/account", "TRIODOSBANK/0666666666", "TRIODOSBANK/0666666666"],
    ["Rabobank dotted account", "1291.99.348", "1291.99.348"],
    ["BAI2 account number", "0975312468", "0975312468"],
    ["camt Othr/Id in groups", " 123 456 789 ", "123456789"],
    ["a CSV source folder", "acme-main", "acme-main"],
    ["a query mark", "ACC?1", "ACC~3F1"],
    ["a hash", "ACC#1", "ACC~231"],
    ["a percent sign", "100%/2", "100~25/2"],
    ["a backslash", "BANK\\0001", "BANK~5C0001"],
    ["a leading slash", "/0001", "~2F0001"],
    ["a trailing slash", "0001/", "0001~2F"],
    ["a doubled slash", "BANK//0001", "BANK/~2F0001"],
    ["a dot segment", "BANK/../0001", "BANK/~2E~2E/0001"],
    ["a single dot segment", "./0001", "~2E/0001"],
    ["a control character", "00\u000001\u0007", "0001"],
    ["invisible formatting", "\u202e0001\u200b", "0001"],
    ["non-ASCII letters", "Konto Müller/Nr 7", "KontoMüller/Nr7"],
  ])("%s", (_kind, written, served) => {
    expect(accountIdOf(written)).toBe(served);
    expect(throughUnescapedPath(served)).toBe(served);
  });

  it("reaches the balances route whole through an unescaped path, and is its own normal form", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", minLength: 1, maxLength: 40 }), (written) => {
        const id = accountIdOf(written);
        expect(accountIdOf(id)).toBe(id);
        if (id !== "") expect(throughUnescapedPath(id)).toBe(id);
      }),
      runs(2000),
    );
  });

  it("from characters that URLs treat specially, still reaches the route whole", () => {
    const special = fc.constantFrom("/", ".", "?", "#", "%", "\\", " ", "~", "2", "F", "a", "\t", "\u0000", "é", "😀");
    fc.assert(
      fc.property(fc.array(special, { minLength: 1, maxLength: 12 }), (chars) => {
        const id = accountIdOf(chars.join(""));
        expect(accountIdOf(id)).toBe(id);
        if (id !== "") expect(throughUnescapedPath(id)).toBe(id);
      }),
      runs(2000),
    );
  });

  it("an id no bank writes is refused with its length, an empty one as empty", () => {
    expect(accountIdProblem("1".repeat(MAX_ACCOUNT_ID_LENGTH))).toBeUndefined();
    expect(accountIdProblem("1".repeat(1100))).toMatch(/^the account identification "1{40}…" is 1100 characters; an account number has at most 128$/);
    expect(accountIdProblem(accountIdOf(" \u0000 "))).toBe("the account identification is empty");
  });
});
