// The page's own words in Chinese and English. Questionnaire texts come from the
// questionnaire; these are only the labels around them.

const MESSAGES = {
  zh: {
    brand: '会议质量评估',
    language: '语言',
    loading: '正在加载评价表…',
    unknownTitle: '链接无效',
    unknownBody: '没有找到与此链接对应的评价。请核对链接或重新扫描二维码，也可以向会议组织方索取正确的链接。',
    notOpenTitle: '评价尚未开始',
    notOpenBody: '评价开放后即可填写，请稍后再来。',
    opensAt: '开放时间：{time}',
    closedTitle: '评价已结束',
    closedBody: '本次评价已停止收集意见，感谢您的关注。',
    checkAgain: '重新检查',
    loadErrorTitle: '暂时无法打开评价表',
    loadErrorBody: '请检查网络连接后重试。',
    reload: '重新加载',
    thanksTitle: '谢谢您的评价',
    thanksBody: '您的意见已成功提交，将用于改进会议质量。',
    receipt: '回执编号',
    another: '再填写一份',
    anonymous: '匿名填写',
    questionCount: '共 {n} 题',
    closesAt: '{time} 截止',
    requiredNote: '为必答题',
    requiredMark: '（必答）',
    about: '基本信息',
    venue: '所在会场',
    raterGroup: '您的身份',
    choose: '请选择',
    preset: '已按链接预选，如有误可以更改。',
    notApplicable: '不适用',
    maxSelections: '最多选 {n} 项',
    selectedCount: '已选 {k} 项，最多 {n} 项',
    questionLabel: '第 {n} 题',
    characters: '字数',
    progress: '已答 {a}/{n}',
    submit: '提交评价',
    sending: '正在提交…',
    retrying: '网络不稳定，正在重试（第 {n} 次）…',
    retryFailed: '提交没有成功，您的答案已保存在本机。请检查网络后点击“重试”。',
    retry: '重试',
    resumePending: '上次的提交尚未确认，正在重新提交…',
    summary: '还有 {n} 处需要填写或修改：',
    serverSummary: '提交未被接受：',
    'err.required': '请回答此题',
    'err.venue': '请选择所在会场',
    'err.raterGroup': '请选择您的身份',
    'err.range': '请选择 {min} 到 {max} 之间的分值',
    'err.notApplicable': '此题不能选“不适用”',
    'err.option': '请从列出的选项中选择',
    'err.tooMany': '最多只能选 {max} 项',
    'err.tooLong': '不能超过 {max} 字（当前 {length} 字）',
    'err.invalid': '答案格式不正确',
    'err.server': '服务器暂时无法处理，请稍后重试。',
    'err.tooLarge': '提交的内容过大，请缩短文字后重试。',
    'err.badRequest': '提交的内容无法识别，请刷新页面后重试。',
    'type.teleconference': '电视电话会议',
    'type.plenary': '全体会议',
    'type.conference': '大会',
    'type.other': '会议',
    codeTitle: '请输入邀请码',
    codeBody: '本次评价凭邀请码填写。邀请码印在会场发放的卡片上，每个只能使用一次。',
    codeLabel: '邀请码',
    codeHint: '共 10 位，形如 K7M2P-Q9RTX；不区分大小写，空格和横线可有可无。',
    codeContinue: '继续',
    codeChecking: '正在核对…',
    codeWait: '请稍候（{n} 秒）',
    codeMissing: '请输入邀请码。',
    codeFormat: '邀请码应为 10 位，由数字 2–9 和字母组成（没有 0、1、I、L、O），请核对卡片。',
    codeInvalid: '邀请码无效，请核对卡片上的邀请码。',
    codeUsed: '该邀请码已被使用。',
    codeUsedMeanwhile: '该邀请码已被使用（可能有人刚刚用它提交了评价），您的答卷没有提交。您已填写的答案仍保留在本机；如有其他邀请码，请输入后再提交。',
    codeTooMany: '输错次数过多，请稍后再试。',
    codeTooManyWait: '输错次数过多，请 {n} 秒后再试。',
    codeNetwork: '无法连接服务器，请检查网络后重试。',
    codeAccepted: '邀请码有效，请填写评价。',
    lockedVenue: '已按邀请码确定会场。',
    lockedGroup: '已按邀请码确定身份。',
  },
  en: {
    brand: 'Meeting evaluation',
    language: 'Language',
    loading: 'Loading the evaluation…',
    unknownTitle: 'This link is not valid',
    unknownBody: 'No evaluation belongs to this link. Please check the link or scan the QR code again, or ask the meeting organizer for the right link.',
    notOpenTitle: 'This evaluation is not open yet',
    notOpenBody: 'You can answer once it opens. Please come back later.',
    opensAt: 'Opens {time}',
    closedTitle: 'This evaluation is closed',
    closedBody: 'It no longer accepts answers. Thank you for your interest.',
    checkAgain: 'Check again',
    loadErrorTitle: 'The evaluation could not be loaded',
    loadErrorBody: 'Please check your connection and try again.',
    reload: 'Try again',
    thanksTitle: 'Thank you for your evaluation',
    thanksBody: 'Your answers have been received and will help make meetings better.',
    receipt: 'Receipt no.',
    another: 'Fill in another response',
    anonymous: 'Anonymous',
    questionCount: '{n} questions',
    closesAt: 'Closes {time}',
    requiredNote: 'marks a required question',
    requiredMark: ' (required)',
    about: 'About you',
    venue: 'Your venue',
    raterGroup: 'You are answering as',
    choose: 'Please choose',
    preset: 'Preselected from your link; change it if it is wrong.',
    notApplicable: 'Not applicable',
    maxSelections: 'Choose up to {n}',
    selectedCount: '{k} of up to {n} chosen',
    questionLabel: 'Question {n}',
    characters: 'characters',
    progress: '{a} of {n} answered',
    submit: 'Submit',
    sending: 'Sending…',
    retrying: 'Connection problem, retrying (attempt {n})…',
    retryFailed: 'Your answers could not be sent yet; they are saved on this device. Check your connection and press “Retry”.',
    retry: 'Retry',
    resumePending: 'Your last submission was not confirmed; sending it again…',
    summary: '{n} answers need your attention:',
    serverSummary: 'The submission was not accepted:',
    'err.required': 'Please answer this question',
    'err.venue': 'Please choose your venue',
    'err.raterGroup': 'Please choose who you are answering as',
    'err.range': 'Choose a value from {min} to {max}',
    'err.notApplicable': '“Not applicable” is not allowed here',
    'err.option': 'Choose one of the listed options',
    'err.tooMany': 'Choose at most {max}',
    'err.tooLong': 'At most {max} characters (now {length})',
    'err.invalid': 'This answer is not valid',
    'err.server': 'The server could not handle this right now. Please try again later.',
    'err.tooLarge': 'The answers are too long to send. Please shorten your text.',
    'err.badRequest': 'The submission could not be read. Please reload the page and try again.',
    'type.teleconference': 'Teleconference',
    'type.plenary': 'Plenary session',
    'type.conference': 'Conference',
    'type.other': 'Meeting',
    codeTitle: 'Enter your invitation code',
    codeBody: 'This evaluation needs an invitation code. You find it on the card handed out at your venue; each code works once.',
    codeLabel: 'Invitation code',
    codeHint: '10 characters, like K7M2P-Q9RTX; capitals, spaces and dashes do not matter.',
    codeContinue: 'Continue',
    codeChecking: 'Checking…',
    codeWait: 'Please wait ({n} s)',
    codeMissing: 'Please enter your invitation code.',
    codeFormat: 'A code has 10 characters: digits 2–9 and letters (no 0, 1, I, L or O). Please check your card.',
    codeInvalid: 'This invitation code is not valid. Please check your card.',
    codeUsed: 'This invitation code has already been used.',
    codeUsedMeanwhile: 'This invitation code has already been used (perhaps someone just submitted with it), so your answers were not sent. They are still saved on this device; enter another code to submit them.',
    codeTooMany: 'Too many wrong codes. Please try again later.',
    codeTooManyWait: 'Too many wrong codes. Please try again in {n} seconds.',
    codeNetwork: 'The server could not be reached. Check your connection and try again.',
    codeAccepted: 'Code accepted. Please answer the evaluation.',
    lockedVenue: 'Set by your invitation code.',
    lockedGroup: 'Set by your invitation code.',
  },
};

