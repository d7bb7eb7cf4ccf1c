// A campaign's server-sent events. The stream resumes where it left off after a drop: the browser
// sends Last-Event-ID on reconnect, and the service replays the persisted log after it.

const TYPES = [
  'campaign.created', 'campaign.status', 'campaign.phase',
  'candidate.proposed', 'candidate.validated', 'candidate.started', 'candidate.progress', 'candidate.finished',
  'job.finished', 'job.retried',
];

/**
 * Subscribes after `lastEventId` (read before the page's snapshot, so nothing is missed).
 * onEvent(type, event) gets each event; onState('open' | 'reconnecting' | 'closed') the connection.
 * Returns a function that closes the stream.
 */
export function subscribe(campaignId, lastEventId, onEvent, onState) {
  const source = new EventSource(`/api/campaigns/${campaignId}/events?lastEventId=${lastEventId}`);
  for (const type of TYPES) {
    source.addEventListener(type, (message) => {
      let event;
      try {
        event = JSON.parse(message.data);
      } catch {
        return;
      }
      onEvent(type, event);
    });
  }
  source.onopen = () => onState('open');
  source.onerror = () => onState(source.readyState === EventSource.CLOSED ? 'closed' : 'reconnecting');
  return () => source.close();
}

/** Runs fn at most once per `ms`, trailing: many events in a burst cost one refresh. */
export function throttle(fn, ms) {
  let timer = null;
  let pending = false;
  let last = 0;
  const run = () => {
    timer = null;
    pending = false;
    last = Date.now();
    fn();
  };
  const throttled = () => {
    if (timer) {
      pending = true;
      return;
    }
    const wait = Math.max(0, ms - (Date.now() - last));
    timer = setTimeout(run, wait);
  };
  throttled.cancel = () => {
    if (timer) {
      clearTimeout(timer);
    }
    timer = null;
    pending = false;
  };
  throttled.pending = () => pending;
  return throttled;
}
