// Pages about the site rather than its ads (terms, privacy, contact, report forms): never read as
// ads, never counted as ad teasers, and where the site's compliance signals live.

export const INFO_PATH =
  /(^|\/)(terms|tos|agb|cgu|conditions|privacy|datenschutz|confidentialite|privacidad|contact|kontakt|contacto|contatti|impressum|imprint|about|faq|help|legal|rules|report|report-abuse|abuse|dsa|safety|regulamin|termeni|login|register|signup|leave)([-_./?]|$)/i;
export const INFO_TITLE =
  /^(terms|privacy|contact|impressum|imprint|about us|faq|help|legal notice|report|agb|datenschutz|kontakt|conditions|mentions légales|contacto|contatti|regulamin|termeni|правила|контакты|booking)/i;
export const CONTACT_PAGE =
  /(^|\/)(contact|kontakt|contacto|contatti|impressum|imprint|kontakty|contacte)([-_./?]|$)/i;

export function isInfoUrl(url: URL): boolean {
  return INFO_PATH.test(url.pathname);
}
