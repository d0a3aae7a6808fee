// The evaluation delivered with the page: the server writes the same JSON that
// `GET /api/public/evaluations/{slug}` answers into a non-executed
// `<script type="application/json" id="evaluation-data">` block of `/e/{slug}`, so the form
// can be drawn without a second trip. A page without it (an unknown slug, the console's
// preview) falls back to asking the API.

/** The id of the data block in attendee.html. */
export const DATA_ID = 'evaluation-data';

/**
 * `{kind: 'ok', evaluation}` when the page carries this slug's evaluation, else null (then the
 * page asks the API). Read once: a later call (after a refresh) gets null.
 */
export function deliveredEvaluation(slug) {
  const block = document.getElementById(DATA_ID);
  if (!block) return null;
  const raw = block.textContent;
  block.remove();
  if (!raw || !raw.trim()) return null;
  let evaluation;
  try {
    evaluation = JSON.parse(raw);
  } catch {
    return null;
  }
  if (!evaluation || typeof evaluation !== 'object' || !evaluation.questionnaire) return null;
  if (typeof evaluation.slug === 'string' && evaluation.slug !== slug) return null;
  return { kind: 'ok', evaluation };
}
