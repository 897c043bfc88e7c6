// Test support: the text a reader sees in an HTML page, whitespace-collapsed, for "the page
// shows the ad's text" assertions (tags dropped, <br> as a break, entities decoded).
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

export function collapse(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

export function visibleText(html: string): string {
  const stripped = html
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&(#\d+|#x[\da-f]+|\w+);/gi, (m, e: string) =>
      e.startsWith('#x')
        ? String.fromCodePoint(Number.parseInt(e.slice(2), 16))
        : e.startsWith('#')
          ? String.fromCodePoint(Number(e.slice(1)))
          : (ENTITIES[e] ?? m),
    );
  return collapse(stripped);
}
