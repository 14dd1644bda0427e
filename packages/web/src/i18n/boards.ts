/**
 * The words for board cards with their numbers and for arranging the overview's tiles, in
 * English and Chinese. Spread into `en.ts` and `zh.ts`.
 */

const boardsEn = {
  boardCards: {
    vs: 'vs {{value}}',
    change: 'Change',
    noRows: 'No data in this period.',
    more: '{{count}} more rows in Explore',
    failed: 'This view could not be answered; open it in Explore to see why.',
  },
  tiles: {
    edit: 'Edit tiles',
    done: 'Done',
    title: 'Tiles on the overview',
    add: 'Add a KPI…',
    remove: 'Remove {{kpi}}',
    left: 'Move {{kpi}} earlier',
    right: 'Move {{kpi}} later',
    forWorkspace: 'For everyone in this workspace',
    forMe: 'Only for me',
    save: 'Save tiles',
    reset: 'Back to the defaults',
    resetMine: 'Back to the workspace’s tiles',
    source: { defaults: 'Default tiles', workspace: 'The workspace’s tiles', mine: 'Your own tiles' },
  },
};

const boardsZh: typeof boardsEn = {
  boardCards: {
    vs: '对比 {{value}}',
    change: '变化',
    noRows: '本期没有数据。',
    more: '另有 {{count}} 行，请在探索中查看',
    failed: '此视图无法计算；在探索中打开以查看原因。',
  },
  tiles: {
    edit: '编辑指标卡',
    done: '完成',
    title: '概览上的指标卡',
    add: '添加指标…',
    remove: '移除{{kpi}}',
    left: '将{{kpi}}前移',
    right: '将{{kpi}}后移',
    forWorkspace: '对本工作区所有人生效',
    forMe: '仅对我生效',
    save: '保存指标卡',
    reset: '恢复默认',
    resetMine: '恢复为工作区的指标卡',
    source: { defaults: '默认指标卡', workspace: '工作区的指标卡', mine: '我的指标卡' },
  },
};

export const boardsTexts = { en: boardsEn, zh: boardsZh };
