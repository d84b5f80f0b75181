/** A column of {@link renderTable}. */
export interface Column {
  header: string;
  /** Right-align (numbers, money). Default left. */
  right?: boolean;
}

/**
 * Renders rows as a plain-text table with a header rule, columns padded to their widest cell.
 *
 * @param columns - headers and alignment.
 * @param rows - cells, one array per row, as many cells as columns.
 */
export function renderTable(columns: readonly Column[], rows: readonly (readonly (string | number)[])[]): string[] {
  const text = rows.map((row) => columns.map((_, index) => String(row[index] ?? '')));
  const widths = columns.map((column, index) =>
    Math.max(column.header.length, ...text.map((row) => (row[index] ?? '').length)),
  );
  const format = (cells: readonly string[]) =>
    cells
      .map((cell, index) =>
        columns[index]?.right ? cell.padStart(widths[index] ?? 0) : cell.padEnd(widths[index] ?? 0),
      )
      .join('  ')
      .trimEnd();
  return [
    format(columns.map((column) => column.header)),
    widths.map((width) => '─'.repeat(width)).join('  '),
    ...text.map(format),
  ];
}

/** Cents as dollars: `-1234` → `-$12.34`. */
export function dollars(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  return `${sign}$${(Math.abs(cents) / 100).toFixed(2)}`;
}

/** `HH:MM` of an ISO instant (UTC, the simulated day's zone). */
export function clockTime(iso: string): string {
  return iso.slice(11, 16);
}

/** Counts of each key, sorted by count then name. */
export function countBy<T>(items: readonly T[], key: (item: T) => string): [string, number][] {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return [...counts].sort((left, right) => right[1] - left[1] || left[0].localeCompare(right[0]));
}
