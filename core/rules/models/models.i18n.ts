import { registerMessages } from '../../i18n/i18n';

// Why a warning model was refused (model-definition.ts), in the request's language; `{field}` is the exact part.
registerMessages({
  'model.unknown_plugin': { zh: '{field}：本单位未启用插件“{plugin}”', en: '{field}: plugin "{plugin}" is not enabled for this institution' },
  'model.unknown_record_type': { zh: '{field}：插件“{plugin}”没有记录类型“{type}”', en: '{field}: plugin "{plugin}" has no record type "{type}"' },
  'model.unknown_field': { zh: '{field}：记录类型“{type}”没有字段“{name}”', en: '{field}: record type "{type}" has no field "{name}"' },
  'model.field_unfit': { zh: '{field}：字段“{name}”（{fieldType}）不能用于此处', en: '{field}: field "{name}" ({fieldType}) cannot be used here' },
  'model.operator_unfit': { zh: '{field}：运算“{operator}”不适用于字段“{name}”（{fieldType}），可用：{allowed}', en: '{field}: operator "{operator}" does not fit field "{name}" ({fieldType}); allowed: {allowed}' },
  'model.value_unfit': { zh: '{field}：取值与字段“{name}”（{fieldType}）的类型不符', en: '{field}: the value does not fit field "{name}" ({fieldType})' },
  'model.range_bound': { zh: '{field}：范围须至少填写起（from）或止（to）', en: '{field}: a range needs from or to' },
  'model.duplicate': { zh: '{field}：字段重复', en: '{field}: a field is listed twice' },
  'model.window_field': { zh: '{field}：时间窗口须指定一个日期字段', en: '{field}: a window needs a date field' },
  'model.window_span': { zh: '{field}：时间窗口须指定天数（days）或期间（period：month、quarter、year）之一', en: '{field}: a window needs either days or a period (month, quarter, year)' },
  'model.integer_between': { zh: '{field}：须为 {min} 至 {max} 的整数', en: '{field}: must be a whole number from {min} to {max}' },
  'model.measure_no_field': { zh: '{field}：计数不需要字段', en: '{field}: a count takes no field' },
  'model.share_part': { zh: '{field}：占比须以筛选条件说明计入分子的部分', en: '{field}: a share needs filters saying which part it measures' },
  'model.share_only': { zh: '{field}：只有占比才有分子条件', en: '{field}: only a share has a part' },
  'model.threshold_whole': { zh: '{field}：阈值须为不小于 0 的整数', en: '{field}: the threshold must be a whole number, 0 or more' },
  'model.threshold_fen': { zh: '{field}：金额阈值须为以分为单位的整数', en: '{field}: a money threshold must be whole fen' },
  'model.threshold_number': { zh: '{field}：阈值须为不小于 0 的数字', en: '{field}: the threshold must be a number, 0 or more' },
  'model.threshold_percent': { zh: '{field}：占比阈值须为 0 至 100 的百分数', en: '{field}: a share threshold must be a percent from 0 to 100' },
  'model.person_grouped': { zh: '{field}：当事人字段须同时是分组字段', en: '{field}: the person field must also be a group field' },
  'model.unknown_placeholder': { zh: '{field}：占位符“{{name}}”未知，可用：{allowed}', en: '{field}: unknown placeholder "{{name}}"; allowed: {allowed}' },
  'model.config_owned': { zh: '本模型由配置文件 {file} 定义，请在配置文件中修改', en: 'This model is defined in the config file {file}: change it there' },
  'model.exists': { zh: '本单位已有标识为“{id}”的模型', en: 'The institution already has a model "{id}"' },
  'model.reason_required': { zh: '{field}：请说明修改理由', en: '{field}: say why' },
  'model.import_format': { zh: '{field}：不是本平台导出的模型文件', en: '{field}: not a model file exported by this platform' },
});
