import type { Evaluator } from '../context';

/** Grades one quiz question. The detail explains the options the learner got wrong, never the right ones. */
export const answer: Evaluator<'answer'> = (expect, ctx) => {
  const question = ctx.exercise.questions?.find((q) => q.id === expect.question);
  if (!question) return { passed: false, detail: `This exercise has no question "${expect.question}".` };
  const given = ctx.answers[question.id];
  if (given === undefined || (Array.isArray(given) && given.length === 0) || given === '') {
    return { passed: false, detail: 'You have not answered this question yet.' };
  }
  const chosen = Array.isArray(given) ? given : [given];
  const option = (id: string) => question.options.find((o) => o.id === id);
  const unknown = chosen.filter((id) => !option(id));
  if (unknown.length) return { passed: false, detail: `Your answer names option(s) this question does not have: ${unknown.join(', ')}.` };
  if (new Set(chosen).size !== chosen.length) return { passed: false, detail: 'Your answer picks the same option more than once.' };

  if (question.type === 'order') {
    const right = question.answer ?? [];
    if (chosen.length !== right.length) return { passed: false, detail: `Put all ${right.length} items in order; your answer has ${chosen.length}.` };
    const wrongAt = chosen.findIndex((id, i) => id !== right[i]);
    if (wrongAt < 0) return { passed: true };
    return { passed: false, detail: `The first item out of place is at position ${wrongAt + 1} ("${option(chosen[wrongAt])?.text}").` };
  }
  if (question.type === 'single' && chosen.length !== 1) return { passed: false, detail: 'Pick exactly one option.' };
  const wrongPicks = chosen.map((id) => option(id)!).filter((o) => !o.correct);
  const missed = question.options.filter((o) => o.correct && !chosen.includes(o.id)).length;
  if (wrongPicks.length === 0 && missed === 0) return { passed: true };
  const parts = wrongPicks.map((o) => `You picked "${o.text}": ${o.explanation}`);
  if (missed > 0 && question.type === 'multi') parts.push(`You left out ${missed === 1 ? 'one right option' : `${missed} right options`}.`);
  return { passed: false, detail: parts.join(' ') };
};
