/** One page of the CSV export: its bytes as sent (the first page starts with the BOM and the header), and the next page's cursor. */
export interface CsvPage {
  bytes: ArrayBuffer;
  nextCursor: string | null;
}

/**
 * The whole export, every page in order, as one file's parts: the pages are read one after the
 * other until the API gives no next cursor. Bytes, not text: decoding would drop the BOM French
 * Excel needs to read UTF-8.
 */
export async function wholeCsv(readPage: (cursor: string | null) => Promise<CsvPage>, maxPages = 1000): Promise<ArrayBuffer[]> {
  const parts: ArrayBuffer[] = [];
  let cursor: string | null = null;
  do {
    const page: CsvPage = await readPage(cursor);
    parts.push(page.bytes);
    cursor = page.nextCursor;
  } while (cursor && parts.length < maxPages);
  return parts;
}