/** Names of languages in their own language, for the switch. */
const LANGUAGE_NAMES = { zh: '中文', en: 'English', fr: 'Français', de: 'Deutsch', ru: 'Русский', ja: '日本語', ko: '한국어' };

/** The page's own words exist in Chinese and English; other locales read English. */
export function uiLanguage(locale) {
  return String(locale || '').toLowerCase().startsWith('zh') ? 'zh' : 'en';
}

export function languageName(locale) {
  if (LANGUAGE_NAMES[locale]) return LANGUAGE_NAMES[locale];
  return uiLanguage(locale) === 'zh' ? LANGUAGE_NAMES.zh : String(locale);
}

/** A BCP 47 tag for `<html lang>` and date formatting. */
export function languageTag(locale) {
  return locale === 'zh' ? 'zh-CN' : locale;
}

/** The message `key` in the page language for `locale`, with `{name}` filled in. */
export function t(locale, key, params = {}) {
  const table = MESSAGES[uiLanguage(locale)];
  const template = table[key] ?? MESSAGES.en[key] ?? key;
  return template.replace(/\{(\w+)\}/g, (match, name) => (name in params ? String(params[name]) : match));
}

export function otherLanguage(locale) {
  return uiLanguage(locale) === 'zh' ? 'en' : 'zh';
}

/** A meeting date `YYYY-MM-DD` written for people, without time-zone drift. */
export function formatDate(isoDate, locale) {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate ?? '');
  if (!match) return isoDate ?? '';
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  try {
    return new Intl.DateTimeFormat(languageTag(locale), { dateStyle: 'long', timeZone: 'UTC' }).format(date);
  } catch {
    return isoDate;
  }
}

/** A moment (ISO 8601) in the reader's own time zone. */
export function formatDateTime(iso, locale) {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso ?? '';
  try {
    return new Intl.DateTimeFormat(languageTag(locale), { dateStyle: 'long', timeStyle: 'short' }).format(date);
  } catch {
    return date.toISOString();
  }
}
