import { exponentOf } from "../model/money";
import type { EntryKind, SandboxAccount, SandboxBeneficiary, SandboxEntry, SandboxParty } from "./bank";
import { randomIban, sandboxBic, SANDBOX_COUNTRIES } from "./iban";
import { Random } from "./random";

/**
 * A day of realistic activity on a test account, the same for the same account, seed and day:
 * customer payments and salary coming in with references and end-to-end ids, suppliers and rent
 * going out (to the account's beneficiaries, so Formance can pay them), card payments every day,
 * a monthly fee. Weekends only see card payments.
 */

const CUSTOMERS = ["Globex SA", "Initech GmbH", "Umbrella BV", "Stark Industries Ltd", "Wayne Enterprises", "Hooli SAS", "Soylent AG", "Vandelay Imports"];
const SUPPLIERS = ["Office Supplies Direct", "Cloud Hosting GmbH", "Lieferant AG", "Print and Paper BV", "Logistik Nord GmbH"];
const MERCHANTS = ["COFFEE ROASTERS", "TRAIN TICKETS", "OFFICE MARKET", "TAXI CENTRAL", "LUNCH BAR", "BOOKSHOP"];
const EMPLOYER = "Payroll Services Ltd";
const LANDLORD = "Immobilien Schmidt GmbH";

/** An entry before the bank gives it its reference. */
export type Activity = Omit<SandboxEntry, "id">;

/** The counterparties of an account's bank world, made from its seed: their IBANs never change. */
function world(account: SandboxAccount): { customers: SandboxParty[]; suppliers: SandboxParty[]; employer: SandboxParty; landlord: SandboxParty } {
  const random = new Random(`${account.seed}:counterparties`);
  const party = (name: string): SandboxParty => {
    const country = random.pick(SANDBOX_COUNTRIES);
    return { name, iban: randomIban(country, random), bic: sandboxBic(country) };
  };
  return {
    customers: CUSTOMERS.map(party),
    suppliers: SUPPLIERS.map(party),
    employer: party(EMPLOYER),
    landlord: party(LANDLORD),
  };
}

/** The activity of `day` on the account; `beneficiaries` are paid among the suppliers, each at least on `mustPay` days. */
export function dayActivity(account: SandboxAccount, day: string, beneficiaries: readonly SandboxBeneficiary[], mustPay: readonly SandboxBeneficiary[]): Activity[] {
  const random = new Random(`${account.seed}:${day}`);
  const { customers, suppliers, employer, landlord } = world(account);
  const payees: SandboxParty[] = [...suppliers, ...beneficiaries.map(({ name, iban, bic }) => ({ name, iban, bic }))];
  const scale = 10n ** BigInt(exponentOf(account.currency));
  const money = (from: number, to: number, cents = true) => BigInt(random.int(from, to)) * scale + (cents && scale > 1n ? BigInt(random.int(0, Number(scale) - 1)) : 0n);
  const [year, month, date] = day.split("-").map(Number) as [number, number, number];
  const weekday = new Date(Date.UTC(year, month - 1, date)).getUTCDay();
  const working = weekday !== 0 && weekday !== 6;
  const month2 = `${year}${String(month).padStart(2, "0")}`;
  const out: Activity[] = [];
  const add = (kind: EntryKind, amount: bigint, description: string, counterparty?: SandboxParty, endToEndId?: string) =>
    out.push({ kind, day, valueDate: day, amount: amount.toString(), status: "booked", description, counterparty, endToEndId });
  const e2e = () => `E2E-${month2}-${random.chars(8, "ABCDEFGHJKLMNPQRSTUVWXYZ0123456789")}`;

  if (date === 1) add("rent", -money(1800, 2400, false), `Rent ${month2} office`, landlord, e2e());
  if (working) {
    for (let i = random.int(0, 3); i > 0; i--) {
      const invoice = `INV-${year}-${random.chars(4)}`;
      add("customer-payment", money(80, 6000), `Invoice ${invoice}`, random.pick(customers), e2e());
    }
    if (random.chance(0.35)) add("supplier", -money(40, 2500), `Order ${random.chars(6)}`, random.pick(payees), e2e());
  }
  for (const beneficiary of mustPay) add("supplier", -money(40, 900), `Order ${random.chars(6)}`, { ...beneficiary }, e2e());
  if (date === 25) add("salary", money(3000, 4500), `Salary ${month2}`, employer, e2e());
  for (let i = random.int(0, 2); i > 0; i--) {
    const merchant = random.pick(MERCHANTS);
    // The card network's reference, which a reversal of the payment carries too.
    const card = random.chars(4);
    add("card", -money(3, 120), `CARD ${card} ${merchant}`, { name: merchant }, `CARD-${day.replaceAll("-", "")}-${card}`);
  }
  if (isLastOfMonth(year, month, date)) add("fee", -money(5, 15), `Account maintenance fee ${month2}`);
  return out;
}

function isLastOfMonth(year: number, month: number, date: number): boolean {
  return new Date(Date.UTC(year, month, 0)).getUTCDate() === date;
}
