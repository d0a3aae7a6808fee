// One evaluation: its header with open / close (each confirmed in a dialog), and three tabs:
// the live dashboard, distribution (a link and a QR code per venue) and settings; plus the
// printable QR code sheet.

import { localized, t } from '../shared/i18n.js';
import { formatDate, formatDateTime, formatNumber, formatPercent, formatTime } from '../shared/format.js';
import { announce, fill, h, icon } from '../shared/dom.js';
import { may } from '../shared/session.js';
import { api, paths } from './api.js';
import { confirmDialog } from './dialog.js';
import { bar, errorBlock, failureMessage, loadingBlock, notice, pageHead, setTitle, statusBadge, toast } from './dom.js';
import { POLL_SECONDS, followEvaluation } from './live.js';
import { closingTime, phaseOf } from '../shared/phase.js';
import { drawCodes, renderSheet } from './invitations.js';
import { drawFacts } from './evaluation-facts.js';
import { addVenuePanel, archivePanel, drawDraftEditor, notFoundBlock } from './evaluation-settings.js';
import { drawFollowUp } from './follow-up.js';

const enc = encodeURIComponent;

export async function render(main, id, tab) {
  const crumbs = [{ href: '#/evaluations', label: t('e.title') }];
  fill(main, pageHead({ crumbs, title: t('loading') }), loadingBlock());
  main.setAttribute('aria-busy', 'true');
  const result = await api.evaluation(id);
  main.setAttribute('aria-busy', 'false');
  if (result.status === 404) {
    setTitle(t('org.notFoundTitle'));
    fill(main, pageHead({ crumbs, title: t('org.notFoundTitle') }), notFoundBlock());
    return undefined;
  }
  if (!result.ok) {
    fill(main, pageHead({ crumbs, title: t('e.title') }), errorBlock(t('loadFailed', { message: failureMessage(result) }), () => render(main, id, tab)));
    return undefined;
  }
  const evaluation = result.data;
  setTitle(evaluation.title);
  if (tab === 'print') return renderPrint(main, evaluation);
  if (tab === 'codes-sheet') return renderSheet(main, evaluation);
  if (tab === 'codes' && evaluation.access !== 'invitation') tab = 'dashboard';
  const page = { main, evaluation, tab, stop: null };
  drawPage(page);
  return () => page.stop?.();
}

// ---------------------------------------------------------------- frame

function header(page) {
  const { evaluation } = page;
  const actions = [];
  const manage = may('manageEvaluations');
  if (manage && evaluation.status === 'draft') {
    actions.push(h('button', { type: 'button', class: 'btn btn-primary', id: 'open-evaluation', onclick: () => changeState(page, 'open') }, icon('play'), t('ev.open')));
  }
  if (manage && evaluation.status === 'open') {
    actions.push(h('button', { type: 'button', class: 'btn btn-danger-outline', id: 'close-evaluation', onclick: () => changeState(page, 'close') }, icon('stop'), t('ev.close')));
  }
  if (evaluation.status !== 'draft') {
    actions.push(
      h('a', { class: 'btn btn-secondary', href: paths.scorecardHTML(evaluation.id), target: '_blank', rel: 'noopener' }, icon('doc'), t('ev.scorecard')),
    );
  }
  return pageHead({
    crumbs: [{ href: '#/evaluations', label: t('e.title') }],
    title: evaluation.title,
    extra: h(
      'p',
      { class: 'page-meta' },
      h('span', { id: 'evaluation-status' }, statusBadge(evaluation)),
      h('span', { id: 'evaluation-access', 'data-access': evaluation.access ?? 'open' }, h('span', { class: 'chip chip-small chip-access' }, t(`access.${evaluation.access === 'invitation' ? 'invitationShort' : 'openShort'}`))),
      h('span', {}, h('time', { datetime: evaluation.meetingDate }, formatDate(evaluation.meetingDate))),
      h('span', {}, t(`type.${evaluation.meetingType}`)),
      h(
        'a',
        { href: `#/questionnaires/${enc(evaluation.questionnaire.id)}/versions/${evaluation.questionnaire.version}` },
        `${evaluation.questionnaire.id} v${evaluation.questionnaire.version}`,
      ),
    ),
    actions,
  });
}

