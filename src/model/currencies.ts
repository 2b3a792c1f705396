// ISO 4217 minor-unit exponents (list one, as published by SIX, 2024 edition).
// Codes absent from this table are refused: guessing an exponent would shift amounts by 10^n.
const THREE = ["BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"];
const ZERO = [
  "BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW", "PYG", "RWF", "UGX", "UYI",
  "VND", "VUV", "XAF", "XOF", "XPF",
];
const FOUR = ["CLF", "UYW"];
const TWO = [
  "AED", "AFN", "ALL", "AMD", "ANG", "AOA", "ARS", "AUD", "AWG", "AZN", "BAM", "BBD", "BDT",
  "BGN", "BMD", "BND", "BOB", "BOV", "BRL", "BSD", "BTN", "BWP", "BYN", "BZD", "CAD", "CDF",
  "CHE", "CHF", "CHW", "CNY", "COP", "COU", "CRC", "CUP", "CVE", "CZK", "DKK", "DOP", "DZD",
  "EGP", "ERN", "ETB", "EUR", "FJD", "FKP", "GBP", "GEL", "GHS", "GIP", "GMD", "GTQ", "GYD",
  "HKD", "HNL", "HTG", "HUF", "IDR", "ILS", "INR", "IRR", "JMD", "KES", "KGS", "KHR", "KPW",
  "KYD", "KZT", "LAK", "LBP", "LKR", "LRD", "LSL", "MAD", "MDL", "MGA", "MKD", "MMK", "MNT",
  "MOP", "MRU", "MUR", "MVR", "MWK", "MXN", "MXV", "MYR", "MZN", "NAD", "NGN", "NIO", "NOK",
  "NPR", "NZD", "PAB", "PEN", "PGK", "PHP", "PKR", "PLN", "QAR", "RON", "RSD", "RUB", "SAR",
  "SBD", "SCR", "SDG", "SEK", "SGD", "SHP", "SLE", "SOS", "SRD", "SSP", "STN", "SVC", "SYP",
  "SZL", "THB", "TJS", "TMT", "TOP", "TRY", "TTD", "TWD", "TZS", "UAH", "USD", "USN", "UYU",
  "UZS", "VED", "VES", "WST", "XCD", "XCG", "YER", "ZAR", "ZMW", "ZWG",
  // Withdrawn codes still found in archived statements (DEM in old German MT940 exports).
  "ATS", "BEF", "DEM", "ESP", "FIM", "FRF", "HRK", "IEP", "ITL", "LTL", "LUF", "LVL", "NLG",
  "PTE", "SIT", "SKK", "EEK", "CYP", "MTL", "GRD",
];

const EXPONENTS: ReadonlyMap<string, number> = new Map([
  ...ZERO.map((c) => [c, 0] as const),
  ...TWO.map((c) => [c, 2] as const),
  ...THREE.map((c) => [c, 3] as const),
  ...FOUR.map((c) => [c, 4] as const),
]);

/** Minor-unit exponent of an ISO 4217 code, or undefined when the code is unknown. */
export function currencyExponent(code: string): number | undefined {
  return EXPONENTS.get(code);
}

export function isCurrency(code: string): boolean {
  return EXPONENTS.has(code);
}
