// Live figures of an evaluation. Server-Sent Events first (`GET …/live`, `event: snapshot`);
// EventSource reconnects by itself after network trouble. When the server refuses the
// stream (an HTTP error closes it for good), the figures are polled instead.

import { api, paths } from './api.js';

export const POLL_SECONDS = 5;

/**
 * Starts following evaluation `id`. `onSnapshot(snapshot)` gets each snapshot
 * ({status, phase, acceptingResponses, received, expectedRespondents, byVenue, byRaterGroup,
 * overall, at}); `onState(state)` gets 'connecting' | 'live' | 'reconnecting' |
 * 'polling' | 'offline'. Returns a function that stops everything.
 */
export function followEvaluation(id, { onSnapshot, onState }) {
  let source = null;
  let timer = null;
  let stopped = false;

  function startStream() {
    if (typeof EventSource === 'undefined') {
      startPolling();
      return;
    }
    onState('connecting');
    source = new EventSource(paths.live(id));
    source.addEventListener('open', () => {
      if (!stopped) onState('live');
    });
    source.addEventListener('snapshot', (event) => {
      if (stopped) return;
      let snapshot = null;
      try {
        snapshot = JSON.parse(event.data);
      } catch {
        return;
      }
      onState('live');
      onSnapshot(snapshot);
    });
    source.addEventListener('error', () => {
      if (stopped || !source) return;
      if (source.readyState === EventSource.CLOSED) {
        // Refused (no such route yet, or an error status): fall back to polling.
        source.close();
        source = null;
        startPolling();
      } else {
        onState('reconnecting');
      }
    });
  }

  async function pollOnce() {
    const [evaluation, scorecard] = await Promise.all([api.evaluation(id), api.scorecard(id)]);
    if (stopped) return;
    if (!evaluation.ok) {
      onState('offline');
      return;
    }
    const e = evaluation.data;
    const overall = scorecard.ok
      ? {
          score: scorecard.data?.overall?.score ?? null,
          grade: scorecard.data?.overall?.grade ?? null,
          included: scorecard.data?.responses?.included ?? scorecard.data?.overall?.n ?? 0,
        }
      : null;
    onState('polling');
    onSnapshot({
      status: e.status,
      phase: e.phase,
      acceptingResponses: e.acceptingResponses,
      received: e.counts?.responses ?? 0,
      expectedRespondents: e.expectedRespondents ?? null,
      byVenue: e.counts?.byVenue ?? {},
      byRaterGroup: e.counts?.byRaterGroup ?? {},
      overall,
      at: new Date().toISOString(),
    });
  }

  function startPolling() {
    const tick = async () => {
      await pollOnce();
      if (!stopped) timer = setTimeout(tick, POLL_SECONDS * 1000);
    };
    tick();
  }

  startStream();
  return () => {
    stopped = true;
    source?.close();
    source = null;
    clearTimeout(timer);
  };
}