function tabs(page) {
  const base = `#/evaluations/${enc(page.evaluation.id)}`;
  const items = [
    { key: 'dashboard', href: base, label: t('ev.tabDashboard'), icon: 'chart' },
    { key: 'distribution', href: `${base}/distribution`, label: t('ev.tabDistribution'), icon: 'qr' },
    page.evaluation.access === 'invitation' ? { key: 'codes', href: `${base}/codes`, label: t('ev.tabCodes'), icon: 'clipboard' } : null,
    { key: 'facts', href: `${base}/facts`, label: t('ev.tabFacts'), icon: 'clock' },
    { key: 'follow-up', href: `${base}/follow-up`, label: t('ev.tabFollowUp'), icon: 'list' },
    { key: 'settings', href: `${base}/settings`, label: t('ev.tabSettings'), icon: 'settings' },
  ].filter(Boolean);
  return h(
    'nav',
    { class: 'subnav', 'aria-label': t('ev.tabs') },
    h(
      'ul',
      {},
      items.map((item) =>
        h(
          'li',
          {},
          h('a', { href: item.href, 'aria-current': item.key === page.tab ? 'page' : null, 'data-tab': item.key }, icon(item.icon), h('span', {}, item.label)),
        ),
      ),
    ),
  );
}

function drawPage(page) {
  page.stop?.();
  page.stop = null;
  const body = h('div', { class: 'view-body', id: 'evaluation-body' });
  fill(page.main, header(page), tabs(page), body);
  if (page.tab === 'distribution') drawDistribution(page, body);
  else if (page.tab === 'settings') drawSettings(page, body);
  else if (page.tab === 'codes') drawCodes(page, body);
  else if (page.tab === 'facts') drawFacts(page, body);
  else if (page.tab === 'follow-up') drawFollowUp(page, body);
  else drawDashboard(page, body);
}

async function changeState(page, action) {
  const opening = action === 'open';
  const ok = await confirmDialog({
    title: opening ? t('ev.openTitle') : t('ev.closeTitle'),
    body: opening ? t('ev.openBody') : t('ev.closeBody'),
    confirmLabel: opening ? t('ev.open') : t('ev.close'),
    tone: opening ? 'primary' : 'danger',
  });
  if (!ok) return;
  const result = opening ? await api.openEvaluation(page.evaluation.id) : await api.closeEvaluation(page.evaluation.id);
  if (!result.ok) {
    const message = t('ev.actionFailed', { message: failureMessage(result) });
    toast(message, 'error');
    announce(message);
    return;
  }
  page.evaluation = result.data;
  const message = opening ? t('ev.opened') : t('ev.closed');
  drawPage(page);
  toast(message);
  announce(message);
  page.main.querySelector('.page-title')?.focus();
}

// ---------------------------------------------------------------- dashboard

function drawDashboard(page, body) {
  const { evaluation } = page;
  const connection = h('p', { class: 'conn', id: 'live-state', role: 'status', 'aria-live': 'polite' });
  const updated = h('p', { class: 'conn-time', id: 'live-updated' });
  const panel = h('div', { class: 'dashboard', id: 'dashboard' });
  const phase = phaseOf(evaluation);
  fill(body,
    phase === 'draft' ? notice('info', t('d.draftNote')) : null,
    phase === 'scheduled' ? notice('info', t('d.scheduledNote', { time: formatDateTime(evaluation.opensAt, { dateStyle: 'long' }) })) : null,
    phase === 'closed' ? notice('info', t('d.closedNote')) : null,
    windowFacts(evaluation),
    h('div', { class: 'dash-head' }, connection, updated),
    panel,
  );
  const initial = {
    status: evaluation.status,
    acceptingResponses: evaluation.acceptingResponses,
    received: evaluation.counts?.responses ?? 0,
    expectedRespondents: evaluation.expectedRespondents ?? null,
    byVenue: evaluation.counts?.byVenue ?? {},
    byRaterGroup: evaluation.counts?.byRaterGroup ?? {},
    overall: undefined,
    at: null,
  };
  let last = initial;
  drawFigures(page, panel, initial);
  const setState = (state) => {
    connection.dataset.state = state;
    connection.className = `conn conn-${state}`;
    const text = state === 'polling' ? t('d.conn.polling', { n: POLL_SECONDS }) : t(`d.conn.${state}`);
    if (connection.textContent !== text) fill(connection, h('span', { class: 'conn-dot', 'aria-hidden': 'true' }), h('span', {}, text));
  };
  page.stop = followEvaluation(evaluation.id, {
    onState: setState,
    onSnapshot: (snapshot) => {
      const phaseChanged = snapshot.phase && snapshot.phase !== phaseOf(page.evaluation);
      if ((snapshot.status && snapshot.status !== page.evaluation.status) || phaseChanged) {
        // Opened or closed elsewhere, or its window opened or ended: the header changes too.
        api.evaluation(evaluation.id).then((fresh) => {
          if (fresh.ok && page.tab === 'dashboard') {
            page.evaluation = fresh.data;
            drawPage(page);
          }
        });
        return;
      }
      last = { ...last, ...snapshot };
      drawFigures(page, panel, last);
      if (snapshot.at) updated.textContent = t('d.updated', { time: formatTime(snapshot.at) });
    },
  });
}

