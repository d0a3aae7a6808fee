// Moved to shared/session.js; this name stays until every page imports it from there.
export * from './shared/session.js';
