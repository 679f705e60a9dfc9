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
