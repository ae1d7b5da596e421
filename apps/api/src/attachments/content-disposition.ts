/**
 * `Content-Disposition` for a download that keeps non-ASCII (Chinese) file names: an ASCII fallback in `filename`
 * for old clients and the exact name in `filename*` (RFC 6266 with RFC 5987 UTF-8 percent-encoding).
 */
export function contentDisposition(fileName: string, type: 'attachment' | 'inline' = 'attachment'): string {
  const fallback =
    fileName
      .normalize('NFKD')
      .replace(/[^\x20-\x7e]/g, '_')
      .replace(/["\\]/g, '_')
      .trim() || 'download';
  return `${type}; filename="${fallback}"; filename*=UTF-8''${rfc5987(fileName)}`;
}

/** RFC 5987 attr-char encoding: encodeURIComponent minus the characters it leaves that attr-char does not allow. */
export function rfc5987(value: string): string {
  return encodeURIComponent(value).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * A file name as stored: the base name only (no directories a browser may send), control characters removed,
 * at most 200 characters; empty → 'file'.
 */
export function cleanFileName(raw: string | undefined): string {
  const base = (raw ?? '').split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  const clean = base.replace(/[\u0000-\u001f\u007f]/g, '').trim();
  return Array.from(clean).slice(0, 200).join('') || 'file';
}
