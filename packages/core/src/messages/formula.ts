/**
 * What the formula language and the query planner say of a formula, a filter or a query they
 * refuse: each problem a key and its parameters (the name, the suggestion, the position), with
 * its hint as a message of its own in the parameter `hint` (see `problemHint`). The English is
 * the text these problems have always carried; positions are 0-based offsets, as the underline
 * uses them. Formulas, names and functions are code and stay as written in both languages.
 */
import { closestNames, type Problem } from '../errors.js';
import { FACTS } from '../model/facts.js';
import { type MessageFormat, type MessageLanguage, type MessageTable, type Said, sayMessage } from './say.js';

export const FORMULA_MESSAGES = {
  // Pieces said inside others.
  'formula.end_of_formula': { en: 'end of formula', zh: '公式末尾' },
  'formula.part_at': { en: 'the part at {at}', zh: '第 {at, offset} 个字符处的部分' },
  'formula.fact': { en: '{fact, fact}', zh: '{fact, fact}' },
  'formula.place.call': { en: '{name}(…)', zh: '`{name}(…)`' },
  'formula.place.count_if_condition': { en: 'a count_if(…) condition', zh: '`count_if(…)` 的条件' },
  'formula.arity.exactly': { en: 'exactly {count, arguments}', zh: '恰好 {count, arguments}' },
  'formula.arity.at_least': { en: 'at least {count, arguments}', zh: '至少 {count, arguments}' },
  'formula.arity.between': { en: '{min} to {max} arguments', zh: '{min} 到 {max} 个参数' },

  // Reading the text.
  'formula.not_text': { en: 'a formula must be text', zh: '公式必须是文字' },
  'formula.too_long': {
    en: 'the formula is {length} characters long; the limit is {limit}',
    zh: '公式长 {length} 个字符，上限为 {limit}',
  },
  'formula.empty': { en: 'the formula is empty', zh: '公式为空' },
  'formula.internal': {
    en: 'internal error while reading the formula: {detail}',
    zh: '读取公式时出现内部错误：{detail}',
  },
  'formula.too_deep': {
    en: 'the formula nests more than {limit} levels deep at {at}',
    zh: '公式在第 {at, offset} 个字符处嵌套超过 {limit} 层',
  },
  'formula.too_many_problems': {
    en: 'more than {limit} problems; only the first {limit} are shown',
    zh: '问题超过 {limit} 个，只显示前 {limit} 个',
  },
  'formula.double_quote': {
    en: 'unexpected double quote at {at}: text goes in single quotes',
    zh: '第 {at, offset} 个字符处出现双引号：文字要放在单引号里',
  },
  'formula.backquote': {
    en: 'unexpected backquote at {at}: names are written without quotes',
    zh: '第 {at, offset} 个字符处出现反引号：名称不加引号',
  },
  'formula.comment': {
    en: 'unexpected `{mark}` at {at}: formulas have no comments',
    zh: '第 {at, offset} 个字符处出现 `{mark}`：公式里不能写注释',
  },
  'formula.unexpected_characters': {
    en: "unexpected `{run}` at {at}: formulas can't contain `{run}`",
    zh: '第 {at, offset} 个字符处出现 `{run}`：公式里不能有 `{run}`',
  },
  'formula.not_a_number': {
    en: '`{text}` at {at} is not a number',
    zh: '第 {at, offset} 个字符处的 `{text}` 不是数字',
  },
  'formula.number_too_large': {
    en: '`{text}` at {at} is too large a number',
    zh: '第 {at, offset} 个字符处的数字 `{text}` 太大',
  },
  'formula.text_unclosed': {
    en: 'the text starting at {at} is never closed',
    zh: '从第 {at, offset} 个字符开始的文字没有结束的引号',
  },
  'formula.unmatched_close': {
    en: 'unexpected `)` at {at}: there is no `(` for it to close',
    zh: '第 {at, offset} 个字符处多了 `)`：前面没有与之配对的 `(`',
  },
  'formula.expected_operator_or_end': {
    en: 'unexpected {token} at {at}: expected an operator or the end of the formula',
    zh: '第 {at, offset} 个字符处出现 {token}：这里应是运算符或公式结束',
  },
  'formula.chained_comparison': {
    en: "unexpected {token} at {at}: comparisons can't be chained",
    zh: '第 {at, offset} 个字符处出现 {token}：比较不能连写',
  },
  'formula.expected_operator_or_close': {
    en: 'unexpected {token} at {at}: expected an operator or `)`',
    zh: '第 {at, offset} 个字符处出现 {token}：这里应是运算符或 `)`',
  },
  'formula.not_needs_parentheses': {
    en: "unexpected `{text}` at {at}: `not` can't go here without parentheses",
    zh: '第 {at, offset} 个字符处出现 `{text}`：`not` 在这里必须加括号',
  },
  'formula.ends_early_after': {
    en: 'the formula ends too early: expected a value after {token}',
    zh: '公式提前结束：{token} 之后应有一个值',
  },
  'formula.ends_early': {
    en: 'the formula ends too early: expected a value',
    zh: '公式提前结束：应有一个值',
  },
  'formula.expected_value': {
    en: "unexpected {token} at {at}: expected a value (a number, 'text', a name or `(`)",
    zh: "第 {at, offset} 个字符处出现 {token}：这里应是一个值（数字、`'文字'`、名称或 `(`）",
  },
  'formula.expected_comma_or_close_call': {
    en: 'unexpected {token} at {at}: expected `,` or `)` in {name}(…)',
    zh: '第 {at, offset} 个字符处出现 {token}：`{name}(…)` 中这里应是 `,` 或 `)`',
  },
  'formula.in_needs_list': {
    en: '`in` at {at} needs a list in parentheses',
    zh: '第 {at, offset} 个字符处的 `in` 后面需要一个括号括起的列表',
  },
  'formula.in_list_empty': { en: 'an `in` list needs at least one value', zh: '`in` 列表至少要有一个值' },
  'formula.expected_comma_or_close_in': {
    en: 'unexpected {token} at {at}: expected `,` or `)` in the `in` list',
    zh: '第 {at, offset} 个字符处出现 {token}：`in` 列表中这里应是 `,` 或 `)`',
  },
  'formula.unclosed': {
    en: 'missing `)`: the `(` at {at} is never closed',
    zh: '缺少 `)`：第 {at, offset} 个字符处的 `(` 没有闭合',
  },
  'formula.unclosed_call': {
    en: 'missing `)`: the `(` of {name}(…) at {at} is never closed',
    zh: '缺少 `)`：第 {at, offset} 个字符处 `{name}(…)` 的 `(` 没有闭合',
  },

  // Checking names, functions and units.
  'formula.unknown_name': { en: 'unknown name `{name}`', zh: '未知的名称 `{name}`' },
  'formula.unknown_function': { en: 'unknown function `{name}`', zh: '未知的函数 `{name}`' },
  'formula.text_as_value': {
    en: "text {part} can't be a value in a KPI formula",
    zh: '文字 {part} 不能作为 KPI 公式中的值',
  },
  'formula.condition_as_value': {
    en: '{part} is a condition; conditions only go inside count_if(…)',
    zh: '{part} 是一个条件；条件只能写在 `count_if(…)` 里',
  },
  'formula.condition_in_row': {
    en: "{part} is a condition; conditions can't go inside {within}(…)",
    zh: '{part} 是一个条件；条件不能写在 `{within}(…)` 里',
  },
  'formula.condition_as_number': {
    en: '{part} is a condition, used here as a number',
    zh: '{part} 是一个条件，这里却当作数字使用',
  },
  'formula.dimension_as_value': {
    en: '`{name}` is a dimension: use it in count({name}), count_if({name}, …) or a filter',
    zh: '`{name}` 是维度：请在 `count({name})`、`count_if({name}, …)` 或筛选条件中使用',
  },
  'formula.kpi_in_row': {
    en: '`{name}` is a KPI; {within}(…) works on measures row by row, and a KPI has no rows',
    zh: '`{name}` 是 KPI；`{within}(…)` 逐行计算度量，而 KPI 没有行',
  },
  'formula.kpi_in_item': {
    en: '`{name}` is a KPI; a count_if(…) condition compares measures per item',
    zh: '`{name}` 是 KPI；`count_if(…)` 的条件按每一项比较度量',
  },
  'formula.snapshot_summed': {
    en: "snapshot measures can't be summed over days, and `{name}` is one",
    zh: '快照度量不能按天相加，而 `{name}` 是快照度量',
  },
  'formula.snapshot_in_row': {
    en: "snapshot measures can't go into {within}(…) over rows, and `{name}` is one",
    zh: '快照度量不能放进逐行计算的 `{within}(…)`，而 `{name}` 是快照度量',
  },
  'formula.snapshot_in_item': {
    en: "snapshot measures can't be used in a count_if(…) condition, and `{name}` is one",
    zh: '快照度量不能用在 `count_if(…)` 的条件里，而 `{name}` 是快照度量',
  },
  'formula.wrong_fact_for_count': {
    en: "`{name}` can't be counted per `{dimension}`: its fact ({fact, fact}) has no `{dimension}` dimension",
    zh: '`{name}` 不能按 `{dimension}` 计数：它所在的{fact, fact}没有 `{dimension}` 维度',
  },
  'formula.units_differ': {
    en: '`{operator}` needs the same unit on both sides, but {left} is {leftUnit, unit} and {right} is {rightUnit, unit}',
    zh: '`{operator}` 两边的单位必须相同，但 {left} 是{leftUnit, unit}，{right} 是{rightUnit, unit}',
  },
  'formula.comparison_units_differ': {
    en: '`{operator}` compares values of the same unit, but {left} is {leftUnit, unit} and {right} is {rightUnit, unit}',
    zh: '`{operator}` 只比较单位相同的值，但 {left} 是{leftUnit, unit}，{right} 是{rightUnit, unit}',
  },
  'formula.arguments_units_differ': {
    en: 'the arguments of {name}(…) need the same unit, but {left} is {leftUnit, unit} and {right} is {rightUnit, unit}',
    zh: '`{name}(…)` 的参数单位必须相同，但 {left} 是{leftUnit, unit}，{right} 是{rightUnit, unit}',
  },
  'formula.fallback_unit': {
    en: 'the fallback of {name}(…) needs the unit of the result ({resultUnit, unit}), but {part} is {fallbackUnit, unit}',
    zh: '`{name}(…)` 的备用值必须与结果单位相同（{resultUnit, unit}），但 {part} 是{fallbackUnit, unit}',
  },
  'formula.nested_aggregate': {
    en: "{name}(…) can't go inside {place}: aggregate functions don't nest",
    zh: '`{name}(…)` 不能写在 {place} 里：聚合函数不能嵌套',
  },
  'formula.function_in_aggregate': {
    en: "{name}(…) can't go inside {place}: only arithmetic on measures and numbers can",
    zh: '`{name}(…)` 不能写在 {place} 里：那里只能对度量和数字做算术',
  },
  'formula.count_if_needs_measure': {
    en: 'the condition of count_if(…) needs a measure',
    zh: '`count_if(…)` 的条件需要一个度量',
  },
  'formula.nested_prior': {
    en: "prior(…) can't be nested inside another prior(…)",
    zh: '`prior(…)` 不能嵌套在另一个 `prior(…)` 里',
  },
  'formula.arity': {
    en: '{name}(…) takes {wanted}, got {count}',
    zh: '`{name}(…)` 需要{wanted}，实际有 {count} 个',
  },
  'formula.aggregate_needs_measure': {
    en: '{name}(…) needs a measure to aggregate',
    zh: '`{name}(…)` 需要一个要聚合的度量',
  },
  'formula.mixed_facts': {
    en: '{place} can only combine measures of one fact, but `{first}` is in {firstFact, fact} and `{other}` in {otherFact, fact}',
    zh: '{place} 只能组合同一事实表的度量，但 `{first}` 在{firstFact, fact}，`{other}` 在{otherFact, fact}',
  },
  'formula.count_needs_dimension_name': {
    en: "{name}(…) takes a dimension's name first, e.g. {usage, usage}",
    zh: '`{name}(…)` 的第一个参数应是维度名称，例如 {usage, usage}',
  },
  'formula.counts_dimension': {
    en: '`{name}` is a {kind, kind}, but {function}(…) counts the values of a dimension, e.g. {usage, usage}',
    zh: '`{name}` 是{kind, kind}，而 `{function}(…)` 统计的是维度的取值，例如 {usage, usage}',
  },
  'formula.in_in_count_if': {
    en: '`in` lists compare a dimension with fixed values, so they belong in filters, not in a count_if(…) condition',
    zh: '`in` 列表把维度与固定值比较，应写在筛选条件里，不能写在 `count_if(…)` 的条件中',
  },
  'formula.count_if_needs_condition': {
    en: 'the second argument of count_if(…) must be a condition',
    zh: '`count_if(…)` 的第二个参数必须是条件',
  },
  'formula.opening_needs_name': {
    en: 'opening(…) takes the name of a snapshot measure, e.g. {usage, usage}',
    zh: '`opening(…)` 的参数应是快照度量的名称，例如 {usage, usage}',
  },
  'formula.opening_not_measure': {
    en: '`{name}` is a {kind, kind}, but opening(…) takes a snapshot measure, e.g. {usage, usage}',
    zh: '`{name}` 是{kind, kind}，而 `opening(…)` 需要快照度量，例如 {usage, usage}',
  },
  'formula.opening_not_snapshot': {
    en: 'opening(…) needs a snapshot measure, but `{name}` is a {aggregation, aggregation} measure',
    zh: '`opening(…)` 需要快照度量，但 `{name}` 是{aggregation, aggregation}度量',
  },
  'formula.round_digits': {
    en: 'the second argument of round(…) must be a whole number of decimals from 0 to 10',
    zh: '`round(…)` 的第二个参数必须是 0 到 10 之间的整数小数位数',
  },

  // Filters.
  'formula.filter_two_dimensions': {
    en: '{part} compares two dimensions; a filter compares a dimension with a value',
    zh: '{part} 比较的是两个维度；筛选条件应把维度与一个值比较',
  },
  'formula.filter_two_values': {
    en: '{part} compares two fixed values; a filter compares a dimension with a value',
    zh: '{part} 比较的是两个固定值；筛选条件应把维度与一个值比较',
  },
  'formula.in_left_dimension': {
    en: 'the left side of `in` must be a dimension',
    zh: '`in` 的左边必须是维度',
  },
  'formula.in_value_dimension': {
    en: "the values of an `in` list must be fixed values like 'douyin', not the dimension `{name}`",
    zh: "`in` 列表中的值必须是 `'douyin'` 这样的固定值，不能是维度 `{name}`",
  },
  'formula.in_mixed_types': {
    en: "an `in` list can't mix text and numbers",
    zh: '`in` 列表不能混用文字和数字',
  },
  'formula.filter_condition_side': {
    en: '{part} is a condition; each side of a comparison is a dimension or a value',
    zh: '{part} 是一个条件；比较的每一边应是维度或值',
  },
  'formula.filter_arithmetic': {
    en: "filters compare a dimension with a fixed value; arithmetic like {part} isn't supported",
    zh: '筛选条件把维度与固定值比较，不支持 {part} 这样的算术',
  },
  'formula.filter_bare_dimension': {
    en: 'a filter must be a condition: compare `{name}` with a value',
    zh: '筛选条件必须是一个条件：请把 `{name}` 与一个值比较',
  },
  'formula.filter_not_condition': {
    en: 'a filter must be a condition, but {part} is not',
    zh: '筛选条件必须是一个条件，而 {part} 不是',
  },
  'formula.filter_not_dimension': {
    en: 'filters apply to dimensions; `{name}` is a {kind, kind} — to keep only items above a value use count_if',
    zh: '筛选条件作用于维度；`{name}` 是{kind, kind}——要只保留高于某值的项，请用 `count_if`',
  },
  'formula.filter_function': {
    en: "functions can't be used in filters, and {name}(…) is one",
    zh: '筛选条件里不能用函数，而 `{name}(…)` 是函数',
  },

  // Hints.
  'formula.hint.did_you_mean': {
    en: 'did you mean {names, alternatives}?',
    zh: '是不是想写 {names, alternatives}？',
  },
  'formula.hint.example': { en: 'e.g. {example, usage}', zh: '例如 {example, usage}' },
  'formula.hint.write': { en: 'write {text}', zh: '请写成 `{text}`' },
  'formula.hint.remove_comment': { en: 'remove the comment', zh: '请删去注释' },
  'formula.hint.remove_comment_negate': {
    en: 'remove the comment; to negate twice write -(-x)',
    zh: '请删去注释；要两次取负请写 `-(-x)`',
  },
  'formula.hint.semicolon': {
    en: 'a formula is a single expression; remove the `;`',
    zh: '公式只有一个表达式，请删去 `;`',
  },
  'formula.hint.bang': {
    en: 'write `!=` for "not equal", or `not` to negate a condition',
    zh: '“不等于”请写 `!=`，否定一个条件请写 `not`',
  },
  'formula.hint.and_or': { en: 'write `and` / `or` to combine conditions', zh: '组合条件请写 `and` / `or`' },
  'formula.hint.percent': {
    en: 'write a percentage as a ratio (a / b); the KPI’s unit decides how it is shown',
    zh: '百分比请写成比值（a / b），显示方式由 KPI 的单位决定',
  },
  'formula.hint.power': {
    en: 'powers are not supported; multiply instead (x * x)',
    zh: '不支持乘方，请改用乘法（x * x）',
  },
  'formula.hint.brackets': { en: 'group with round parentheses ( )', zh: '请用圆括号 `( )` 分组' },
  'formula.hint.dot': {
    en: 'names cannot contain `.`; a number needs a digit after its decimal point',
    zh: '名称里不能有 `.`；数字的小数点后要有数字',
  },
  'formula.hint.curly_quotes': {
    en: "put text in straight single quotes, e.g. 'douyin'",
    zh: "文字请放在半角单引号里，例如 `'douyin'`",
  },
  'formula.hint.fullwidth': { en: 'use ASCII punctuation: ( ) and ,', zh: '请用半角标点：`( )` 和 `,`' },
  'formula.hint.non_ascii': {
    en: "names use only the letters A–Z, digits and _; put other text in single quotes, e.g. '抖音'",
    zh: "名称只能用字母 A–Z、数字和 _；其他文字请放在单引号里，例如 '抖音'",
  },
  'formula.hint.number_forms': {
    en: 'numbers look like 12, 1.5, .5, 1e3 or 1_000; names start with a letter or _',
    zh: '数字形如 12、1.5、.5、1e3 或 1_000；名称以字母或 _ 开头',
  },
  'formula.hint.close_text': {
    en: "end it with ' (write '' for a quote inside the text)",
    zh: "请以 ' 结束（文字中的单引号写作 ''）",
  },
  'formula.hint.split': {
    en: 'split it into smaller KPIs that refer to each other',
    zh: '请拆成几个相互引用的较小 KPI',
  },
  'formula.hint.not_in': {
    en: 'after a value, `not` can only start `not in (…)`',
    zh: '值之后的 `not` 只能用于 `not in (…)`',
  },
  'formula.hint.missing_operator': {
    en: 'is an operator or a comma missing before it?',
    zh: '它前面是不是少了运算符或逗号？',
  },
  'formula.hint.combine_comparisons': {
    en: 'combine two comparisons with `and`, e.g. a > 1 and a < 5',
    zh: '两个比较请用 `and` 连接，例如 `a > 1 and a < 5`',
  },
  'formula.hint.parenthesise_not': {
    en: 'put the negated condition in parentheses, e.g. a and (not b)',
    zh: '请把否定的条件放进括号，例如 `a and (not b)`',
  },
  'formula.hint.add_close': { en: 'add a `)`', zh: '请补上 `)`' },
  'formula.hint.fix_first': { en: 'fix these first', zh: '请先改正这些' },
  'formula.hint.is_function': {
    en: '`{name}` is a function: call it as {usage, usage}',
    zh: '`{name}` 是函数：请这样调用 {usage, usage}',
  },
  'formula.hint.not_a_function': {
    en: '`{name}` is a {kind, kind}, not a function',
    zh: '`{name}` 是{kind, kind}，不是函数',
  },
  'formula.hint.the_functions': {
    en: 'the functions are {names, commas}',
    zh: '可用的函数有 {names, commas}',
  },
  'formula.hint.alias.average': {
    en: 'an average is a division, e.g. spend / count(campaign) or sum(x) / count(content)',
    zh: '平均值就是除法，例如 `spend / count(campaign)` 或 `sum(x) / count(content)`',
  },
  'formula.hint.alias.coalesce': { en: 'use coalesce(x, 0)', zh: '请用 `coalesce(x, 0)`' },
  'formula.hint.alias.nullif': {
    en: 'use safe_div(a, b) to divide without failing on zero',
    zh: '请用 `safe_div(a, b)`，除以零时不会出错',
  },
  'formula.hint.alias.divide': { en: 'use safe_div(a, b) or a / b', zh: '请用 `safe_div(a, b)` 或 `a / b`' },
  'formula.hint.alias.iferror': { en: 'use safe_div(a, b, 0)', zh: '请用 `safe_div(a, b, 0)`' },
  'formula.hint.alias.countif': {
    en: 'use count_if(content, likes >= 1000)',
    zh: '请用 `count_if(content, likes >= 1000)`',
  },
  'formula.hint.alias.count_distinct': {
    en: 'count(x) already counts distinct values',
    zh: '`count(x)` 统计的本就是不同取值的个数',
  },
  'formula.hint.alias.prior': {
    en: 'use prior(x) for the previous period',
    zh: '上一周期的值请用 `prior(x)`',
  },
  'formula.hint.alias.condition': {
    en: 'conditions only go inside count_if(…)',
    zh: '条件只能写在 `count_if(…)` 里',
  },
  'formula.hint.text_in_filters': {
    en: "text goes in filters, e.g. channel = 'douyin'",
    zh: "文字应写在筛选条件里，例如 `channel = 'douyin'`",
  },
  'formula.hint.kpi_computes_number': {
    en: 'a KPI formula computes a number, e.g. clicks / impressions; count_if(content, likes >= 1000) counts the items that meet a condition',
    zh: 'KPI 公式计算一个数字，例如 `clicks / impressions`；`count_if(content, likes >= 1000)` 统计满足条件的项数',
  },
  'formula.hint.count_if_counts': {
    en: 'count_if(content, likes >= 1000) counts the items that meet a condition',
    zh: '`count_if(content, likes >= 1000)` 统计满足条件的项数',
  },
  'formula.hint.compare_numbers': {
    en: 'compare numbers, e.g. likes >= 1000, and combine conditions with and / or',
    zh: '请比较数字，例如 `likes >= 1000`，并用 `and` / `or` 组合条件',
  },
  'formula.hint.use_outside': {
    en: 'use {name} outside {within}(…)',
    zh: '请在 `{within}(…)` 之外使用 `{name}`',
  },
  'formula.hint.compare_measures': {
    en: 'compare measures, e.g. count_if(content, likes >= 1000)',
    zh: '请比较度量，例如 `count_if(content, likes >= 1000)`',
  },
  'formula.hint.closing_value': {
    en: 'use the measure itself for its closing value, or opening({name})',
    zh: '期末值请直接用该度量，期初值用 `opening({name})`',
  },
  'formula.hint.count_if_totals': {
    en: "count_if compares each item's totals; a snapshot measure holds levels, not totals",
    zh: '`count_if` 比较每一项的合计；快照度量记录的是水平值，不是合计',
  },
  'formula.hint.facts_for_count': {
    en: 'measures in count_if({dimension}, …) must come from: {facts, commas}',
    zh: '`count_if({dimension}, …)` 中的度量必须来自：{facts, commas}',
  },
  'formula.hint.unit': {
    en: 'a plain number adapts to any unit, but measures and KPIs keep theirs',
    zh: '纯数可适应任何单位，但度量和 KPI 保持各自的单位',
  },
  'formula.hint.apply_to_result': {
    en: 'apply it to the result instead, e.g. {name}({within}(x))',
    zh: '请改为作用于结果，例如 `{name}({within}(x))`',
  },
  'formula.hint.one_fact': {
    en: 'compute each on its own and combine the results outside',
    zh: '请分别计算，再在外面组合结果',
  },
  'formula.hint.total_itself': {
    en: 'for the total of {name} write {name} itself',
    zh: '要得到 `{name}` 的合计，直接写 `{name}`',
  },
  'formula.hint.compare_instead': {
    en: 'compare numbers instead, e.g. likes = 0 or likes >= 1000',
    zh: '请改为比较数字，例如 `likes = 0` 或 `likes >= 1000`',
  },
  'formula.hint.plain_number_fits': {
    en: 'a plain number such as 0 always fits',
    zh: '0 这样的纯数总是合适的',
  },
  'formula.hint.opening_levels': {
    en: "only levels such as followers have an opening value; for the previous period's total use prior({name})",
    zh: '只有粉丝数这样的水平值才有期初值；上一周期的合计请用 `prior({name})`',
  },
  'formula.hint.prior_once': {
    en: 'one prior(…) already looks one period back',
    zh: '一个 `prior(…)` 已经回看一个周期',
  },
  'formula.hint.quote_text_values': {
    en: "write text values in quotes, e.g. ('1', '2')",
    zh: "文字值请加引号，例如 `('1', '2')`",
  },
  'formula.hint.kpi_count_if': {
    en: 'e.g. a KPI count_if(content, likes >= 1000)',
    zh: '例如 KPI `count_if(content, likes >= 1000)`',
  },
  'formula.hint.filter_compares': {
    en: "a filter compares dimensions with values, e.g. channel = 'douyin'",
    zh: "筛选条件把维度与值比较，例如 `channel = 'douyin'`",
  },

  // The query around a formula: KPIs, dimensions, dates, the filter.
  'query.problems': { en: '{problems, semicolons}', zh: '{problems, semicolons}' },
  'query.unknown_kpi': { en: 'unknown KPI `{name}`', zh: '未知的 KPI `{name}`' },
  'query.unknown_dimension': { en: 'unknown dimension `{name}`', zh: '未知的维度 `{name}`' },
  'query.date_dimension': {
    en: '`date` is the time axis, not a dimension',
    zh: '`date` 是时间轴，不是维度',
  },
  'query.kpi_lacks_dimension': {
    en: 'KPI `{kpi}` reads {fact, factName} ({table}), which has no dimension `{dimension}`',
    zh: 'KPI `{kpi}` 读取的{fact, factName}（{table}）没有维度 `{dimension}`',
  },
  'query.count_if_one_fact': {
    en: 'KPI `{kpi}`: a count_if condition must read measures of one fact',
    zh: 'KPI `{kpi}`：`count_if` 的条件只能读取同一事实表的度量',
  },
  'query.hint.drop_dimension': {
    en: 'drop `{dimension}` from the breakdown or filter, or query `{kpi}` separately; {table} has: {dimensions, commas}',
    zh: '请从拆分或筛选中去掉 `{dimension}`，或单独查询 `{kpi}`；{table} 有：{dimensions, commas}',
  },
  'query.not_a_date': {
    en: '`{field}` is not a calendar date: {value}',
    zh: '`{field}` 不是有效的日期：{value}',
  },
  'query.not_a_date_value': { en: 'not a calendar date: {value}', zh: '不是有效的日期：{value}' },
  'query.invalid': { en: 'the query is not valid', zh: '查询无效' },
  'query.filter_unreadable': { en: 'the filter could not be read', zh: '无法读取筛选条件' },
  'query.filter_invalid': { en: 'the filter is not valid', zh: '筛选条件无效' },
  // A request's field given a value it does not take (zod's enums: a grain, a comparison, …).
  'request.invalid_option': {
    en: 'Invalid option: expected one of {options}',
    zh: '取值无效，应为以下之一：{options}',
  },
  'query.hint.kpi_list': { en: 'run `markpi kpis` for the list', zh: '运行 `markpi kpis` 查看列表' },
  'query.hint.dimensions': { en: 'dimensions: {names, commas}', zh: '可用的维度：{names, commas}' },
  'query.hint.day_grain': { en: 'use grain `day` (or `--by day`)', zh: '请用粒度 `day`（或 `--by day`）' },
} as const satisfies MessageTable;

