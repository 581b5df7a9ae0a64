/**
 * Personal data in text shown publicly (the case page by code, the knowledge base): mobile numbers, ID card
 * numbers and e-mail addresses are masked. Names cannot be found reliably and are kept out by not showing
 * contact fields at all.
 */
const ID_CARD = /(?<!\d)(\d{6})\d{8}(\d{3}[\dXx])(?!\d)/g;
const MOBILE = /(?<!\d)(1[3-9]\d)\d{4}(\d{4})(?!\d)/g;
const LANDLINE = /(?<!\d)(0\d{2,3})-?\d{4}(\d{3,4})(?!\d)/g;
const EMAIL = /([A-Za-z0-9._%+-])[A-Za-z0-9._%+-]*@([A-Za-z0-9.-]+\.[A-Za-z]{2,})/g;

export function maskPersonalData(text: string): string {
  return text
    .replace(ID_CARD, "$1********$2")
    .replace(MOBILE, "$1****$2")
    .replace(LANDLINE, "$1-****$2")
    .replace(EMAIL, "$1***@$2");
}
