import type { ProfileColumns } from "../../model/profile";

export type Field = keyof ProfileColumns;
export type SingleField = Exclude<Field, "description">;

/**
 * Header names banks use for each column, most specific first: when several columns of a file
 * match a field, the one matching the earlier name wins (Knab has both "Transactiedatum" and
 * "Boekdatum"; the booking date is "Boekdatum"). Names are compared case-, accent- and
 * punctuation-insensitively, and "Betrag (EUR)" or "Omschrijving-2" match "Betrag" and
 * "Omschrijving". Every column matching a description name is part of the description.
 * The order of the fields is the order in which they claim columns.
 */
export const SYNONYMS: ReadonlyArray<readonly [Field, readonly string[]]> = [
  [
    "bookingDate",
    [
      "Booking Date", "Buchungstag", "Buchungsdatum", "Boekdatum", "Boekingsdatum",
      "Date de comptabilisation", "Fecha contable", "Posting Date", "Posted Date", "Date Processed",
      "Datum verrekening", "Transaction Date", "Transactiedatum", "Datum verrichting",
      "Date d'opération", "Date de l'opération", "Date operation", "Fecha operación", "Fecha",
      "Datum", "Date", "Created",
    ],
  ],
  [
    "valueDate",
    [
      "Value Date", "Valuta Date", "Valuta", "Valutadatum", "Wertstellung", "Date de valeur",
      "Valeurdatum", "Rentedatum", "Fecha valor",
    ],
  ],
  [
    "amount",
    ["Amount", "Transaction Amount", "Betrag", "Buchungsbetrag", "Umsatz", "Montant", "Bedrag", "Importe"],
  ],
  [
    "debit",
    [
      "Debit", "Debit Amount", "Paid out", "Money out", "Withdrawals", "Withdrawal", "Soll", "Débit",
      "Debet", "Af", "Cargo",
    ],
  ],
  [
    "credit",
    [
      "Credit", "Credit Amount", "Paid in", "Money in", "Deposits", "Deposit", "Haben", "Crédit", "Bij",
      "Abono",
    ],
  ],
  [
    "direction",
    ["Credit/Debit", "Debit/Credit", "CreditDebet", "Debet/Credit", "Af Bij", "D/C", "C/D", "Soll/Haben", "S/H", "D/K"],
  ],
  [
    "currency",
    [
      "Currency", "Currency Code", "Währung", "Waehrung", "Buchungswährung", "Devise", "Valuta code",
      "Valutacode", "Moneda", "Divisa", "Munt", "Monnaie", "Monn",
    ],
  ],
  [
    "balance",
    [
      "Balance", "Running Balance", "Current Balance", "Saldo", "Saldo na trn", "Boeksaldo", "Solde",
      "Kontostand",
    ],
  ],
  [
    "reference",
    [
      "Bank Reference", "Transaction ID", "Reference", "Ref", "Referenz", "Buchungsreferenz", "Référence",
      "Referentie", "Referencia", "Volgnr", "ID",
    ],
  ],
  // Sparkasse states "Umsatz gebucht" / "Umsatz vorgemerkt" in its "Info" column.
  ["status", ["Status", "State", "State Type", "Info"]],
  [
    "accountId",
    [
      "Account Number", "IBAN Auftraggeberkonto", "Auftraggeberkonto", "Auftragskonto", "Rekeningnummer",
      "Rekening", "Numéro de compte",
    ],
  ],
  [
    "counterpartyAccount",
    [
      "Counterparty IBAN", "Counterparty Account", "Tegenrekening IBAN/BBAN", "Tegenrekening",
      "Tegenrekeningnummer", "Rekeningnummer tegenpartij", "Kontonummer/IBAN", "Partner IBAN", "Compte",
      "Cuenta",
    ],
  ],
  [
    "counterpartyName",
    [
      "Counterparty Name", "Counterparty", "Naam tegenpartij", "Tegenrekening naam", "Tegenrekeninghouder",
      "Naam / Omschrijving", "Empfänger/Zahlungspflichtiger", "Auftraggeber/Empfänger",
      "Beguenstigter/Zahlungspflichtiger", "Begünstigter/Zahlungspflichtiger", "Empfänger", "Empfaenger",
      "Beneficiary", "Bénéficiaire", "Beneficiario", "Payee", "Partner Name", "Merchant Name", "Handelaar",
    ],
  ],
  [
    "description",
    [
      "Description", "Transaction Description", "Details", "Memo", "Narrative", "Verwendungszweck", "VWZ",
      "Buchungstext", "Transaktionsbeschreibung", "Transaktionsbeschreibung Zusatz", "Umsatztext", "Text",
      "Libellé", "Omschrijving", "Mededelingen", "Vrije mededeling", "Toelichting", "Concepto",
      "Descripción", "Desc", "Payment Reference", "Additional Description",
    ],
  ],
];

/**
 * Names that mean different columns in different banks' files. They are only considered after
 * every unambiguous name has claimed its column, and go to the first listed field still
 * unclaimed: "IBAN" is the counterparty's unless another column clearly is (then it is the
 * own account's), while a bare "Kontonummer" is the own account unless "Auftragskonto" is
 * (Sparkasse: "Auftragskonto" own, "Kontonummer" counterparty).
 */
export const SHARED_NAMES: ReadonlyArray<{ names: readonly string[]; fields: readonly SingleField[] }> = [
  { names: ["IBAN", "IBAN/BBAN"], fields: ["counterpartyAccount", "accountId"] },
  { names: ["Kontonummer", "Konto", "Account"], fields: ["accountId", "counterpartyAccount"] },
  { names: ["Name", "Naam"], fields: ["counterpartyName"] },
];
