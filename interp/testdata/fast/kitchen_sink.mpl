// A policy that uses every expression and rule the fast path plans, for
// TestSettleFastMatchesDecimal: age and admission, division, min/max, in,
// not, conditionals, two-key tables, bands on the pooled and further funds,
// schedules, remote care, caps per visit, per year and on a shared limit,
// and a cap that works out to a fraction of a fen (rounded to the fen by
// the policy's rounding, on both paths). The test settles it under each
// rounding mode.
policy "kitchen sink" {
    insutype  310
    effective 2025-01-01 to 2025-12-31
    source    "fast path test" year 2025
    rounding  half_even
}
enum psn_type {
    在职 = 1101
    退休 = 1201
}
param 年龄加成 = min(95%, 80% + 1% * (age - 60) / 3)
param 住院比例 = table by psn_type, medins_lv {
    在职, 三级: 85%
    在职, _:    87.5%
    退休, _:    91.25%
}
benefit 老人住院 {
    covers     普通住院
    when       age >= 70 and not cvlserv_flag
    deductible ¥800 per admission schedule [100%, 33.3%, ¥100.5]
    ratio      年龄加成
    adjust     × 97.5% when medins_lv in [一级, 二级]
    remote by mdtrt_area, remote_filing {
        省内异地, 临时: × 90%
        跨省异地, _:    - 5%
        default:        × 100%
    }
    cap        ¥1001 × 33.33% per visit when medins_lv == 一级 and psn_type == 退休
    cap        ¥200000 per year limit 统筹
    cap        ¥120000 per year
}
benefit 门诊 {
    covers     普通门诊
    deductible ¥200 per year pool 门诊
    ratio      bands { 0..1000: 50%, 1000..5000: 60.5%, 5000..: 70% }
    adjust     + 5% when psn_type == 退休
    cap        ¥3000 per year
}
benefit 门诊慢特病 {
    covers     门诊慢特病
    deductible (if psn_type == 退休 then ¥100 else ¥300) per year pool 门诊
    ratio      if admission > 2 then 90% else 80%
    adjust     = 75% when admission >= 5 or medins_lv != 三级
}
benefit 住院 {
    covers     普通住院, 外伤住院
    deductible max(¥500, ¥1200 - ¥100 * (admission - 1)) per admission
    ratio      住院比例
    cap        ¥200000 per year limit 统筹
    cap        ¥50000 per visit
}
fund 大额 {
    code    330100
    base    share
    ratio   90%
    cap     ¥300000 per year
    applies 住院, 老人住院
}
fund 大病 {
    code  390200
    base  oop
    ratio bands { 5000..10000: 65%, 10000..18000: 70.5%, 18000..: 80% }
    cap   ¥200000 per year limit 统筹
    cap   ¥100000 per year
    when  not cvlserv_flag
}
fund 公务员 {
    code  320100
    base  share
    ratio bands { 0..2000: 30%, 2000..: 50% }
    when  cvlserv_flag
}
fund 救助 {
    code  610100
    base  oop
    ratio 10%
    when  cvlserv_flag and age < 18
}
