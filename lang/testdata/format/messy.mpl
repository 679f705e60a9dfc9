// A policy written carelessly: odd spacing, one-line and multi-line
// tables, comments everywhere. mpl fmt must keep every comment and the
// meaning.
policy   "某市职工医保（示例）"{
  region "999900"   // not a real region
  insutype 310
    effective 2025-01-01 to 2025-12-31
  source "某市医疗保障局关于职工医保待遇的通知" by "某市医疗保障局" number "某医保〔2025〕1号" year 2025 url "https://example.invalid/notice"
  rounding half_up
  account all
  note "a formatter test, not a real policy"
}
enum psn_type {
  在职 = 1101,1102
  退休=1201
  离休 // no code of its own
}
param 住院起付线: money = match psn_type { 在职: ¥1500, 退休: 1200 元, 离休: ¥0 }
param 住院比例 = table by medins_lv, psn_type {
    三级 , 在职 : 85%  // level 3
    三级|二级, 退休: 90%
    default : 88%
}
param 大病分段 = bands { 0..500: 25%, 500..10000: 65%,
  10000..: 50% }
param 次数上限: count = 3
param 开始 = 2025-01-01
benefit 住院 "普通住院" {
    covers 普通住院,外伤住院
    when not (mdtrt_area == 跨省异地) and psn_type in [在职,退休]
  deductible 住院起付线 per admission pool 住院 schedule [100%, 50%,0%]
    ratio min(住院比例 + 5%, 95%)
  adjust + 10% when medins_lv == 基层
    adjust × 90%
  remote by mdtrt_area {
     省内异地: - 5%
     default: × 100%
  }
  // caps
  cap ¥460000 per year limit 统筹年度限额
  cap if psn_type == 在职 then ¥1000 else ¥2000 per visit when medins_lv == 药店
}
benefit 不给 {
  covers 门诊挂号
  refuse med_type "the notice says nothing of registration fees"
}
fund 大病保险 "大病保险" {
  code 390200
  applies 住院
  base oop
  ratio 大病分段
  cap ¥300000 per year
}
param 年龄比例 = if age >= 60 // 60岁以上
    then 90%                  // 《通知》第三条
    else 85%                  // 《通知》第二条
fund 补充 {
  code 370100
  applies 住院
  base share
  ratio 50%
}
account {
  share 配偶,子女
}
// trailing comment at the end