export type FormulaMessageKey = keyof typeof FORMULA_MESSAGES;

const KIND_WORDS: Readonly<Record<string, string>> = { measure: '度量', KPI: ' KPI', dimension: '维度' };
const AGGREGATION_WORDS: Readonly<Record<string, string>> = {
  sum: '累加',
  distinct: '去重计数',
  snapshot: '快照',
};
/** Words of `describeUnit`, longest first so a phrase is taken before its parts. */
const UNIT_WORDS: readonly (readonly [string, string])[] = [
  ['a plain number (ratio)', '纯数（比率）'],
  ['a plain number', '纯数'],
  ['unknown', '未知单位'],
  [' per ', '每'],
  ['money', '金额'],
  ['count', '计数'],
  ['seconds', '秒'],
];

export const FORMULA_FORMATS: Readonly<Record<string, MessageFormat>> = {
  /** What a name is: `measure`, `KPI` or `dimension` ("a measure" in English after "is a"). */
  kind: (value, language) =>
    language === 'zh' ? (KIND_WORDS[String(value)] ?? String(value)) : String(value),
  /** A measure's aggregation: `sum`, `distinct`, `snapshot`. */
  aggregation: (value, language) =>
    language === 'zh' ? (AGGREGATION_WORDS[String(value)] ?? String(value)) : String(value),
  /** A unit as `describeUnit` says it ("money per count"). */
  unit: (value, language) => {
    const text = String(value);
    if (language !== 'zh') return text;
    let said = text;
    for (const [english, chinese] of UNIT_WORDS) said = said.replaceAll(english, chinese);
    return said;
  },
  /** A piece of formula to write (a function's usage, whose alternatives are joined by "or"); code in Chinese. */
  usage: (value, language) =>
    language === 'zh'
      ? String(value)
          .split(' or ')
          .map((part) => `\`${part}\``)
          .join(' 或 ')
      : String(value),
  /** A 0-based offset into the text, counted from 1 in Chinese ("第 4 个字符", as the field's list says). */
  offset: (value, language) => (language === 'zh' ? String(Number(value) + 1) : String(value)),
  /** A fact by its id in English ("performance") and its name in Chinese. */
  fact: (value, language) =>
    language === 'zh' ? (FACTS.find((fact) => fact.id === value)?.name.zh ?? String(value)) : String(value),
  /** A fact by its name in either language. */
  factName: (value, language) => FACTS.find((fact) => fact.id === value)?.name[language] ?? String(value),
  /** A count of arguments: "1 argument", "2 arguments". */
  arguments: (value, language) => {
    const count = Number(value);
    if (language === 'zh') return `${count} 个参数`;
    return `${count} argument${count === 1 ? '' : 's'}`;
  },
};

