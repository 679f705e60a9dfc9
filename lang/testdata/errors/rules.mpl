policy "p" {
    insutype 310
    source "s"
}
benefit c {
    covers 普通住院
    when age > 200 and false // ### `benefit c can never apply: its condition is always false`
    ratio 85%
}
---
policy "p" {
    insutype 310
    source "s"
}
benefit a {
    covers 普通住院, 外伤住院
    ratio 85%
}
benefit b { // ### `benefit b can never apply to 外伤住院: benefit a above already covers it`
    covers 外伤住院
    ratio 90%
}
---
// A conditional benefit does not shadow a later one.
policy "p" {
    insutype 310
    source "s"
}
enum psn_type {
    在职 = 1101
    退休 = 1201
}
benefit a {
    covers 普通住院
    when psn_type == 退休
    ratio 92%
}
benefit b {
    covers 普通住院
    ratio 85%
}
---
policy "p" { // ### `has no benefit`
    insutype 310
    source "s"
}
---
policy "p" {
    insutype 310
    source "s"
}
benefit a { // ### `refuses its claims, so its ratio`
    covers 普通住院
    ratio 85%
    refuse "no figures"
}
benefit b {
    covers 普通门诊
    refuse medins "no figures" // ### `refuse names a claim field, not "medins"`
}
benefit c {
    covers 急诊
    refuse medins_lv "" // ### `refuse needs a reason`
}
benefit d {
    covers 门诊慢特病
    ratio 85%
    cap ¥6 per visit when medins_lv == 三级 and false // ### `this cap can never apply`
}
---
policy "p" {
    insutype 310
    source "s"
}
benefit a {
    covers 普通住院
    when medins_lv == 一级
    refuse medins_lv "level 1 is not given"
}
benefit b {
    covers 普通住院
    ratio 85%
    cap ¥6 per visit when medins_lv == 基层
}
---
// One named limit given two amounts: every cap draws on one yearly total,
// so the smaller ceiling would count the other benefit's payments too.
policy "p" {
    insutype 310
    source "s"
}
param 统筹限额 = ¥400000
param 门慢限额 = ¥6000
benefit 住院 {
    covers 普通住院
    ratio 85%
    cap 统筹限额 per year limit 统筹年度限额
}
benefit 门慢 {
    covers 门诊慢特病
    ratio 80%
    cap 门慢限额 per year limit 统筹年度限额 // ### `limit 统筹年度限额 is capped at 门慢限额 \(¥6000\) here but at 统筹限额 \(¥400000\) in benefit 住院 \(line 12\)`
}
fund 大病 {
    code 390200
    ratio 60%
    cap ¥400000 per year limit 统筹年度限额
}
---
// The same amount by name or by value, a cap of its own beside the shared
// one, and ceilings that conditions give to different claims.
policy "p" {
    insutype 310
    source "s"
}
param 统筹限额 = ¥400000
benefit 住院 {
    covers 普通住院
    ratio 85%
    cap 统筹限额 per year limit 统筹年度限额
    cap ¥6000 per year limit 门诊 when psn_type == 职工在职
}
benefit 门慢 {
    covers 门诊慢特病
    ratio 80%
    cap ¥400000 per year limit 统筹年度限额
    cap ¥6000 per year
    cap ¥8000 per year limit 门诊 when psn_type == 职工退休
}
