/**
 * Reads an Automatic Distributors date into an ISO instant (UTC). `header.invoiceDate` is
 * `MM/DD/YY` (https://flxpoint-p.helpjuice.com/en_US/automotive-part/automatic-distributor-as-source, verified); other dates are modelled in the same format. An ISO date
 * (`YYYY-MM-DD`, read as UTC midnight) or date-time with offset is accepted too. Returns
 * undefined for anything else, including impossible dates such as 02/31/26.
 *
 * @param text - the date as sent.
 */
export function parseAutomaticDate(text: string | undefined): string | undefined {
  const value = text?.trim();
  if (!value) return undefined;
  const us = /^(\d{2})\/(\d{2})\/(\d{2})$/.exec(value);
  const iso = /^(\d{4})-(\d{2})-(\d{2})(T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2}))?$/.exec(value);
  const parts = us
    ? [2000 + Number(us[3]), Number(us[1]), Number(us[2])]
    : iso
      ? [Number(iso[1]), Number(iso[2]), Number(iso[3])]
      : undefined;
  if (!parts) return undefined;
  const [year = 0, month = 0, day = 0] = parts;
  const midnight = new Date(Date.UTC(year, month - 1, day));
  if (midnight.getUTCFullYear() !== year || midnight.getUTCMonth() !== month - 1 || midnight.getUTCDate() !== day)
    return undefined;
  return iso?.[4] ? new Date(value).toISOString() : midnight.toISOString();
}
