// Registers the console's words (Chinese and English, one table per area in messages/) with
// the shared i18n (shared/i18n.js), which holds the language and `t()`. main.js imports this
// module first.

import { addMessages } from '../shared/i18n.js';
import common from './messages/common.js';
import questionnaires from './messages/questionnaires.js';
import evaluations from './messages/evaluations.js';
import access from './messages/access.js';
import accounts from './messages/accounts.js';
import pairwise from './messages/pairwise.js';
import organizations from './messages/organizations.js';
import facts from './messages/facts.js';

import followUp from './messages/follow-up.js';

for (const table of [common, questionnaires, evaluations, access, accounts, pairwise, organizations, facts, followUp]) addMessages(table);
