/**
 * The words of one's own account page: changing the password and the list of where one is
 * logged in, in English and Chinese. Spread into `en.ts` and `zh.ts`; the type keeps the two alike.
 */

const accountEn = {
  account: {
    title: 'Your account',
    open: 'Your account',
    password: 'Password',
    currentPassword: 'Current password',
    newPassword: 'New password',
    repeatPassword: 'New password again',
    passwordRule: 'At least 10 characters, and not one guessed first (a common word, a run of keys).',
    mismatch: 'The two new passwords differ.',
    changePassword: 'Change password',
    passwordChanged: 'Password changed. Your other sessions have ended.',
    sessions: 'Where you are logged in',
    sessionsHint: 'Each login is a session. End one you do not recognise, or left open elsewhere.',
    started: 'Logged in',
    ends: 'Ends unless used',
    thisDevice: 'This browser',
    end: 'End',
    endThis: 'Log out here',
  },
};

type AccountTexts = typeof accountEn;

const accountZh: AccountTexts = {
  account: {
    title: '我的账号',
    open: '我的账号',
    password: '密码',
    currentPassword: '当前密码',
    newPassword: '新密码',
    repeatPassword: '再次输入新密码',
    passwordRule: '至少 10 个字符，且不能是最先被猜到的密码（常见词、连续按键）。',
    mismatch: '两次输入的新密码不一致。',
    changePassword: '修改密码',
    passwordChanged: '密码已修改，你的其他会话已结束。',
    sessions: '登录中的设备',
    sessionsHint: '每次登录是一个会话。结束你不认识的会话，或在别处忘记退出的会话。',
    started: '登录时间',
    ends: '闲置到期',
    thisDevice: '当前浏览器',
    end: '结束',
    endThis: '在此退出',
  },
};

export const accountTexts = { en: accountEn, zh: accountZh };
