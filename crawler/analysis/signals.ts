// Compliance signals one page shows: an age gate, a way to report ads, terms, privacy, a contact
// point, claims of verified advertisers, an anti-trafficking notice. Each keeps the URL and text it
// was seen in. A signal not seen is left out (the mapper reports "none observed", never "safe").
import type { Element } from 'domhandler';
import type { ComplianceSignals, SignalEvidence } from '../../storage/documents.ts';
import { contactsInText, emailsInText } from '../extract/contacts.ts';
import type { PageDocument } from './document.ts';
import { elementsOf, isLink, textContent } from './dom.ts';
import { CONTACT_PAGE } from './info-page.ts';
import { SIGNAL_TERMS } from './lexicon.ts';
import { clip, compileTerms, MAX_EVIDENCE_CHARS, snippetAround, squash } from './terms.ts';

const RE = {
  confirm: compileTerms(SIGNAL_TERMS.ageGateConfirm),
  gateContext: compileTerms(SIGNAL_TERMS.ageGateContext),
  verification: compileTerms(SIGNAL_TERMS.ageVerification),
  report: new RegExp(`^(?:${compileTerms(SIGNAL_TERMS.report).source})`, 'iu'),
  terms: compileTerms(SIGNAL_TERMS.terms),
  privacy: compileTerms(SIGNAL_TERMS.privacy),
  contact: compileTerms(SIGNAL_TERMS.contact),
  dsa: compileTerms(SIGNAL_TERMS.dsaContact),
  advertiser: compileTerms(SIGNAL_TERMS.advertiserVerification),
  trafficking: compileTerms(SIGNAL_TERMS.antiTrafficking),
  support: compileTerms(SIGNAL_TERMS.support),
};

function hrefSegment(words: readonly string[]): RegExp {
  return new RegExp(`(^|[/?&=_])(${words.join('|')})([-_/?.=&#]|$)`, 'i');
}
const HREF = {
  report: hrefSegment(SIGNAL_TERMS.reportHref),
  terms: hrefSegment(SIGNAL_TERMS.termsHref),
  privacy: hrefSegment(SIGNAL_TERMS.privacyHref),
  contact: hrefSegment(SIGNAL_TERMS.contactHref),
};

/** Anchor text longer than this is a sentence, not a "Terms" or "Report" link. */
const MAX_LINK_TEXT = 60;
/** Elements longer than this are prose (an ad's text), not a badge or a notice. */
const MAX_NOTICE_CHARS = 400;
/** Elements looked at for badges and notices. */
const MAX_NOTICE_SCAN = 3_000;
/** Text a gate page has at most besides its question (a content page with an 18+ line is no gate). */
export const MAX_GATE_TEXT = 1_500;
/** Links a gate page has at most without a form (enter, leave, terms…). */
const MAX_GATE_LINKS = 8;

const CHROME =
  'header, footer, nav, aside, [role="contentinfo"], [class*="foot"], [class*="bottom"], [id*="foot"]';
const CHROME_TAGS = new Set(['header', 'footer', 'nav', 'aside']);
/** `CHROME` as a test of one element. */
function isChrome(el: Element): boolean {
  if (CHROME_TAGS.has(el.name) || el.attribs.role === 'contentinfo') return true;
  const cls = el.attribs.class;
  if (cls !== undefined && (cls.includes('foot') || cls.includes('bottom'))) return true;
  return el.attribs.id?.includes('foot') ?? false;
}

/** The page's chrome elements (`$(CHROME)`), in document order. */
function chromeOf(doc: PageDocument): Element[] {
  return elementsOf(doc).filter(isChrome);
}

/** Elements that may hold a notice: `p, span, div, li, small, strong, b, em, a, label, td, h1…h4`. */
const NOTICE_TAGS = new Set([
  'p',
  'span',
  'div',
  'li',
  'small',
  'strong',
  'b',
  'em',
  'a',
  'label',
  'td',
  'h1',
  'h2',
  'h3',
  'h4',
]);

function absolute(href: string, base: string): string | undefined {
  try {
    const url = new URL(href, base);
    url.hash = '';
    return /^https?:$/.test(url.protocol) ? url.toString() : undefined;
  } catch {
    return undefined;
  }
}

function evidence(url: string, text: string): SignalEvidence {
  return { url, text: clip(text, MAX_EVIDENCE_CHARS) };
}

interface LinkSignal {
  url: string;
  text: string;
}

