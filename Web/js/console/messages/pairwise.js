// The words of the builder's pairwise-comparison (AHP) editor.

export default {
  zh: {
    'ahp.title': '层次分析法（两两比较）权重',
    'ahp.toggle': '用两两比较（层次分析法）确定一级指标权重',
    'ahp.hint': '对每一对指标，判断哪个更重要、重要多少（Saaty 1–9 标度）。权重取判断矩阵的主特征向量；一致性比率 CR 须不大于 0.10。',
    'ahp.pair': '{a} 与 {b}',
    'ahp.equal': '同等重要',
    'ahp.more': '{x} 比 {y} 重要 {k} 倍',
    'ahp.weights': '由判断得出的权重',
    'ahp.consistency': 'λmax = {lambda}，CI = {ci}，CR = {cr}',
    'ahp.consistent': '一致性可以接受（CR ≤ 0.10）。',
    'ahp.inconsistent': '判断不一致：CR = {cr}，大于 0.10。最不一致的三项是 {a}、{b}、{c}（{a}/{b} × {b}/{c} ÷ {a}/{c} = {product}，一致时应为 1）。请调整这三项之间的判断；CR 不大于 0.10 之前无法保存。',
    'ahp.tooFew': '至少需要两个计分的一级指标才能两两比较。',
    'ahp.tooMany': '两两比较最多支持 {n} 个一级指标。',
    'ahp.derived': '由两两比较得出',
  },
  en: {
    'ahp.title': 'Weights by pairwise comparison (AHP)',
    'ahp.toggle': 'Derive the dimension weights from pairwise judgments (AHP)',
    'ahp.hint': 'For every pair of dimensions, judge which matters more and by how much (Saaty’s 1–9 scale). The weights are the principal eigenvector of the judgments; their consistency ratio CR must be at most 0.10.',
    'ahp.pair': '{a} versus {b}',
    'ahp.equal': 'equally important',
    'ahp.more': '{x} is {k}× as important as {y}',
    'ahp.weights': 'Weights from the judgments',
    'ahp.consistency': 'λmax = {lambda}, CI = {ci}, CR = {cr}',
    'ahp.consistent': 'Consistent enough (CR ≤ 0.10).',
    'ahp.inconsistent': 'The judgments are inconsistent: CR = {cr} is above 0.10. The most inconsistent triple is {a}, {b}, {c} ({a}/{b} × {b}/{c} ÷ {a}/{c} = {product}, where consistent judgments give 1). Change the judgments among these three; the questionnaire cannot be saved until CR is at most 0.10.',
    'ahp.tooFew': 'Pairwise comparison needs at least two scored dimensions.',
    'ahp.tooMany': 'Pairwise comparison takes at most {n} dimensions.',
    'ahp.derived': 'from the pairwise judgments',
  },
};