/** When the evaluation opens and closes (its window, and the organizer's actions). */
function windowFacts(evaluation) {
  const when = (iso) => (iso ? h('time', { datetime: iso }, formatDateTime(iso, { dateStyle: 'long' })) : null);
  const closed = phaseOf(evaluation) === 'closed' ? closingTime(evaluation) : null;
  const opened = evaluation.openedAt && (!evaluation.opensAt || Date.parse(evaluation.openedAt) > Date.parse(evaluation.opensAt))
    ? evaluation.openedAt : evaluation.opensAt;
  return h(
    'dl',
    { class: 'facts dash-window', id: 'dashboard-window' },
    h('dt', {}, t('d.opens')),
    h('dd', { 'data-field': 'opens' }, when(opened) ?? t('d.opensManual')),
    h('dt', {}, closed ? t('d.closedAt') : t('d.closes')),
    h('dd', { 'data-field': 'closes' }, when(closed ?? evaluation.closesAt) ?? t('d.closesManual')),
  );
}

function drawFigures(page, panel, snapshot) {
  const { evaluation } = page;
  const received = snapshot.received ?? 0;
  const expected = snapshot.expectedRespondents ?? evaluation.expectedRespondents ?? null;
  const overall = snapshot.overall;
  const venues = evaluation.venues ?? [];
  const groups = evaluation.raterGroups ?? [];
  const byVenue = snapshot.byVenue ?? {};
  const byGroup = snapshot.byRaterGroup ?? {};

  const totalCard = h(
    'section',
    { class: 'card stat-card', 'aria-labelledby': 'stat-received' },
    h('h2', { class: 'stat-label', id: 'stat-received' }, t('d.received')),
    h(
      'p',
      { class: 'stat-value' },
      h('span', { class: 'stat-number', id: 'received-count', 'data-count': received }, formatNumber(received)),
      expected ? h('span', { class: 'stat-of' }, ` / ${formatNumber(expected)}`) : null,
    ),
    expected ? bar(received, expected, t('d.rate', { p: formatPercent(received / expected) })) : null,
    h('p', { class: 'stat-note' }, expected ? `${t('d.expected', { n: formatNumber(expected) })} · ${t('d.rate', { p: formatPercent(received / expected) })}` : t('d.noExpected')),
  );
  const scoreCard = h(
    'section',
    { class: 'card stat-card', 'aria-labelledby': 'stat-overall' },
    h('h2', { class: 'stat-label', id: 'stat-overall' }, t('d.overall')),
    overall && overall.score !== null && overall.score !== undefined
      ? [
          h(
            'p',
            { class: 'stat-value' },
            h('span', { class: 'stat-number', id: 'overall-score' }, formatNumber(overall.score, { digits: 2 })),
            overall.grade ? h('span', { class: 'grade-badge', id: 'overall-grade' }, overall.grade) : null,
          ),
          h('p', { class: 'stat-note' }, t('d.included', { n: formatNumber(overall.included ?? 0) })),
        ]
      : h('p', { class: 'stat-value stat-empty' }, h('span', { id: 'overall-score' }, overall === undefined ? '…' : t('d.noScore'))),
  );

  const rows = (items, counts, kind) => {
    const max = Math.max(1, ...items.map((item) => counts[item.id] ?? 0));
    const total = Object.values(counts).reduce((sum, n) => sum + n, 0);
    return h(
      'ul',
      { class: 'bar-list', id: `by-${kind}` },
      items.map((item) => {
        const n = counts[item.id] ?? 0;
        const name = localized(item.name) || item.id;
        return h(
          'li',
          { class: 'bar-row', [`data-${kind}`]: item.id },
          h('span', { class: 'bar-name' }, name),
          bar(n, max, `${name}: ${t('d.count', { n })}`),
          h(
            'span',
            { class: 'bar-figure' },
            h('b', { class: 'bar-count', 'data-count': n }, formatNumber(n)),
            h('span', { class: 'bar-share' }, total > 0 ? t('d.share', { p: formatPercent(n / total, { digits: 0 }) }) : ''),
          ),
        );
      }),
    );
  };

  fill(panel, 
    h('div', { class: 'stat-grid' }, totalCard, scoreCard),
    h(
      'div',
      { class: 'breakdown-grid' },
      h(
        'section',
        { class: 'card breakdown', 'aria-labelledby': 'by-venue-title' },
        h('h2', { class: 'section-title', id: 'by-venue-title' }, t('d.byVenue')),
        venues.length ? rows(venues, byVenue, 'venue') : h('p', { class: 'muted' }, t('d.noVenues')),
      ),
      h(
        'section',
        { class: 'card breakdown', 'aria-labelledby': 'by-group-title' },
        h('h2', { class: 'section-title', id: 'by-group-title' }, t('d.byGroup')),
        groups.length ? rows(groups, byGroup, 'group') : h('p', { class: 'muted' }, t('d.noGroups')),
      ),
    ),
  );
}

