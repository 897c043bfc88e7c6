// Page analysis on small hand-written pages, one per structure, in several languages.
import { describe, expect, it } from 'vitest';
import { analyzePage, MAX_LINKS_PER_PAGE } from '../../../crawler/analysis/index.ts';
import type { FetchedPage } from '../../../crawler/types.ts';

const HOST = 'escorts.example.de';
const BASE = `https://${HOST}`;

function page(path: string, html: string, rendered = false): FetchedPage {
  return { url: `${BASE}${path}`, status: 200, contentType: 'text/html', html, headers: {}, rendered };
}

function analyze(path: string, html: string) {
  return analyzePage(page(path, html), { host: HOST, baseUrl: BASE });
}

const chrome = (
  body: string,
  lang = 'de',
) => `<!doctype html><html lang="${lang}"><head><title>Atlas</title></head><body>
<header><a href="/">Atlas</a> <nav><a href="/stadt/berlin">Berlin</a> <a href="/agb">AGB</a> <a href="/datenschutz">Datenschutz</a></nav></header>
<main>${body}</main>
<footer>Kontakt: hilfe@atlas.example · <a href="/melden">Anzeige melden</a></footer></body></html>`;

describe('analyzePage', () => {
  it('reads a directory detail page with microdata as one ad with its fields (German)', () => {
    const html = chrome(`<div class="profile" itemscope itemtype="https://schema.org/Person">
<h1>Mia (24) – diskrete Begleitung in Berlin</h1>
<dl><dt>Name</dt><dd itemprop="name">Mia</dd><dt>Alter</dt><dd>24</dd><dt>Stadt</dt><dd>Berlin</dd><dt>Preis</dt><dd>150 € / 60 Min</dd></dl>
<img src="/img/mia-1.png" alt=""><img src="data:image/png;base64,AAAA" alt="">
<div itemprop="description">Hallo, ich bin Mia. Ich freue mich auf dich und bin für dich da.<br>Ruf mich an: <a href="tel:+4915123456789">0151 23456789</a></div>
<time datetime="2026-10-02T12:00:00Z">2. Oktober</time></div>`);
    const analysis = analyze('/anzeige/42', html);
    expect(analysis.role).toBe('ad');
    expect(analysis.ads).toHaveLength(1);
    const ad = analysis.ads[0]!;
    expect(ad).toMatchObject({
      url: `${BASE}/anzeige/42`,
      name: 'Mia',
      age: 24,
      city: 'Berlin',
      price: { amount: 150, currency: 'EUR', minutes: 60 },
      postedAt: '2026-10-02T12:00:00.000Z',
      via: 'microdata',
    });
    expect(ad.contacts).toContain('tel:+4915123456789');
    expect(ad.images).toEqual([`${BASE}/img/mia-1.png`]);
    expect(analysis.language).toBe('de');
    expect(analysis.cities).toContain('Berlin');
  });

  it('reads a listing page with pagination as a listing: links to follow, no ads (French)', () => {
    const cards = [1, 2, 3, 4]
      .map(
        (n) =>
          `<article class="card"><a href="/annonce/${n}#top">Sophie ${20 + n} ans – compagnie à Lyon</a><span class="city">Lyon</span></article>`,
      )
      .join('');
    const html = `<html lang="fr"><body><main><h1>Annonces à Lyon</h1>${cards}
<nav class="pager"><a href="/lyon?page=2&utm_source=x">2</a> <a rel="next" href="/lyon?page=2">Suivant</a></nav>
<a href="mailto:a@b.example">mail</a> <a href="tel:+33612345678">tel</a> <a href="javascript:void(0)">js</a>
<a href="/photos/big.jpg">photo</a> <a href="https://other-escorts.example.fr/">Autres escortes à Paris</a></main></body></html>`;
    const analysis = analyze('/lyon', html);
    expect(analysis.role).toBe('listing');
    expect(analysis.ads).toEqual([]);
    expect(analysis.links).toContain(`${BASE}/annonce/1`);
    expect(analysis.links).toContain(`${BASE}/lyon?page=2`);
    expect(analysis.links.some((l) => l.includes('#') || l.endsWith('.jpg') || l.includes('utm_'))).toBe(
      false,
    );
    expect(analysis.externalLinks).toEqual(['https://other-escorts.example.fr/']);
    expect(analysis.externalAnchors?.[0]?.anchorText).toBe('Autres escortes à Paris');
  });

  it('gives one ad per person on an agency page, each with the shared phone (English)', () => {
    const persons = ['Anna, 23', 'Bella, 25', 'Clara, 27', 'Dora, 29']
      .map(
        (head, i) =>
          `<div class="lady" id="lady-${i + 1}"><h3>${head}</h3><img src="/img/l${i}.png" alt=""><p>Elegant and friendly, speaks English.</p></div>`,
      )
      .join('\n');
    const html = `<html lang="en"><head><title>Velvet Agency – our ladies</title></head><body><main><h1>Our ladies in London</h1>${persons}
<p class="booking">Book any of our ladies: +44 7700 900123</p></main></body></html>`;
    const analysis = analyzePage(
      {
        url: 'https://velvet.example.co.uk/ladies',
        status: 200,
        contentType: 'text/html',
        html,
        headers: {},
        rendered: false,
      },
      { host: 'velvet.example.co.uk', baseUrl: 'https://velvet.example.co.uk' },
    );
    expect(analysis.ads.map((a) => [a.name, a.age])).toEqual([
      ['Anna', 23],
      ['Bella', 25],
      ['Clara', 27],
      ['Dora', 29],
    ]);
    expect(new Set(analysis.ads.map((a) => a.url)).size).toBe(4);
    for (const ad of analysis.ads) expect(ad.contacts).toEqual(['+44 7700 900123']);
    expect(analysis.typeHints[0]?.type).toBe('agency');
  });

  it('takes the advertising post of a forum thread and not the replies (Italian)', () => {
    const html = `<html lang="it"><head><title>Recensioni - Forum</title></head><body><div class="thread">
<div class="post op" id="p7-0"><div class="author">Giulia</div><h2>Giulia a Milano</h2><div class="post-body">Ciao, sono Giulia. Ho 26 anni e ti aspetto a Milano.<br>Tariffa: 1 ora 200 €.<br>Chiamami: +39 347 123 4567</div></div>
<div class="post reply" id="p7-1"><div class="author">utente12</div><div class="post-body">Grazie per la recensione, molto utile.</div></div>
<div class="post reply" id="p7-2"><div class="author">utente99</div><div class="post-body">Concordo con il messaggio sopra.</div></div>
</div></body></html>`;
    const analysis = analyze('/thread/7', html);
    expect(analysis.ads).toHaveLength(1);
    expect(analysis.ads[0]).toMatchObject({
      url: `${BASE}/thread/7`,
      age: 26,
      city: 'Milan',
      price: { amount: 200, currency: 'EUR' },
    });
    expect(analysis.ads[0]!.contacts).toContain('+39 347 123 4567');
    expect(analysis.typeHints.some((h) => h.type === 'review_forum')).toBe(true);
    expect(analysis.language).toBe('it');
  });

  it('drops an ad filed under furniture on a classifieds board and records why (Spanish)', () => {
    const item = (
      crumb: string,
      title: string,
      text: string,
    ) => `<html lang="es"><body><div class="crumbs"><a href="/">Inicio</a> › <a href="/c/x">${crumb}</a></div>
<div class="item"><h1>${title}</h1><div class="item-text"><p>${text}</p></div><table><tr><td>Ciudad</td><td>Madrid</td></tr></table>
<img src="/img/a.png" alt=""></div></body></html>`;
    const sofa = analyze(
      '/item/1.html',
      item(
        'Muebles',
        'Sofá gris, como nuevo',
        'Vendo sofá gris de tres plazas. Precio 120 euro. Llamar al 612 345 678.',
      ),
    );
    expect(sofa.ads).toEqual([]);
    expect(sofa.adDecision).toMatchObject({ adult: false, category: 'furniture' });
    expect(sofa.adDecision?.reason).toMatch(/breadcrumb/);
    expect(sofa.typeHints.some((h) => h.type === 'classifieds')).toBe(true);
    const escort = analyze(
      '/item/2.html',
      item(
        'Escorts y acompañantes (18+)',
        'Lucía, 24, en Madrid',
        'Hola, soy Lucía, tengo 24 años. Tarifa 1 hora 150 euro. Llámame al 612 345 678.',
      ),
    );
    expect(escort.ads).toHaveLength(1);
    expect(escort.ads[0]).toMatchObject({ age: 24, city: 'Madrid' });
    expect(escort.adDecision?.adult).toBe(true);
  });

  it('says an app shell needs a browser, and a rendered page does not', () => {
    const shell = `<!doctype html><html><head><script defer src="/static/app.js"></script></head><body><div id="root"><noscript>Please enable JavaScript.</noscript></div></body></html>`;
    expect(analyzePage(page('/', shell), { host: HOST, baseUrl: BASE }).needsBrowser).toBe(true);
    expect(analyzePage(page('/', shell, true), { host: HOST, baseUrl: BASE }).needsBrowser).toBe(false);
    expect(analyze('/', chrome('<p>Willkommen</p>')).needsBrowser).toBe(false);
  });

  it('reads the ad of a page rendered by the browser from its facts line (Polish)', () => {
    const rendered = `<html lang="pl"><body><div id="root"><article class="rv-ad"><h1 class="rv-title">Ola czeka w Krakowie</h1>
<p class="rv-meta">Ola · 27 · Kraków</p><img src="/img/o.png" alt=""><div class="ad-text">Cześć, jestem Ola.
Zapraszam do mnie w Krakowie, dyskretnie i miło.
Zadzwoń: +48 512 345 678</div></article></div><script src="/static/app.js"></script></body></html>`;
    const analysis = analyzePage(page('/ad/3', rendered, true), { host: HOST, baseUrl: BASE });
    expect(analysis.needsBrowser).toBe(false);
    expect(analysis.ads).toHaveLength(1);
    expect(analysis.ads[0]).toMatchObject({
      name: 'Ola',
      age: 27,
      city: 'Krakow',
      images: [`${BASE}/img/o.png`],
    });
    expect(analysis.language).toBe('pl');
  });

  it('recognises a click-through age gate (Russian) and a verification gate', () => {
    const gate = `<html lang="ru"><body><h1>Только для взрослых</h1><p>Сайт содержит материалы 18+. Вам должно быть 18 лет.</p>
<form method="post" action="/enter"><button>Мне есть 18 – войти</button></form><a href="/leave">Уйти</a></body></html>`;
    const analysis = analyze('/', gate);
    expect(analysis.role).toBe('gate');
    expect(analysis.signals.ageGate).toMatchObject({ value: 'click_through', evidence: { url: `${BASE}/` } });
    expect(analysis.signals.ageGate?.evidence?.text).toContain('Мне есть 18');
    const verify = `<html lang="en"><body><h1>Adults only</h1><p>You must be 18. Verify your age with Yoti or upload your ID.</p>
<form method="post" action="/verify"><input type="file" name="id"><button>I am 18 or older</button></form></body></html>`;
    expect(analyze('/', verify).signals.ageGate?.value).toBe('verification');
  });

  it('finds terms, privacy, report and contact signals with the URL and text they came from', () => {
    const analysis = analyze(
      '/',
      chrome(
        '<h1>Willkommen</h1><p>Geprüfte Profile: alle Inserentinnen sind verifiziert.</p><aside>Hinweise auf Menschenhandel? Hilfetelefon anrufen.</aside>',
      ),
    );
    expect(analysis.signals.termsUrl).toBe(`${BASE}/agb`);
    expect(analysis.signals.privacyUrl).toBe(`${BASE}/datenschutz`);
    expect(analysis.signals.reportMechanism).toMatchObject({
      value: true,
      url: `${BASE}/melden`,
      evidence: { url: `${BASE}/`, text: 'Anzeige melden' },
    });
    expect(analysis.signals.contactPoint).toMatchObject({ value: 'hilfe@atlas.example' });
    expect(analysis.signals.advertiserVerification?.claimed).toBe(true);
    expect(analysis.signals.antiTraffickingNotice?.evidence?.text).toMatch(/Menschenhandel/);
    const contact = analyze(
      '/kontakt',
      '<html><body><h1>Kontakt</h1><p>E-Mail: dsa@atlas.example (zentrale Kontaktstelle nach DSA)</p></body></html>',
    );
    expect(contact.role).toBe('info');
    expect(contact.ads).toEqual([]);
    expect(contact.signals.contactPoint?.value).toBe('dsa@atlas.example');
  });

  it('claims nothing on a page that shows no signal', () => {
    const analysis = analyze('/x', '<html><body><p>Hallo Welt</p></body></html>');
    expect(analysis.signals).toEqual({});
    expect(analysis.ads).toEqual([]);
    expect(analysis.typeHints).toEqual([]);
  });

  it('survives malformed HTML and still reads the ad', () => {
    const html = `<div class="crumbs><a href="/">Home</a> › <a href="/c/escorts">Escorts (18+)</a></div></span>
<div class=item-box><h1 class="item-title>Nina, 22 – companion in Paris</h1>
<div class="item-text"><p>Hi, I am Nina, 22 years old, incall in Paris.<br>Rates: 1 hour 200 EUR.<br>Call: +33 6 12 34 56 78
<table><tr><td>Location<td>Paris
<div class="photos"><img src="/img/n.png"></b></i>`;
    const analysis = analyze('/item/5.html', html);
    expect(analysis.ads).toHaveLength(1);
    expect(analysis.ads[0]).toMatchObject({ age: 22, price: { amount: 200, currency: 'EUR' } });
    expect(analysis.ads[0]!.contacts).toContain('+33 6 12 34 56 78');
  });

  it('bounds what it reads from a huge page', () => {
    const links = Array.from({ length: 5_000 }, (_, i) => `<a href="/p/${i}">p${i}</a>`).join('');
    const analysis = analyze('/', `<html><body>${links}${'<div>x</div>'.repeat(20_000)}</body></html>`);
    expect(analysis.links.length).toBeLessThanOrEqual(MAX_LINKS_PER_PAGE);
    expect(analysis.role).toBe('index');
  });
});