/** A link of the page as the signal scans read it: absolute URL (no fragment), its path and text. */
interface Anchor {
  href: string;
  url: string;
  pathAndQuery: string;
  text: string;
}

/** The page's links, read once for all the scans that look for one (report, terms, privacy…). */
const anchorsByPage = new WeakMap<PageDocument, Anchor[]>();

function anchorsOf(doc: PageDocument): Anchor[] {
  let anchors = anchorsByPage.get(doc);
  if (anchors) return anchors;
  anchors = [];
  for (const el of elementsOf(doc).filter(isLink)) {
    const href = el.attribs.href ?? '';
    const url = absolute(href, doc.url);
    if (!url) continue;
    const parsed = new URL(url);
    anchors.push({ href, url, pathAndQuery: parsed.pathname + parsed.search, text: squash(textContent(el)) });
  }
  anchorsByPage.set(doc, anchors);
  return anchors;
}

function findLink(doc: PageDocument, textRe: RegExp, hrefRe: RegExp): LinkSignal | undefined {
  let byHref: LinkSignal | undefined;
  for (const { href, url, pathAndQuery, text } of anchorsOf(doc)) {
    if (text.length <= MAX_LINK_TEXT && textRe.test(text)) return { url, text };
    if (!byHref && hrefRe.test(pathAndQuery)) byHref = { url, text: text || href };
  }
  return byHref;
}

/** Is this page an age gate: a confirm control, an adults-only notice, and little else? */
export function detectGate(doc: PageDocument): SignalEvidence | undefined {
  if (doc.text.length > MAX_GATE_TEXT || !RE.gateContext.test(doc.text)) return undefined;
  const { $ } = doc;
  let control: string | undefined;
  $('button, a[href], input[type="submit"], input[type="button"], [role="button"]').each((_i, el) => {
    const text = squash(textContent(el) || $(el).attr('value') || '');
    if (text && text.length <= MAX_LINK_TEXT && RE.confirm.test(text)) {
      control = text;
      return false;
    }
    return undefined;
  });
  // A gate asks and offers a way in or out; a page with many links is content with an 18+ line.
  const links = $('a[href]').length;
  if (!control || (links > MAX_GATE_LINKS && $('form').length === 0)) return undefined;
  return evidence(doc.url, `${snippetAround(RE.gateContext, doc.text) ?? ''} [${control}]`);
}

/** Short texts of the page (badges, notices, footer lines), chrome first. */
function noticeTexts(doc: PageDocument): string[] {
  const texts: string[] = [];
  let scanned = 0;
  for (const el of chromeOf(doc)) {
    texts.push(squash(textContent(el)).slice(0, 2_000));
    if (texts.length >= 50) break;
  }
  for (const element of elementsOf(doc)) {
    if (!NOTICE_TAGS.has(element.name)) continue;
    if (++scanned > MAX_NOTICE_SCAN) break;
    if ((element.children?.length ?? 0) > 6) continue;
    const text = squash(textContent(element));
    if (text.length > 0 && text.length <= MAX_NOTICE_CHARS) texts.push(text);
  }
  return texts;
}

/** The first notice matching `re`, skipping lines that belong to an ad's own text. */
function firstNotice(texts: string[], re: RegExp, adTexts: string[], unless?: RegExp): string | undefined {
  // A parent and its only child give the same text: a text turned down once is turned down again.
  const seen = new Set<string>();
  for (const text of texts) {
    if (seen.has(text)) continue;
    seen.add(text);
    if (!re.test(text) || unless?.test(text)) continue;
    const matched = re.exec(text)![0];
    const sentence = text.slice(0, 120);
    if (adTexts.some((ad) => ad.includes(sentence) || (text.length > 200 && ad.includes(matched)))) continue;
    return snippetAround(re, text);
  }
  return undefined;
}