const templateOf = (key: string) =>
  Object.hasOwn(FORMULA_MESSAGES, key) ? FORMULA_MESSAGES[key as FormulaMessageKey] : undefined;

/** A formula message in `language`, by this table alone (the formula language cannot reach the catalog). */
export function sayFormula(said: Said, language: MessageLanguage): string {
  return sayMessage(said, language, { template: templateOf, formats: FORMULA_FORMATS });
}

/** A formula message as a key and parameters. */
export function formulaSaid(key: FormulaMessageKey, params: Said['params'] = {}): Said {
  return { key, params };
}

/** "did you mean `a` or `b`?" for the names closest to `unknown`, or undefined when none is close. */
export function didYouMeanSaid(unknown: string, known: Iterable<string>): Said | undefined {
  const names = closestNames(unknown, known);
  return names.length > 0
    ? formulaSaid('formula.hint.did_you_mean', { names: names.map((name) => `\`${name}\``) })
    : undefined;
}

/**
 * A problem with its message and hint said in English from their keys, and its message carrying
 * the hint in the parameter `hint`, so a client says both in its own language.
 */
export function formulaProblem(
  said: Said,
  hint?: Said,
  place: Omit<Problem, 'message' | 'hint' | 'said'> = {},
): Problem {
  return {
    message: sayFormula(said, 'en'),
    ...place,
    ...(hint ? { hint: sayFormula(hint, 'en') } : {}),
    said: hint ? { key: said.key, params: { ...said.params, hint } } : said,
  };
}

/** The hint a problem's message carries as a key and parameters (see `formulaProblem`), if any. */
export function problemHint(problem: Pick<Problem, 'said'>): Said | undefined {
  const hint = problem.said?.params.hint;
  return typeof hint === 'object' && hint !== null && !Array.isArray(hint) ? (hint as Said) : undefined;
}
