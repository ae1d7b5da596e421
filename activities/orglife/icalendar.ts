// A minimal RFC 5545 invitation (one all-day VEVENT) for organizational life notices.

function escapeText(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n');
}

/** Folds a content line at 75 octets (continuation lines start with one space), never inside a UTF-8 character. */
function fold(line: string): string {
  const out: string[] = [];
  let current = '';
  let octets = 0;
  for (const ch of line) {
    const size = Buffer.byteLength(ch, 'utf8');
    const limit = out.length === 0 ? 75 : 74;
    if (octets + size > limit) {
      out.push(current);
      current = '';
      octets = 0;
    }
    current += ch;
    octets += size;
  }
  out.push(current);
  return out.join('\r\n ');
}

const basic = (isoDate: string) => isoDate.replace(/-/g, '');

export interface IcalEvent {
  uid: string;
  /** YYYY-MM-DD: an all-day event on the planned date */
  date: string;
  summary: string;
  description: string;
  location?: string | null;
  /** instant the invitation was made (DTSTAMP) */
  stamp: string;
  /** increases when the planned date moves, so calendars update the event */
  sequence?: number;
}

export function icalInvitation(e: IcalEvent): string {
  const next = new Date(Date.parse(`${e.date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
  const stamp = e.stamp.replace(/[-:]/g, '').replace(/\.\d+/, '');
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Branchflow//Organizational life//ZH',
    'CALSCALE:GREGORIAN',
    'METHOD:REQUEST',
    'BEGIN:VEVENT',
    `UID:${e.uid}`,
    `SEQUENCE:${e.sequence ?? 0}`,
    `DTSTAMP:${stamp}`,
    `DTSTART;VALUE=DATE:${basic(e.date)}`,
    `DTEND;VALUE=DATE:${basic(next)}`,
    `SUMMARY:${escapeText(e.summary)}`,
    `DESCRIPTION:${escapeText(e.description)}`,
    ...(e.location ? [`LOCATION:${escapeText(e.location)}`] : []),
    'END:VEVENT',
    'END:VCALENDAR',
  ];
  return lines.map(fold).join('\r\n') + '\r\n';
}
