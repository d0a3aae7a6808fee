// Moved to shared/account-menu.js; this name stays until every page imports it from there.
export * from './shared/account-menu.js';
