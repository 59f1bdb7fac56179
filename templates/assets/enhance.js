// Progressive enhancement, loaded as a module after the page works without it. Each behaviour lives in its own
// module and finds its elements by data- attributes; a page without them costs nothing.
import { enhanceAutosave } from './autosave.js';
import { enhanceConditionalQuestions } from './conditional-questions.js';
import { enhanceFieldLinks } from './focus-field.js';
import { enhanceRows } from './inventory-rows.js';
import { enhancePackageProgress } from './package-progress.js';

const summary = document.querySelector('[data-error-summary]');
if (summary && document.activeElement !== summary) summary.focus();
enhanceConditionalQuestions();
enhanceRows();
enhanceFieldLinks();
enhanceAutosave();
enhancePackageProgress();
