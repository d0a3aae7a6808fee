// Moved to attendee/question-view.js (and the element builder to shared/dom.js); this name
// stays until every page imports them from there.
export * from './attendee/question-view.js';
export { appendChildren, applyStyle, h, icon } from './shared/dom.js';