function contactPoint(
  doc: PageDocument,
  notices: string[],
  contactLink?: LinkSignal,
): ComplianceSignals['contactPoint'] {
  const { $ } = doc;
  // A DSA point of contact or any e-mail address in the page chrome is the site's own contact.
  for (const text of notices) {
    const emails = emailsInText(text);
    if (emails.length > 0 && RE.dsa.test(text))
      return { value: emails[0]!, evidence: evidence(doc.url, text) };
  }
  const chromeText = squash(chromeOf(doc).map(textContent).join('')).slice(0, 5_000);
  const chromeEmail = emailsInText(chromeText)[0];
  if (chromeEmail)
    return {
      value: chromeEmail,
      evidence: evidence(
        doc.url,
        snippetAround(new RegExp(chromeEmail.replace(/[.+]/g, '\\$&')), chromeText) ?? chromeEmail,
      ),
    };
  const mailto = $(elementsOf(doc).filter((el) => el.name === 'a' && el.attribs.href?.startsWith('mailto:')))
    .filter((_i, el) => $(el).closest(CHROME).length > 0)
    .first();
  if (mailto.length > 0) {
    const value = (mailto.attr('href') ?? '').slice(7).split('?')[0]!;
    if (value) return { value, evidence: evidence(doc.url, squash(mailto.text()) || value) };
  }
  // "Site support: +44 …": a support line printed by the site (often inside ads).
  const support = new RegExp(
    `(?:${RE.support.source})[^\\d+]{0,30}((?:\\+|00)?\\d[\\d ./()-]{6,20}\\d)`,
    'iu',
  );
  const line = support.exec(doc.text);
  if (line && contactsInText(line[1]!).length > 0) {
    return { value: squash(line[1]!), evidence: evidence(doc.url, line[0]) };
  }
  // A contact page's own e-mail address is the contact point it offers.
  if (CONTACT_PAGE.test(new URL(doc.url).pathname)) {
    const email = emailsInText(doc.text)[0];
    if (email)
      return {
        value: email,
        evidence: evidence(
          doc.url,
          snippetAround(new RegExp(email.replace(/[.+]/g, '\\$&')), doc.text) ?? email,
        ),
      };
  }
  if (contactLink) return { value: contactLink.url, evidence: evidence(doc.url, contactLink.text) };
  return undefined;
}

export function pageSignals(
  doc: PageDocument,
  isGate: SignalEvidence | undefined,
  ads: ReadonlyArray<{ text?: string }> = [],
): Partial<ComplianceSignals> {
  const { $ } = doc;
  const signals: Partial<ComplianceSignals> = {};
  const adTexts = ads.map((ad) => ad.text ?? '').filter(Boolean);
  // Verification of the visitor's age: named on the gate itself, or a gate asking for a document.
  const uploads =
    elementsOf(doc).some((el) => el.name === 'input' && el.attribs.type?.toLowerCase() === 'file') &&
    RE.gateContext.test(doc.text);
  const verification = RE.verification.test(doc.text) && (Boolean(isGate) || uploads);
  if (verification) {
    signals.ageGate = {
      value: 'verification',
      evidence: evidence(doc.url, snippetAround(RE.verification, doc.text) ?? ''),
    };
  } else if (isGate) {
    signals.ageGate = { value: 'click_through', evidence: isGate };
  }

  const report = findLink(doc, RE.report, HREF.report);
  if (report) {
    // Per-item report links (?item=42) point at one mechanism: the site-level URL drops the query.
    const mechanism = new URL(report.url);
    mechanism.search = '';
    signals.reportMechanism = {
      value: true,
      url: mechanism.toString(),
      evidence: evidence(doc.url, report.text),
    };
  } else {
    const form = $('form[action]')
      .filter((_i, el) => HREF.report.test($(el).attr('action') ?? ''))
      .first();
    if (form.length > 0) {
      const url = absolute(form.attr('action') ?? '', doc.url) ?? doc.url;
      signals.reportMechanism = {
        value: true,
        url,
        evidence: evidence(doc.url, squash(form.text()) || 'report form'),
      };
    }
  }
  const terms = findLink(doc, RE.terms, HREF.terms);
  if (terms) signals.termsUrl = terms.url;
  const privacy = findLink(doc, RE.privacy, HREF.privacy);
  if (privacy) signals.privacyUrl = privacy.url;

  const notices = noticeTexts(doc);
  const point = contactPoint(doc, notices, findLink(doc, RE.contact, HREF.contact));
  if (point) signals.contactPoint = point;

  // "Verify your age" is about visitors, not advertisers: such lines do not count as claims.
  const claim = firstNotice(notices, RE.advertiser, adTexts, RE.verification);
  if (claim) signals.advertiserVerification = { claimed: true, evidence: evidence(doc.url, claim) };
  const notice = firstNotice(notices, RE.trafficking, adTexts);
  if (notice) signals.antiTraffickingNotice = { value: true, evidence: evidence(doc.url, notice) };
  return signals;
}