// ---------------------------------------------------------------- distribution

/** The links: from the server's distribution endpoint, or built from the evaluation. */
async function distributionLinks(evaluation) {
  const result = await api.distribution(evaluation.id);
  if (result.ok && Array.isArray(result.data?.links)) {
    return { links: result.data.links, fallback: false, warning: result.data.addressWarning ?? null, baseURL: result.data.baseURL };
  }
  const base = `${location.origin}${evaluation.attendeePath}`;
  const venues = evaluation.venues ?? [];
  const links = venues.length
    ? venues.map((venue) => ({ venue, url: `${base}?venue=${enc(venue.id)}`, qr: paths.qr(evaluation.id, venue.id) }))
    : [{ venue: null, url: base, qr: paths.qr(evaluation.id, null) }];
  return { links, fallback: true, warning: null, baseURL: location.origin };
}

/** The warning when the links point where no phone can follow (a loopback or link-local
 *  address, and no `--public-url`), with how to fix it; null otherwise. */
function addressWarning(warning, baseURL, className = '') {
  if (warning !== 'loopback' && warning !== 'linkLocal') return null;
  let host = baseURL;
  try {
    host = new URL(baseURL).host;
  } catch {
    // Keep the address as given.
  }
  return h(
    'div',
    { class: ['notice', 'notice-error', 'address-warning', className], id: 'address-warning', role: 'alert', 'data-warning': warning },
    icon('error'),
    h(
      'div',
      {},
      h('p', { class: 'notice-title' }, t('x.localWarnTitle')),
      h('p', {}, t(`x.localWarn.${warning}`, { host })),
      h('p', {}, t('x.localWarnFix'), ' ', h('code', {}, 'meeting-eval serve --public-url https://…'), t('x.localWarnFixEnd')),
    ),
  );
}

function qrImage(link, name, className) {
  const holder = h('div', { class: `qr ${className}` });
  const img = h('img', { src: link.qr, alt: t('x.qrAlt', { venue: name }), class: 'qr-img', width: '220', height: '220', decoding: 'async' });
  img.addEventListener('error', () => {
    holder.classList.add('is-missing');
    fill(holder, h('span', { class: 'qr-missing' }, icon('qr'), t('x.qrMissing')));
  });
  holder.append(img);
  return holder;
}

