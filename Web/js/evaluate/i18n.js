// The evaluator pages' own words in Chinese (the default) and English, registered with the
// shared i18n (one t(), one language store for every page). Titles, names and grades inside a
// scorecard come from the server in the chosen locale.

import { addMessages } from '../shared/i18n.js';
import zh from './messages-zh.js';
import en from './messages-en.js';

addMessages({ zh, en });