async function drawDistribution(page, body) {
  const { evaluation } = page;
  fill(body, loadingBlock());
  const { links, fallback, warning, baseURL } = await distributionLinks(evaluation);
  if (!body.isConnected) return;
  const cards = links.map((link, index) => {
    const name = link.venue ? localized(link.venue.name) || link.venue.id : t('x.general');
    const inputId = `link-${index}`;
    const input = h('input', { type: 'text', readonly: true, id: inputId, class: 'link-input mono', value: link.url });
    input.value = link.url;
    input.addEventListener('focus', () => input.select());
    return h(
      'li',
      { class: 'card venue-card', 'data-venue': link.venue?.id ?? '' },
      h('h2', { class: 'venue-name' }, name),
      link.venue ? h('p', { class: 'row-sub mono' }, link.venue.id) : null,
      qrImage(link, name, 'qr-screen'),
      h('label', { class: 'field-label small', for: inputId }, t('x.linkFor', { venue: name })),
      input,
      h(
        'div',
        { class: 'venue-actions' },
        h(
          'button',
          {
            type: 'button',
            class: 'btn btn-secondary btn-small',
            onclick: async () => {
              try {
                await navigator.clipboard.writeText(link.url);
                toast(t('x.copied'));
                announce(t('x.copied'));
              } catch {
                input.focus();
                input.select();
                toast(t('x.copyFailed'), 'error');
              }
            },
          },
          icon('copy'),
          t('x.copy'),
        ),
        h('a', { class: 'btn btn-ghost btn-small', href: link.url, target: '_blank', rel: 'noopener' }, icon('external'), t('x.openLink')),
      ),
    );
  });
  fill(body, 
    h(
      'div',
      { class: 'dist-head' },
      h('p', { class: 'section-hint' }, t('x.lead')),
      h('a', { class: 'btn btn-primary', href: `#/evaluations/${enc(evaluation.id)}/print`, id: 'print-sheet' }, icon('print'), t('x.print')),
    ),
    addressWarning(warning, baseURL),
    evaluation.status === 'draft' ? notice('warn', t('x.draftNote')) : null,
    evaluation.access === 'invitation'
      ? notice('info', t('x.invitationNote'), h('a', { class: 'btn btn-secondary btn-small', href: `#/evaluations/${enc(evaluation.id)}/codes` }, t('ev.tabCodes')))
      : null,
    fallback ? notice('info', t('x.fallback')) : null,
    h('ul', { class: 'venue-grid', id: 'distribution-list' }, cards),
  );
}

// ---------------------------------------------------------------- settings

function drawSettings(page, body) {
  const e = page.evaluation;
  const manage = may('manageEvaluations');
  if (manage && e.status === 'draft') {
    drawDraftEditor(page, body, () => drawPage(page));
    return;
  }
  const groups = e.raterGroups ?? [];
  const totalWeight = groups.reduce((sum, g) => sum + (g.weight ?? 1), 0);
  const fact = (label, value) => [h('dt', {}, label), h('dd', {}, value ?? t('ev.notSet'))];
  const attendeeURL = `${location.origin}${e.attendeePath}`;
  fill(body, 
    h(
      'div',
      { class: 'settings-grid' },
      h(
        'section',
        { class: 'card', 'aria-labelledby': 'set-meeting' },
        h('h2', { class: 'section-title', id: 'set-meeting' }, t('e.sectionMeeting')),
        h(
          'dl',
          { class: 'facts' },
          fact(t('ev.questionnaire'), h('a', { href: `#/questionnaires/${enc(e.questionnaire.id)}/versions/${e.questionnaire.version}` }, `${e.questionnaire.id} v${e.questionnaire.version}`)),
          fact(t('e.meetingType'), t(`type.${e.meetingType}`)),
          fact(t('ev.meetingDate'), formatDate(e.meetingDate)),
          fact(t('ev.expected'), e.expectedRespondents ? formatNumber(e.expectedRespondents) : null),
          fact(t('ev.window'), e.opensAt || e.closesAt ? `${e.opensAt ? formatDateTime(e.opensAt) : '…'} – ${e.closesAt ? formatDateTime(e.closesAt) : '…'}` : null),
          fact(t('e.access'), t(`access.${e.access === 'invitation' ? 'invitation' : 'open'}`)),
          fact(t('ev.anonymous'), e.anonymous ? t('yes') : t('no')),
          fact(t('e.sharedDevices'), e.sharedDevices ? t('yes') : t('no')),
          fact(t('ev.screening'), `${t('ev.minSeconds', { n: e.screening?.minSeconds ?? 0 })} · ${e.screening?.excludeFlagged ? t('ev.excludeFlagged') : t('ev.keepFlagged')}`),
          fact(t('ev.createdAt'), formatDateTime(e.createdAt)),
          e.openedAt ? fact(t('ev.openedAt'), formatDateTime(e.openedAt)) : null,
          e.closedAt ? fact(t('ev.closedAt'), formatDateTime(e.closedAt)) : null,
          fact(t('ev.attendeeLink'), h('a', { href: attendeeURL, target: '_blank', rel: 'noopener', class: 'mono break' }, attendeeURL)),
        ),
      ),
      h(
        'section',
        { class: 'card', 'aria-labelledby': 'set-venues' },
        h('h2', { class: 'section-title', id: 'set-venues' }, `${t('ev.venues')}（${(e.venues ?? []).length}）`),
        (e.venues ?? []).length
          ? h('ol', { class: 'plain-list' }, e.venues.map((v) => h('li', {}, h('span', {}, localized(v.name)), h('span', { class: 'mono muted' }, v.id))))
          : h('p', { class: 'muted' }, t('d.noVenues')),
        h('h2', { class: 'section-title spaced', id: 'set-groups' }, `${t('ev.groups')}（${groups.length}）`),
        groups.length
          ? h(
              'ol',
              { class: 'plain-list' },
              groups.map((g) =>
                h('li', {}, h('span', {}, localized(g.name)), h('span', { class: 'muted' }, `${t('q.weight')} ${formatNumber(g.weight ?? 1, { digits: 2, minDigits: 0 })} · ${formatPercent((g.weight ?? 1) / totalWeight)}`)),
              ),
            )
          : h('p', { class: 'muted' }, t('d.noGroups')),
      ),
    ),
    manage && e.status === 'open' ? addVenuePanel(page, { redraw: () => drawPage(page), qrImage, distributionLinks }) : null,
    manage && e.status === 'closed' ? archivePanel(page, () => drawPage(page)) : null,
  );
}

// ---------------------------------------------------------------- print sheet

async function renderPrint(main, evaluation) {
  const back = `#/evaluations/${enc(evaluation.id)}/distribution`;
  fill(main, loadingBlock());
  const { links, warning, baseURL } = await distributionLinks(evaluation);
  const toolbar = h(
    'div',
    { class: 'print-toolbar no-print' },
    h(
      'div',
      { class: 'print-toolbar-text' },
      h('h1', { class: 'page-title', tabindex: '-1' }, t('p.title')),
      h('p', { class: 'section-hint' }, t('p.hint')),
    ),
    h(
      'div',
      { class: 'page-actions' },
      h('a', { class: 'btn btn-secondary', href: back }, icon('back'), t('p.backToEvaluation')),
      h('button', { type: 'button', class: 'btn btn-primary', id: 'print-now', onclick: () => window.print() }, icon('print'), t('p.printNow')),
    ),
  );
  const cards = links.map((link) => {
    const name = link.venue ? localized(link.venue.name, 'zh') || link.venue.id : t('x.general');
    const english = link.venue && typeof link.venue.name === 'object' && link.venue.name.en && link.venue.name.en !== name ? link.venue.name.en : null;
    // Long names get a smaller size, so that the card keeps the code, the instructions and the link.
    const length = [...name].length;
    const size = length > 28 ? 'print-venue-longer' : length > 14 ? 'print-venue-long' : null;
    return h(
      'li',
      { class: 'print-card', 'data-venue': link.venue?.id ?? '' },
      h('div', { class: 'print-card-body' },
      h('p', { class: 'print-meeting' }, evaluation.title),
      h('h2', { class: ['print-venue', size] }, name),
      english ? h('p', { class: 'print-venue-en', lang: 'en' }, english) : null,
      qrImage(link, name, 'qr-print'),
      h('p', { class: 'print-instructions' }, t('p.instructions')),
      h('p', { class: 'print-instructions-en', lang: 'en' }, t('p.instructionsEn')),
      h('p', { class: 'print-url mono' }, link.url),
      ),
    );
  });
  fill(main,
    toolbar,
    h(
      'section',
      { class: 'print-sheet', 'aria-label': t('p.title') },
      addressWarning(warning, baseURL, 'print-warning'),
      h(
        'header',
        { class: 'print-head' },
        h('p', { class: 'print-head-title' }, evaluation.title),
        h('p', { class: 'print-head-date' }, formatDate(evaluation.meetingDate)),
      ),
      h('ul', { class: 'print-grid', id: 'print-grid' }, cards),
    ),
  );
  return undefined;
}
